package dev.augment.testkit;

import dev.augment.api.Api;
import dev.augment.api.Hooks;
import dev.augment.api.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hooks for unit tests: records what a plugin subscribes to, emits events to it synchronously, and
 * keeps what its handlers threw.
 *
 * <pre>{@code
 * TestPluginContext context = TestPluginContext.named("access-log").build();
 * plugin.setup(context);
 * context.hooks().emit(new RequestEnd("/hello", 200, 1_000));
 * assertEquals(List.of(), context.hooks().failures());
 * }</pre>
 */
@Api.Stable
public final class HookRecorder implements Hooks {

  private record Handler(Class<?> type, Consumer<Object> handler) {}

  private final List<Handler> handlers = new CopyOnWriteArrayList<>();
  private final List<Object> emitted = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();

  /** Creates an empty recorder. */
  public HookRecorder() {}

  @Override
  @SuppressWarnings("unchecked")
  public <E> Subscription on(Class<E> eventType, Consumer<? super E> handler) {
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(handler, "handler");
    Handler h = new Handler(eventType, e -> ((Consumer<Object>) handler).accept(e));
    handlers.add(h);
    return () -> handlers.remove(h);
  }

  /**
   * Delivers an event to every matching handler, on the caller's thread, in subscription order. A
   * handler that throws is recorded in {@link #failures()} and the others still run.
   *
   * @param event the event
   * @return how many handlers received it
   */
  public int emit(Object event) {
    emitted.add(event);
    int delivered = 0;
    for (Handler h : handlers) {
      if (h.type().isInstance(event)) {
        delivered++;
        try {
          h.handler().accept(event);
        } catch (RuntimeException | AssertionError e) {
          failures.add(e);
        }
      }
    }
    return delivered;
  }

  /**
   * Tells whether some handler listens to events of a type.
   *
   * @param eventType the event type
   * @return {@code true} if a live subscription would receive such an event
   */
  public boolean isSubscribed(Class<?> eventType) {
    return handlers.stream().anyMatch(h -> h.type().isAssignableFrom(eventType));
  }

  /**
   * Returns how many subscriptions are live; after teardown it should be 0.
   *
   * @return the count
   */
  public int subscriptionCount() {
    return handlers.size();
  }

  /**
   * Returns every event emitted so far.
   *
   * @return the events, in order
   */
  public List<Object> emitted() {
    return new ArrayList<>(emitted);
  }

  /**
   * Returns what handlers threw.
   *
   * @return the failures, in order
   */
  public List<Throwable> failures() {
    return new ArrayList<>(failures);
  }
}
