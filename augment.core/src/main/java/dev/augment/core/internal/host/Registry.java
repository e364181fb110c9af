package dev.augment.core.internal.host;

import dev.augment.core.Plugin;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginLayer;
import dev.augment.core.internal.lifecycle.PluginRuntime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place a host's plugin state lives: an immutable snapshot behind an atomic reference.
 *
 * <p>Readers take the current snapshot and never see a half-finished reload; a reload builds a new
 * snapshot and swaps it in with one atomic step.
 *
 * @param <T> the contract type
 */
public final class Registry<T> {

  /**
   * A plugin in the registry with the layer that holds it.
   *
   * @param <T> the contract type
   * @param plugin what the host sees
   * @param layer the handle to close when the plugin is dropped
   * @param runtime its lifecycle, context and audit
   */
  public record Entry<T>(Plugin<T> plugin, PluginLayer layer, PluginRuntime runtime) {

    /**
     * Returns the hash of the content this entry was loaded from.
     *
     * @return the fingerprint
     */
    public String fingerprint() {
      return layer.directory().getFileName().toString();
    }

    /** Tears the plugin down, then drops its layer. */
    public void drop() {
      try {
        runtime.teardown();
      } finally {
        layer.close();
      }
    }
  }

  /**
   * One consistent state of the registry.
   *
   * @param <T> the contract type
   * @param byName the registered plugins by name, sorted
   * @param failures the plugins skipped by the reload that made this snapshot
   */
  public record Snapshot<T>(Map<String, Entry<T>> byName, List<PluginFailure> failures) {
    /** Copies the entries into a sorted, unmodifiable map. */
    public Snapshot {
      byName = Collections.unmodifiableMap(new TreeMap<>(byName));
      failures = List.copyOf(failures);
    }

    /**
     * Returns the registered plugins, sorted by name.
     *
     * @return the plugins
     */
    public List<Plugin<T>> plugins() {
      return byName.values().stream().map(Entry::plugin).toList();
    }
  }

  private final AtomicReference<Snapshot<T>> current =
      new AtomicReference<>(new Snapshot<>(Map.of(), List.of()));

  /**
   * Returns the current snapshot.
   *
   * @return the snapshot
   */
  public Snapshot<T> snapshot() {
    return current.get();
  }

  /**
   * Replaces the snapshot in one atomic step.
   *
   * @param next the new snapshot
   * @return the snapshot it replaced, whose layers the caller may now close
   */
  public Snapshot<T> swap(Snapshot<T> next) {
    return current.getAndSet(next);
  }
}
