package dev.augment.api;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A live, read-only view of the providers of an extension point a plugin owns: a service type of
 * one of the plugin's own modules, provided by the plugins that declared it as a dependency.
 *
 * <p>The view follows reloads: each call of {@link #current()}, {@link #stream()} or {@link
 * #iterator()} returns the providers as the host holds them at that moment, all from one state of
 * the host (never part from before a reload and part from after it). Only direct dependents count:
 * plugins whose manifest names this plugin in {@code dependencies}. The providers are in the order
 * of their plugins' names, each plugin's in the order its layer declares them; each is created once
 * per loaded version of its plugin, so two calls return the same instances until that plugin is
 * reloaded.
 *
 * <pre>{@code
 * public void setup(PluginContext context) {
 *   Extensions<Codec> codecs = context.extensions(Codec.class);
 *   codecs.onChange(now -> context.logger().info("{} codecs", now.size()));
 * }
 * }</pre>
 *
 * <p>During its own setup a plugin sees no providers yet: its dependents are loaded after it. It is
 * told through {@link #onChange} once they are. After the plugin's teardown the view is empty.
 *
 * @param <S> the service type
 */
@Api.Experimental
public interface Extensions<S> extends Iterable<S> {

  /**
   * Returns the service type of this extension point.
   *
   * @return the type
   */
  Class<S> type();

  /**
   * Returns the providers as they are now.
   *
   * @return an unmodifiable list, empty when no dependent provides the type
   */
  List<S> current();

  /**
   * Returns the providers as they are now, as a stream.
   *
   * @return a stream of {@link #current()}
   */
  default Stream<S> stream() {
    return current().stream();
  }

  /**
   * Returns an iterator over the providers as they are now; it does not change with later reloads.
   *
   * @return an iterator over {@link #current()}
   */
  @Override
  default Iterator<S> iterator() {
    return current().iterator();
  }

  /**
   * Subscribes to changes: after each reload that changes the providers, {@code listener} receives
   * the new list.
   *
   * <p>Listeners run on the plugin's own hook thread, one at a time, like its hook handlers, and
   * within the same budget: a listener that throws, or does not return within the budget, is logged
   * and reported as a {@link HookFailure} whose event type is {@code Extensions.class}; it stops no
   * other listener and no reload.
   *
   * @param listener what to do with the new providers
   * @return the subscription; closing it stops delivery. The framework closes it at teardown
   * @throws IllegalStateException if the plugin is torn down
   */
  Subscription onChange(Consumer<? super List<S>> listener);

  /**
   * Returns a view of {@code type} with no providers, that never changes.
   *
   * <p>Its {@link #current()} is always empty and a listener given to {@link #onChange} is never
   * called; closing the returned subscription does nothing. For the same type it returns the same
   * view. It is what {@link PluginContext#extensions} returns in a context that has no extension
   * points, such as one written for a test.
   *
   * @param <S> the service type
   * @param type the service type
   * @return the empty view
   */
  @Api.Experimental
  static <S> Extensions<S> empty(Class<S> type) {
    return EmptyExtensions.of(Objects.requireNonNull(type, "type"));
  }
}
