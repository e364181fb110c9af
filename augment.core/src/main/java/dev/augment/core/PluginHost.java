package dev.augment.core;

import dev.augment.api.Api;
import dev.augment.core.internal.archive.ArchiveCache;
import dev.augment.core.internal.host.LoadRun;
import dev.augment.core.internal.host.Parallel;
import dev.augment.core.internal.host.Registry;
import dev.augment.core.internal.layer.PluginLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads every plugin in one or more folders, each into its own layer, and keeps the providers of a
 * contract.
 *
 * <pre>{@code
 * try (PluginHost<Greeter> host =
 *     PluginHost.builder(Greeter.class).folder(Path.of("plugins")).build()) {
 *   host.reload();
 *   host.failures().forEach(f -> System.err.println(f.message()));
 *   for (Plugin<Greeter> plugin : host.getAll()) {
 *     System.out.println(plugin.name() + ": " + plugin.provider().greet("world"));
 *   }
 * }
 * }</pre>
 *
 * <p>A plugin is a sub-folder or a {@code .zip} of a plugin folder. A plugin that cannot be loaded
 * is skipped and reported in {@link #failures()}; it never stops the host nor any other plugin.
 * When two plugins share a name, the highest version wins, then the first in scan order (folders in
 * the order given, file names in order); the other is reported with {@link Rule#DUPLICATE_NAME}.
 *
 * <p>Thread safety: the query methods may be called from any thread at any time and see either the
 * state before a reload or the state after it, never a mix. {@link #reload()} and {@link #close()}
 * are serialized.
 *
 * @param <T> the contract type: the service interface the plugins provide
 */
@Api.Stable
public final class PluginHost<T> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

  private final Class<T> contract;
  private final List<Path> folders;
  private final LoadRun<T> loadRun;
  private final Registry<T> registry = new Registry<>();
  private boolean closed;

  private PluginHost(Builder<T> b) {
    this.contract = b.contract;
    this.folders = List.copyOf(b.folders);
    ModuleLayer parent = b.parentLayer != null ? b.parentLayer : defaultParent(b.contract);
    PluginLoader loader = new PluginLoader(new ArchiveCache(b.cacheDirectory, b.limits));
    this.loadRun =
        new LoadRun<>(loader, parent, b.contract, b.validator, new Parallel(b.parallelism));
  }

  private static ModuleLayer defaultParent(Class<?> contract) {
    ModuleLayer layer = contract.getModule().getLayer();
    return layer != null ? layer : ModuleLayer.boot();
  }

  /**
   * Starts building a host for a contract.
   *
   * @param <T> the contract type
   * @param contract the service interface the plugins provide
   * @return a builder
   */
  public static <T> Builder<T> builder(Class<T> contract) {
    return new Builder<>(Objects.requireNonNull(contract, "contract"));
  }

  /**
   * Scans the folders, loads every plugin into a new layer, validates it and registers it.
   *
   * <p>The registry is replaced in one atomic step once all plugins are loaded; the layers of the
   * plugins it replaces are then closed.
   *
   * @return what was loaded and what was skipped
   * @throws IllegalStateException if the host is closed
   */
  public synchronized ReloadReport reload() {
    if (closed) {
      throw new IllegalStateException("this PluginHost is closed");
    }
    Registry.Snapshot<T> next = loadRun.run(folders);
    Registry.Snapshot<T> previous = registry.swap(next);
    previous.byName().values().forEach(e -> e.layer().close());
    LOG.info(
        "Reloaded {} for {}: {} loaded, {} skipped",
        folders,
        contract.getName(),
        next.byName().size(),
        next.failures().size());
    return new ReloadReport(List.copyOf(next.byName().keySet()), next.failures());
  }

  /**
   * Returns every loaded plugin with its manifest and provider, sorted by name.
   *
   * @return the plugins; empty before the first reload
   */
  public List<Plugin<T>> getAll() {
    return registry.snapshot().plugins();
  }

  /**
   * Returns the provider of the first plugin, in name order, whose manifest matches.
   *
   * @param predicate a test on the manifest
   * @return the provider, or empty when no plugin matches
   */
  public Optional<T> find(Predicate<? super PluginManifest> predicate) {
    return getAll().stream()
        .filter(p -> predicate.test(p.manifest()))
        .map(Plugin::provider)
        .findFirst();
  }

  /**
   * Returns the plugin of a name.
   *
   * @param name the plugin's name
   * @return the plugin, or empty when none of that name is loaded
   */
  public Optional<Plugin<T>> get(String name) {
    return Optional.ofNullable(registry.snapshot().byName().get(name)).map(Registry.Entry::plugin);
  }

  /**
   * Returns the plugins the last reload skipped, each with the rule it broke.
   *
   * @return the failures, in the order {@link ReloadReport#failures()} describes
   */
  public List<PluginFailure> failures() {
    return registry.snapshot().failures();
  }

  /**
   * Returns the contract type.
   *
   * @return the contract
   */
  public Class<T> contract() {
    return contract;
  }

  /** Drops every plugin and closes its layer; the host cannot be reloaded afterwards. */
  @Override
  public synchronized void close() {
    closed = true;
    registry
        .swap(new Registry.Snapshot<>(Map.of(), List.of()))
        .byName()
        .values()
        .forEach(e -> e.layer().close());
  }

  /**
   * Builds a {@link PluginHost}.
   *
   * @param <T> the contract type
   */
  @Api.Stable
  public static final class Builder<T> {
    private final Class<T> contract;
    private final List<Path> folders = new ArrayList<>();
    private Predicate<? super T> validator = provider -> true;
    private ModuleLayer parentLayer;
    private Path cacheDirectory = Layers.defaultCacheDirectory();
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private ArchiveCache.Limits limits = ArchiveCache.Limits.DEFAULT;

    private Builder(Class<T> contract) {
      this.contract = contract;
    }

    /**
     * Adds a folder to scan for plugins; folders are scanned in the order added.
     *
     * @param folder a folder whose sub-folders and zips are plugins
     * @return this builder
     */
    public Builder<T> folder(Path folder) {
      folders.add(Objects.requireNonNull(folder, "folder"));
      return this;
    }

    /**
     * Sets a check every provider must pass to be registered; by default every provider passes.
     *
     * @param validator a test on the provider
     * @return this builder
     */
    public Builder<T> validator(Predicate<? super T> validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    /**
     * Sets the parent of every plugin layer. By default it is the layer of the contract's module,
     * or the boot layer when the contract is not in a named module of a layer.
     *
     * @param parent the host's layer
     * @return this builder
     */
    public Builder<T> parentLayer(ModuleLayer parent) {
      this.parentLayer = Objects.requireNonNull(parent, "parent");
      return this;
    }

    /**
     * Sets the folder that plugin zips are extracted into; Augment owns everything in it. By
     * default it is {@link Layers#defaultCacheDirectory()}.
     *
     * @param cacheDirectory the cache folder
     * @return this builder
     */
    public Builder<T> cacheDirectory(Path cacheDirectory) {
      this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
      return this;
    }

    /**
     * Sets how many plugins are prepared and loaded at once; by default, one per processor.
     *
     * @param threads at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    public Builder<T> parallelism(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, was " + threads);
      }
      this.parallelism = threads;
      return this;
    }

    /**
     * Limits what one plugin zip may expand to; by default 10,000 entries and 512 MiB. A zip over a
     * limit is refused with {@link Rule#ARCHIVE} and leaves nothing in the cache.
     *
     * @param maxEntries the most entries a zip may hold
     * @param maxBytes the most bytes its entries may hold once extracted
     * @return this builder
     * @throws IllegalArgumentException if a limit is not positive
     */
    public Builder<T> archiveLimits(int maxEntries, long maxBytes) {
      if (maxEntries < 1 || maxBytes < 1) {
        throw new IllegalArgumentException("archive limits must be positive");
      }
      this.limits = new ArchiveCache.Limits(maxEntries, maxBytes);
      return this;
    }

    /**
     * Builds the host. No folder is read until {@link PluginHost#reload()}.
     *
     * @return the host
     * @throws IllegalStateException if no folder was added
     */
    public PluginHost<T> build() {
      if (folders.isEmpty()) {
        throw new IllegalStateException("a PluginHost needs at least one plugin folder");
      }
      return new PluginHost<>(this);
    }
  }
}
