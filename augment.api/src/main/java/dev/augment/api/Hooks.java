package dev.augment.api;

import java.util.function.Consumer;

/**
 * Subscribes a plugin to the host's events.
 *
 * <p>Event types are records the host declares. When the host emits without waiting, one plugin's
 * handlers run one at a time, in the order the events were emitted, on a thread the framework owns;
 * when the host emits and waits, they run on the host's thread (see {@code docs/hooks.md}). A
 * handler that throws is logged and reported to {@link HookFailure} subscribers; it never stops
 * other handlers. An event of a type a capability guards reaches only plugins granted it, whatever
 * type they subscribed to.
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
