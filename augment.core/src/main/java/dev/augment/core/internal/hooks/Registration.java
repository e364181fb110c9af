package dev.augment.core.internal.hooks;

import dev.augment.api.Subscription;
import java.util.List;
import java.util.function.Consumer;

/**
 * One handler for one event type; closing it removes it from the list it is in.
 *
 * @param <E> the event type
 */
final class Registration<E> implements Subscription {

  final Class<E> type;
  private final Consumer<? super E> handler;
  private final List<Registration<?>> owner;

  Registration(Class<E> type, Consumer<? super E> handler, List<Registration<?>> owner) {
    this.type = type;
    this.handler = handler;
    this.owner = owner;
  }

  boolean accepts(Object event) {
    return type.isInstance(event);
  }

  void deliver(Object event) {
    handler.accept(type.cast(event));
  }

  @Override
  public void close() {
    owner.remove(this);
  }
}
