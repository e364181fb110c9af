package dev.augment.core.internal.lifecycle;

import dev.augment.api.Api;
import dev.augment.api.Extensions;
import dev.augment.api.Subscription;
import dev.augment.core.internal.hooks.HookBus;
import dev.augment.core.internal.hooks.PluginChannel;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every plugin's views of its extension points, for one host: what {@code
 * PluginContext.extensions(type)} returns, and the change notifications after each swap.
 *
 * <p>A view holds no state of its own that could disagree with the registry: each read takes the
 * registry's current snapshot and asks it for the providers, remembering the answer for that very
 * snapshot only. So a view changes exactly when the registry swaps, in the same atomic step, and a
 * reader sees the providers of one snapshot, never a mix. After the swap, {@link #refresh()} tells
 * the listeners of the views whose providers changed, on their plugins' hook threads, waiting for
 * each at most {@link HookBus#WAIT_BUDGET}, as {@code emitAndWait} does for a hook handler.
 */
@Api.Internal
public final class ExtensionViews {

  private final ExtensionSource source;
  private final List<View<?>> views = new CopyOnWriteArrayList<>();

  /**
   * Creates the views of a host.
   *
   * @param source the host's registry
   */
  public ExtensionViews(ExtensionSource source) {
    this.source = source;
  }

  /**
   * Tells the listeners of every view whose providers changed since they were last told; called
   * after each swap of the registry, on the reloading thread.
   */
  public void refresh() {
    for (View<?> v : views) {
      v.refresh();
    }
  }

  /** Opens a view for a plugin; closed with its context. */
  <S> View<S> open(String plugin, ModuleLayer owner, Class<S> type, PluginChannel channel) {
    View<S> v = new View<>(plugin, owner, type, channel);
    views.add(v);
    return v;
  }

  /** How many views are open: for tests that a torn-down plugin leaves none behind. */
  int open() {
    return views.size();
  }

  /** The providers as one snapshot had them. */
  private record Seen<S>(ExtensionSource.State state, List<S> providers) {}

  /** One plugin's view of one of its extension points. */
  final class View<S> implements Extensions<S> {
    private final String plugin;
    private final ModuleLayer owner;
    private final Class<S> type;
    private final PluginChannel channel;
    private final List<Consumer<? super List<S>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Seen<S> seen;
    private volatile boolean closed;

    /** What the listeners were last told, or what the view held when it was opened. */
    private List<S> told;

    private View(String plugin, ModuleLayer owner, Class<S> type, PluginChannel channel) {
      this.plugin = plugin;
      this.owner = owner;
      this.type = type;
      this.channel = channel;
      this.told = current();
    }

    @Override
    public Class<S> type() {
      return type;
    }

    @Override
    public List<S> current() {
      if (closed) {
        return List.of();
      }
      ExtensionSource.State now = source.current();
      Seen<S> s = seen;
      if (s != null && s.state() == now) {
        return s.providers();
      }
      List<S> providers = now.extensions(owner, type);
      seen = new Seen<>(now, providers);
      return providers;
    }

    @Override
    public Subscription onChange(Consumer<? super List<S>> listener) {
      Objects.requireNonNull(listener, "listener");
      if (closed) {
        throw new IllegalStateException("plugin '" + plugin + "' is torn down");
      }
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }

    private void refresh() {
      List<S> now = current();
      synchronized (this) {
        if (closed || sameInstances(told, now)) {
          return;
        }
        told = now;
      }
      for (Consumer<? super List<S>> l : listeners) {
        channel.runAndWait(Extensions.class, () -> l.accept(now), HookBus.WAIT_BUDGET.toNanos());
      }
    }

    /** Drops the listeners and everything the view remembers; it reads as empty from now on. */
    void close() {
      synchronized (this) {
        closed = true;
        told = List.of();
      }
      views.remove(this);
      listeners.clear();
      seen = null;
    }

    @Override
    public String toString() {
      return "extensions of " + type.getName() + " owned by " + plugin;
    }
  }

  private static boolean sameInstances(List<?> a, List<?> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }
}
