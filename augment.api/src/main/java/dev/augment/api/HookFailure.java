package dev.augment.api;

/**
 * The event the framework emits when a hook handler throws: the {@code onError} hook.
 *
 * <p>It is delivered to every subscriber of {@code HookFailure} except the handler that failed; a
 * {@code HookFailure} handler that throws is only logged, so failures never loop.
 *
 * @param plugin the name of the plugin whose handler threw, or {@code "host"} for a core listener
 * @param eventType the type of the event being handled
 * @param error what the handler threw
 */
@Api.Stable
public record HookFailure(String plugin, Class<?> eventType, Throwable error) {}
