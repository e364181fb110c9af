package dev.augment.api;

import java.util.function.Consumer;

/**
 * Subscribes a plugin to the host's events.
 *
 * <p>Event types are records the host declares. Handlers of one plugin run one at a time, in the
 * order the events were emitted, on a thread the framework owns (see {@code docs/hooks.md}). A
 * handler that throws is logged and reported to {@link HookFailure} subscribers; it never stops
 * other handlers.
 */
@Api.Stable
public interface Hooks {

  /**
   * Subscribes to events of a type and its subtypes.
   *
   * @param <E> the event type
   * @param eventType the event type
   * @param handler what to do with each event
   * @return the subscription; closing it stops delivery. The framework closes it at teardown
   * @throws CapabilityException if the event type is guarded and no declared capability grants it
   */
  <E> Subscription on(Class<E> eventType, Consumer<? super E> handler);
}
