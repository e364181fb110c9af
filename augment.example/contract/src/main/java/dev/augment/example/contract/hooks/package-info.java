/**
 * The example host's hook events, one record per BitKraft backend hook.
 *
 * <p>Plugins observe them with {@code context.hooks().on(RequestEnd.class, ...)} when a declared
 * capability grants them: {@code http.observe} grants the request events, {@code render.observe}
 * the render and cache events. Handler failures reach {@code dev.augment.api.HookFailure}
 * subscribers.
 */
package dev.augment.example.contract.hooks;
