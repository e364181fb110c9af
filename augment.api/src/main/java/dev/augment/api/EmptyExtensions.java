package dev.augment.api;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The view of {@link Extensions#empty}: no providers, never a change.
 *
 * <p>Package-private: callers see only {@link Extensions}. One view per type, held in a {@link
 * ClassValue} so that it goes with its type's class loader and never keeps a plugin's layer alive.
 *
 * @param <S> the service type
 * @param type the service type
 */
record EmptyExtensions<S>(Class<S> type) implements Extensions<S> {

  private static final ClassValue<EmptyExtensions<?>> VIEWS =
      new ClassValue<>() {
        @Override
        protected EmptyExtensions<?> computeValue(Class<?> type) {
          return new EmptyExtensions<>(type);
        }
      };

  @SuppressWarnings("unchecked") // VIEWS holds an EmptyExtensions<S> for the type Class<S>
  static <S> EmptyExtensions<S> of(Class<S> type) {
    return (EmptyExtensions<S>) VIEWS.get(type);
  }

  @Override
  public List<S> current() {
    return List.of();
  }

  @Override
  public Subscription onChange(Consumer<? super List<S>> listener) {
    Objects.requireNonNull(listener, "listener");
    return () -> {};
  }
}
