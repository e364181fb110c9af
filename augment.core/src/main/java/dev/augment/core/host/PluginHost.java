package dev.augment.core.host;

import dev.augment.api.Api;
import dev.augment.core.Augment;
import dev.augment.core.CacheStats;
import dev.augment.core.CapabilityAudit;
import dev.augment.core.HostHooks;
import dev.augment.core.LeakReport;
import dev.augment.core.Plugin;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginManifest;
import dev.augment.core.PluginState;
import dev.augment.core.ReloadReport;
import dev.augment.core.Rule;
import dev.augment.core.WatchStatus;
import dev.augment.core.internal.Parallel;
import dev.augment.core.internal.archive.ArchiveCache;
import dev.augment.core.internal.archive.CacheJanitor;
import dev.augment.core.internal.discovery.FolderWatcher;
import dev.augment.core.internal.hooks.HookBus;
import dev.augment.core.internal.host.Extensions;
import dev.augment.core.internal.host.LoadRun;
import dev.augment.core.internal.host.Notifier;
import dev.augment.core.internal.host.Registry;
import dev.augment.core.internal.host.Reloader;
import dev.augment.core.internal.lifecycle.ExtensionViews;
import dev.augment.core.internal.lifecycle.PluginRuntime;
import dev.augment.core.internal.pipeline.Pipeline;
import dev.augment.core.internal.plugin.HostRules;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

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
 * When two plugins share a name, the highest version wins (the highest that the ranges of the
 * plugins depending on it accept, when some do), then the first in scan order (folders in the order
 * given, file names in order); the other is reported with {@link Rule#DUPLICATE_NAME}.
 *
 * <p>Thread safety: the query methods may be called from any thread at any time and see either the
 * state before a reload or the state after it, never a mix. Reloads, watch-mode reloads and {@link
 * #close()} are serialized. See {@code docs/reload.md}.
 *
 * @param <T> the contract type: the service interface the plugins provide
 */
@Api.Stable
public final class PluginHost<T> implements AutoCloseable {

  private final Class<T> contract;
  private final HookBus hooks;
  private final Registry<T> registry = new Registry<>();
  private final Reloader<T> reloader;
  private final CacheJanitor janitor;
  private final ModuleLayer parent;
  private final ExtensionViews extensionViews = new ExtensionViews(registry);

  PluginHost(PluginHostBuilder<T> b) {
    this.contract = b.contract;
    this.parent = b.parentLayer();
    Set<Class<?>> guarded = new HashSet<>();
    b.capabilities.values().forEach(c -> guarded.addAll(c.events()));
    this.hooks = new HookBus(guarded, b.hookQueueCapacity);
    HostRules rules =
        HostRules.host(
            Augment.version(),
            contract.getName(),
            b.contractVersion(),
            b.capabilities,
            b.baseModules(),
            Set.of(),
            b.policy,
            parent.configuration());
    PluginRuntime.Host host =
        new PluginRuntime.Host(
            hooks,
            b.environment,
            Map.copyOf(b.services),
            Map.copyOf(b.settings),
            b.setupTimeout,
            b.teardownTimeout,
            extensionViews);
    this.janitor = new CacheJanitor(b.cacheDirectory, b.cacheRetention);
    Pipeline pipeline =
        new Pipeline(
            rules,
            new ArchiveCache(b.cacheDirectory, b.limits).housekeeping(janitor),
            b.providerTimeout);
    LoadRun<T> loadRun =
        new LoadRun<>(
            pipeline,
            parent,
            contract,
            b.validator,
            new Parallel(b.parallelism),
            host,
            b.providerTimeout);
    this.reloader =
        new Reloader<>(
            b.folders,
            loadRun,
            registry,
            new Notifier(b.listeners),
            extensionViews,
            b.unloadLimit,
            b.unloadGc,
            new FolderWatcher.Settings(b.watchDebounce, b.watchMaxWait, b.watchPoll),
            Optional.of(janitor));
  }

  /**
   * Starts building a host for a contract.
   *
   * @param <T> the contract type
   * @param contract the service interface the plugins provide
   * @return a builder
   */
  public static <T> PluginHostBuilder<T> builder(Class<T> contract) {
    return new PluginHostBuilder<>(Objects.requireNonNull(contract, "contract"));
  }

  /**
   * Brings the loaded plugins in line with the folders.
   *
   * <p>New plugins are loaded, changed ones (other content, byte for byte) get a new layer, removed
   * ones are torn down, unchanged ones keep their layer and instance. Every new plugin is checked
   * (manifest, compatibility, capabilities, bytecode policy) before any of its code runs, then its
   * provider is created, validated and set up. The registry changes in one atomic step once all of
   * them are set up; the plugins it drops are then torn down and watched until they unload. A
   * plugin whose update fails keeps its old version. Reloads run one at a time.
   *
   * @return what was added, updated, removed, kept and skipped
   * @throws IllegalStateException if the host is closed
   */
  public ReloadReport reload() {
    return reloader.reload();
  }

  /**
   * Reloads on the host's reload thread, without blocking the caller.
   *
   * @return the report, once the reload is done
   */
  public CompletableFuture<ReloadReport> reloadAsync() {
    return reloader.reloadAsync();
  }

  /**
   * Watches the plugin folders and reloads after each burst of changes, once the files have
   * settled; zips still being written are waited for, within the maximum wait.
   *
   * <p>A folder that is missing, unreadable, deleted or replaced never stops the watcher: it is
   * logged, and watched again once it can be (a missing plugin folder is polled until it returns).
   * A burst of changes reloads at most {@link PluginHostBuilder#watchMaxWait} after its first
   * change, however long it lasts. Calling {@code watch()} again while the watcher runs does
   * nothing; after it {@linkplain WatchStatus.State#STOPPED stopped} it starts a new one. {@link
   * #close()} stops it. See {@code docs/reload.md}.
   *
   * @throws java.io.UncheckedIOException if the file system offers no watch service
   * @throws IllegalStateException if the host is closed
   */
  public void watch() {
    reloader.watch();
  }

  /**
   * Returns what watch mode is doing: whether the watcher runs, which plugin folders it is waiting
   * for, and the last problem it carried on after.
   *
   * @return the status; {@link WatchStatus.State#OFF} before {@link #watch()} and after {@link
   *     #close()}
   */
  @Api.Experimental
  public WatchStatus watching() {
    return reloader.watching();
  }

  /**
   * Counts what the host's cache directory holds now: plugin copies in use, copies kept for the
   * {@linkplain PluginHostBuilder#cacheRetention retention time}, and their bytes. It walks the
   * directory, so it costs time in proportion to the cache's size.
   *
   * @return the entries and bytes of the cache
   */
  @Api.Experimental
  public CacheStats cache() {
    return janitor.stats();
  }

  /**
   * Returns every leak found so far: dropped plugins whose class loader was not collected within
   * the unload limit, with the suspects Augment could name.
   *
   * @return the leaks, oldest first
   */
  public List<LeakReport> leaks() {
    return reloader.leaks();
  }

  /**
   * Returns every loaded plugin with its manifest and provider, sorted by name.
   *
   * @return the plugins, an unmodifiable list the registry computed once per reload; empty before
   *     the first reload
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
   * Returns the providers of an extension point that a plugin owns: a service type of one of its
   * modules, provided by the plugins that declared it as a dependency.
   *
   * <p>The providers were created from each dependent's own layer (a plugin's layer sees its
   * parents' providers, never its children's) when that dependent loaded, once per loaded version,
   * under the provider budget; a dependent whose providers fail is refused with {@link
   * Rule#PROVIDER_FAILED}. This call runs no plugin code and returns the same instances until a
   * dependent is reloaded, in plugin name order, all from one state of the registry. Hold them no
   * longer than needed: each keeps its plugin's layer from unloading.
   *
   * @param <S> the service type
   * @param type a type of a module of a loaded plugin, such as {@code
   *     storage.getClass().getModule().getLayer().findLoader("st.api").loadClass("st.api.Codec")}
   * @return the providers, in an unmodifiable list; empty when no dependent provides one, or when
   *     the plugin that defined {@code type} was unloaded or replaced meanwhile
   * @throws IllegalArgumentException if {@code type} is a type of the host's layer or its parents
   *     (the host, the JDK) or of no named module, which no plugin owns
   */
  @Api.Experimental
  public <S> List<S> extensions(Class<S> type) {
    return Extensions.collect(registry.snapshot(), Objects.requireNonNull(type, "type"), parent);
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

  /**
   * Returns the host's hooks: emit events to plugins, listen as the core.
   *
   * @return the hooks
   */
  public HostHooks hooks() {
    return hooks;
  }

  /**
   * Returns where a plugin is in its lifecycle.
   *
   * @param name the plugin's name
   * @return {@link PluginState#ACTIVE} for a registered plugin, {@link PluginState#FAILED} for one
   *     whose setup failed in the last reload; empty for a plugin the host does not know
   */
  public Optional<PluginState> state(String name) {
    Registry.Snapshot<T> s = registry.snapshot();
    Registry.Entry<T> e = s.byName().get(name);
    if (e != null) {
      return Optional.of(e.runtime().state());
    }
    return s.failures().stream()
        .filter(f -> f.plugin().equals(name) && f.rule() == Rule.SETUP_FAILED)
        .findFirst()
        .map(f -> PluginState.FAILED);
  }

  /**
   * Returns a plugin's capability audit: what it declared, what that granted, what it references.
   *
   * @param name the plugin's name
   * @return the audit, or empty when no plugin of that name is loaded
   */
  public Optional<CapabilityAudit> audit(String name) {
    return Optional.ofNullable(registry.snapshot().byName().get(name))
        .map(e -> e.runtime().audit());
  }

  /**
   * Stops watching, tears every plugin down and closes its layer; the host cannot be reloaded
   * afterwards. Teardown always runs; a teardown that throws is logged and the others still run.
   */
  @Override
  public void close() {
    reloader.close();
  }
}
