package dev.augment.core;

import dev.augment.api.Api;
import dev.augment.api.Subscription;
import java.util.function.Consumer;

/**
 * The host's side of the hooks: emit events, and listen to them as the core.
 *
 * <p>Core listeners run first, on the emitting thread; then each plugin's handlers, in plugin
 * registration order. {@link #emit} does not wait for plugins: each plugin has a bounded queue and
 * a thread of its own that delivers its events in emission order, so a plugin whose handler stalls
 * delays only itself. When a plugin's queue is full the new event is dropped for that plugin, and
 * counted in {@link #dropped}. {@link #emitAndWait} waits, plugin after plugin, for each plugin's
 * thread to run its handlers, at most 5 s per plugin: a stalled handler fails only its plugin (a
 * {@code HookFailure} with a {@code TimeoutException}) and never the caller. A handler that throws
 * is logged and reported as a {@link dev.augment.api.HookFailure} to every other subscriber of
 * {@code HookFailure}. See {@code docs/hooks.md}.
 */
@Api.Stable
public interface HostHooks {

  /**
   * Emits an event: core listeners now, plugins asynchronously.
   *
   * @param event the event, an instance of a type the host declares
   */
  void emit(Object event);

  /**
   * Emits an event and returns once every handler ran: core listeners on the caller's thread, each
   * plugin's handlers on its own hook thread, waited for at most 5 s per plugin. A {@code
   * HookFailure} for a handler that threw or overran reaches plugins asynchronously.
   *
   * @param event the event
   */
  void emitAndWait(Object event);

  /**
   * Adds a core listener, which runs before any plugin's handler.
   *
   * @param <E> the event type
   * @param eventType the event type
   * @param handler the listener
   * @return the subscription; close it to stop listening
   */
  <E> Subscription listen(Class<E> eventType, Consumer<? super E> handler);

  /**
   * Returns how many events a plugin missed because its queue was full.
   *
   * @param plugin the plugin's name
   * @return the count since the plugin was set up; 0 for an unknown plugin
   */
  long dropped(String plugin);
}
