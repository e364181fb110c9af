package dev.augment.core.internal.host;

import dev.augment.api.Api;
import dev.augment.core.Plugin;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginLayer;
import dev.augment.core.internal.lifecycle.ExtensionSource;
import dev.augment.core.internal.lifecycle.PluginRuntime;
import dev.augment.core.internal.plugin.Source;
import dev.augment.core.internal.plugin.Staged;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
@Api.Internal
public final class Registry<T> implements ExtensionSource {

  /**
   * A plugin in the registry with the layer that holds it.
   *
   * @param <T> the contract type
   * @param plugin what the host sees
   * @param layer the handle to close when the plugin is dropped
   * @param runtime its lifecycle, context and audit
   * @param staged its files in the cache, with their content hash
   * @param extensions the providers its layer offers to the extension points of its direct
   *     dependencies, by service type: created once, when it loaded
   */
  public record Entry<T>(
      Plugin<T> plugin,
      PluginLayer layer,
      PluginRuntime runtime,
      Staged staged,
      Map<Class<?>, List<Object>> extensions) {

    /** Copies the extension providers. */
    public Entry {
      extensions = Map.copyOf(extensions);
    }

    /**
     * Tells whether this entry was loaded from the same bytes as a newly staged plugin.
     *
     * @param other a newly staged plugin
     * @return {@code true} when the content hashes are equal
     */
    public boolean sameContent(Staged other) {
      return staged.source().kind() == other.source().kind()
          && staged.sha256().equals(other.sha256());
    }

    /**
     * Returns this entry as found at another source: the same layer and instance, the path where
     * its bytes are now.
     *
     * @param now where the same bytes were found this time
     * @return this entry if the source is the same, else a copy naming the new source
     */
    public Entry<T> at(Staged now) {
      if (now.source().equals(staged.source())) {
        return this;
      }
      return new Entry<>(
          new Plugin<>(plugin.manifest(), plugin.provider(), now.source().path()),
          layer,
          runtime,
          new Staged(now.source(), staged.directory(), staged.sha256()),
          extensions);
    }

    /**
     * Returns where the entry's bytes were found.
     *
     * @return the source
     */
    public Source source() {
      return staged.source();
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
   * @param plugins the same plugins as the host hands them out, sorted by name: computed once, so
   *     that {@code getAll()} costs the same for one plugin or a thousand
   * @param names their names, sorted: what a reload that keeps every plugin reports as unchanged,
   *     computed once
   * @param failures the plugins skipped by the reload that made this snapshot
   * @param bySource the same entries by the path of their source, for the next reload to keep an
   *     unchanged zip without touching the cache
   * @param offering the entries that offer extension providers, by the layer of each of their
   *     direct dependencies, in name order: what an owner's extensions are read from, so that a
   *     read costs what the owner's dependents offer, not what the host holds
   */
  public record Snapshot<T>(
      Map<String, Entry<T>> byName,
      List<Plugin<T>> plugins,
      List<String> names,
      List<PluginFailure> failures,
      Map<Path, Entry<T>> bySource,
      Map<ModuleLayer, List<Entry<T>>> offering)
      implements ExtensionSource.State {

    /** Copies the entries into a sorted, unmodifiable map. */
    public Snapshot {
      byName = Collections.unmodifiableMap(new TreeMap<>(byName));
      plugins = List.copyOf(plugins);
      names = List.copyOf(names);
      failures = List.copyOf(failures);
      bySource = Map.copyOf(bySource);
      offering = Map.copyOf(offering);
    }

    /**
     * Creates a snapshot of entries.
     *
     * @param <T> the contract type
     * @param byName the entries by name
     * @param failures the failures of the reload
     * @return the snapshot
     */
    public static <T> Snapshot<T> of(Map<String, Entry<T>> byName, List<PluginFailure> failures) {
      Map<String, Entry<T>> sorted = new TreeMap<>(byName);
      Map<Path, Entry<T>> bySource = new HashMap<>();
      // Two names from one path cannot both be loaded; keep either, a look-up then re-checks.
      sorted.values().forEach(e -> bySource.putIfAbsent(e.staged().source().path(), e));
      Map<ModuleLayer, List<Entry<T>>> offering = new HashMap<>();
      for (Entry<T> e : sorted.values()) {
        if (!e.extensions().isEmpty()) {
          for (ModuleLayer parent : e.layer().layer().parents()) {
            offering.computeIfAbsent(parent, k -> new ArrayList<>()).add(e);
          }
        }
      }
      offering.replaceAll((k, v) -> List.copyOf(v));
      return new Snapshot<>(
          sorted,
          sorted.values().stream().map(Entry::plugin).toList(),
          List.copyOf(sorted.keySet()),
          failures,
          bySource,
          offering);
    }

    /**
     * Returns the empty snapshot.
     *
     * @param <T> the contract type
     * @return a snapshot without plugins or failures
     */
    public static <T> Snapshot<T> empty() {
      return new Snapshot<>(Map.of(), List.of(), List.of(), List.of(), Map.of(), Map.of());
    }

    @Override
    public <S> List<S> extensions(ModuleLayer owner, Class<S> type) {
      return Extensions.of(this, owner, type);
    }
  }

  private final AtomicReference<Snapshot<T>> current = new AtomicReference<>(Snapshot.empty());

  /**
   * Returns the current snapshot.
   *
   * @return the snapshot
   */
  public Snapshot<T> snapshot() {
    return current.get();
  }

  @Override
  public ExtensionSource.State current() {
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
