package dev.augment.core.host;

import dev.augment.api.Api;
import dev.augment.api.Environment;
import dev.augment.core.Augment;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.Capability;
import dev.augment.core.HostDescription;
import dev.augment.core.PluginListener;
import dev.augment.core.Rule;
import dev.augment.core.Version;
import dev.augment.core.internal.archive.ArchiveCache;
import dev.augment.core.internal.host.LoadRun;
import dev.augment.core.internal.host.Notifier;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Builds a {@link PluginHost}: its folders, and what plugins may do in it.
 *
 * <pre>{@code
 * PluginHost<Route> host = PluginHost.builder(Route.class)
 *     .folder(Path.of("plugins"))
 *     .capability(Capability.named("http.observe").events(RequestEnd.class).build())
 *     .service(Clock.class, Clock.systemUTC())
 *     .environment(Environment.DEVELOPMENT)
 *     .build();
 * }</pre>
 *
 * @param <T> the contract type
 */
@Api.Stable
public final class PluginHostBuilder<T> {

  final Class<T> contract;
  final List<Path> folders = new ArrayList<>();
  Predicate<? super T> validator = LoadRun.ACCEPT_ALL;
  private ModuleLayer parentLayer;
  Path cacheDirectory = Layers.defaultCacheDirectory();
  int parallelism = Runtime.getRuntime().availableProcessors();
  ArchiveCache.Limits limits = ArchiveCache.Limits.DEFAULT;
  final Map<String, Capability> capabilities = new LinkedHashMap<>();
  private final Set<String> extraBaseModules = new LinkedHashSet<>();
  BytecodePolicy policy = BytecodePolicy.defaults();
  private Version contractVersion;
  Environment environment = Environment.PRODUCTION;
  final Map<Class<?>, Object> services = new HashMap<>();
  final Map<String, Map<String, Object>> settings = new HashMap<>();
  Duration providerTimeout = Layers.DEFAULT_PROVIDER_BUDGET;
  Duration setupTimeout = Duration.ofSeconds(5);
  Duration teardownTimeout = Duration.ofSeconds(5);
  int hookQueueCapacity = 1024;
  final List<Notifier.Subscriber> listeners = new ArrayList<>();
  Duration unloadLimit = Duration.ofSeconds(10);
  boolean unloadGc = true;
  Duration watchDebounce = Duration.ofMillis(300);
  Duration watchMaxWait = Duration.ofSeconds(1);
  Duration watchPoll = Duration.ofSeconds(1);
  Duration cacheRetention = Duration.ofMinutes(10);

  PluginHostBuilder(Class<T> contract) {
    this.contract = contract;
  }

  /**
   * Adds a folder to scan for plugins; folders are scanned in the order added.
   *
   * @param folder a folder whose sub-folders and zips are plugins
   * @return this builder
   */
  public PluginHostBuilder<T> folder(Path folder) {
    folders.add(Objects.requireNonNull(folder, "folder"));
    return this;
  }

  /**
   * Sets a check every provider must pass to be registered; by default every provider passes.
   *
   * @param validator a test on the provider
   * @return this builder
   */
  public PluginHostBuilder<T> validator(Predicate<? super T> validator) {
    this.validator = Objects.requireNonNull(validator, "validator");
    return this;
  }

  /**
   * Sets the parent of every plugin layer. By default it is the layer of the contract's module, or
   * the boot layer when the contract is not in a named module of a layer.
   *
   * @param parent the host's layer
   * @return this builder
   */
  public PluginHostBuilder<T> parentLayer(ModuleLayer parent) {
    this.parentLayer = Objects.requireNonNull(parent, "parent");
    return this;
  }

  /**
   * Sets the folder that plugin zips are extracted into; Augment owns everything in it. By default
   * it is {@link Layers#defaultCacheDirectory()}.
   *
   * @param cacheDirectory the cache folder
   * @return this builder
   */
  public PluginHostBuilder<T> cacheDirectory(Path cacheDirectory) {
    this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    return this;
  }

  /**
   * Sets how long a plugin copy in the cache that no plugin uses any more is kept before it is
   * removed; by default 10 minutes.
   *
   * <p>A copy is in use while a registered plugin runs from it, while a dropped plugin's layer has
   * not been collected, and while any other live host sharing the cache directory uses it; the
   * retention counts from the last time one of them let go of it. Keeping it lets a plugin switched
   * back to a recent version reuse its copy. {@link Duration#ZERO} removes unused copies at the
   * next reload. Removal passes run after reloads, at most once a minute. See {@code
   * docs/reload.md}.
   *
   * @param retention how long unused copies are kept
   * @return this builder
   * @throws IllegalArgumentException if it is negative
   */
  @Api.Experimental
  public PluginHostBuilder<T> cacheRetention(Duration retention) {
    if (retention.isNegative()) {
      throw new IllegalArgumentException("the cache retention must not be negative");
    }
    this.cacheRetention = retention;
    return this;
  }

  /**
   * Sets how many plugins are prepared and loaded at once; by default, one per processor.
   *
   * @param threads at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code threads} is less than 1
   */
  public PluginHostBuilder<T> parallelism(int threads) {
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
  public PluginHostBuilder<T> archiveLimits(int maxEntries, long maxBytes) {
    if (maxEntries < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("archive limits must be positive");
    }
    this.limits = new ArchiveCache.Limits(maxEntries, maxBytes, limits.maxRatio());
    return this;
  }

  /**
   * Limits what one plugin zip may expand to, ratio included; by default 10,000 entries, 512 MiB
   * and 100 times the zip's own size once past 1 MiB ({@link HostDescription.ArchiveLimits}). The
   * limits are part of {@link #describe()}, so the verifier refuses the same zips.
   *
   * @param limits the limits
   * @return this builder
   */
  public PluginHostBuilder<T> archiveLimits(HostDescription.ArchiveLimits limits) {
    this.limits = ArchiveCache.Limits.of(limits);
    return this;
  }

  /**
   * Defines a capability plugins may declare. A plugin that declares a capability the host does not
   * define is refused with {@link Rule#UNKNOWN_CAPABILITY}.
   *
   * @param capability the capability
   * @return this builder
   * @throws IllegalArgumentException if a capability of that name is already defined
   */
  public PluginHostBuilder<T> capability(Capability capability) {
    if (capabilities.putIfAbsent(capability.name(), capability) != null) {
      throw new IllegalArgumentException("capability " + capability.name() + " is defined twice");
    }
    return this;
  }

  /**
   * Adds modules every plugin may read without a capability. Always readable are {@code java.base},
   * {@code augment.api}, {@code org.slf4j} and the contract's module.
   *
   * @param moduleNames module names
   * @return this builder
   */
  public PluginHostBuilder<T> baseModules(String... moduleNames) {
    extraBaseModules.addAll(List.of(moduleNames));
    return this;
  }

  /**
   * Sets the bytecode policy; by default {@link BytecodePolicy#defaults()}.
   *
   * @param policy the policy
   * @return this builder
   */
  public PluginHostBuilder<T> policy(BytecodePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Declares the contract's version, which plugins' {@code compatibility.contract} ranges are
   * checked against. By default it is the contract module's version, without a {@code -SNAPSHOT}
   * suffix, when that is a semantic version.
   *
   * @param version the contract's version
   * @return this builder
   */
  public PluginHostBuilder<T> contractVersion(Version version) {
    this.contractVersion = Objects.requireNonNull(version, "version");
    return this;
  }

  /**
   * Sets the environment plugins see; by default {@link Environment#PRODUCTION}.
   *
   * @param environment the environment
   * @return this builder
   */
  public PluginHostBuilder<T> environment(Environment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
    return this;
  }

  /**
   * Offers a host service, which plugins obtain with {@code PluginContext.service(type)} when a
   * declared capability grants {@code type}.
   *
   * @param <S> the service type
   * @param type the type plugins ask for
   * @param service the instance
   * @return this builder
   */
  public <S> PluginHostBuilder<T> service(Class<S> type, S service) {
    services.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(service, "service"));
    return this;
  }

  /**
   * Gives one plugin settings that overlay its manifest's {@code meta} in its {@code
   * PluginContext.config()}.
   *
   * @param plugin the plugin's name
   * @param values the settings
   * @return this builder
   */
  public PluginHostBuilder<T> settings(String plugin, Map<String, ?> values) {
    settings.put(Objects.requireNonNull(plugin, "plugin"), Map.copyOf(values));
    return this;
  }

  /**
   * Sets how long a plugin's setup and its teardown may each take; by default 5 seconds.
   *
   * @param setup the setup budget
   * @param teardown the teardown budget
   * @return this builder
   * @throws IllegalArgumentException if a budget is not positive
   */
  public PluginHostBuilder<T> lifecycleTimeouts(Duration setup, Duration teardown) {
    if (setup.isNegative() || setup.isZero() || teardown.isNegative() || teardown.isZero()) {
      throw new IllegalArgumentException("lifecycle timeouts must be positive");
    }
    this.setupTimeout = setup;
    this.teardownTimeout = teardown;
    return this;
  }

  /**
   * Sets how long creating a plugin's provider may take (its static initializers and its
   * constructor), and how long the host's validator may take with it; by default 5 seconds each.
   *
   * <p>A plugin that overruns is refused with {@link Rule#PROVIDER_FAILED} (or {@link
   * Rule#VALIDATOR}) naming the budget; its thread is abandoned and the unload tracker watches its
   * layer, so a constructor that never returns never holds up a reload, {@link PluginHost#close()}
   * or any other plugin.
   *
   * @param budget the budget
   * @return this builder
   * @throws IllegalArgumentException if the budget is not positive
   */
  public PluginHostBuilder<T> providerTimeout(Duration budget) {
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("the provider timeout must be positive");
    }
    this.providerTimeout = budget;
    return this;
  }

  /**
   * Sets how many events may wait for one plugin before new ones are dropped for it; by default
   * 1024.
   *
   * @param capacity at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code capacity} is less than 1
   */
  public PluginHostBuilder<T> hookQueueCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("hook queue capacity must be at least 1");
    }
    this.hookQueueCapacity = capacity;
    return this;
  }

  /**
   * Adds a listener called on the reloading thread, before {@code reload()} returns: blocking
   * notification.
   *
   * @param listener the listener
   * @return this builder
   */
  public PluginHostBuilder<T> listener(PluginListener listener) {
    listeners.add(new Notifier.Subscriber(Objects.requireNonNull(listener), Optional.empty()));
    return this;
  }

  /**
   * Adds a listener called through {@code executor}: event-based notification, which never delays a
   * reload.
   *
   * @param listener the listener
   * @param executor where to call it, for example a single-thread executor to keep order
   * @return this builder
   */
  public PluginHostBuilder<T> listener(PluginListener listener, Executor executor) {
    listeners.add(new Notifier.Subscriber(Objects.requireNonNull(listener), Optional.of(executor)));
    return this;
  }

  /**
   * Sets how long a dropped plugin's class loader may take to be collected before Augment reports a
   * leak; by default 10 seconds. {@link Duration#ZERO} turns the check off.
   *
   * @param limit the limit
   * @return this builder
   * @throws IllegalArgumentException if the limit is negative
   */
  public PluginHostBuilder<T> unloadCheck(Duration limit) {
    if (limit.isNegative()) {
      throw new IllegalArgumentException("the unload limit must not be negative");
    }
    this.unloadLimit = limit;
    return this;
  }

  /**
   * Sets whether the unload check may ask for a full garbage collection; by default it may.
   *
   * <p>Young collections never unload classes, so a dropped plugin that is still reachable at its
   * unload limit is decided at the next collection that can unload classes. With {@code true} the
   * check asks for one ({@link System#gc()}) at most once per dropped plugin and at most once per
   * limit across the host; with {@code false} it never asks and waits for the JVM's own. See {@code
   * docs/reload.md}.
   *
   * @param requestFullGc {@code false} to never call {@link System#gc()}
   * @return this builder
   */
  public PluginHostBuilder<T> unloadGc(boolean requestFullGc) {
    this.unloadGc = requestFullGc;
    return this;
  }

  /**
   * Sets how long the folders must be quiet in watch mode before a reload; by default 300 ms.
   *
   * @param debounce the quiet period
   * @return this builder
   * @throws IllegalArgumentException if it is not positive
   */
  public PluginHostBuilder<T> watchDebounce(Duration debounce) {
    if (debounce.isNegative() || debounce.isZero()) {
      throw new IllegalArgumentException("the watch debounce must be positive");
    }
    this.watchDebounce = debounce;
    return this;
  }

  /**
   * Sets the longest time watch mode lets a burst of changes go on before it reloads; by default 1
   * second.
   *
   * <p>The watcher reloads once the folders have been quiet for the {@linkplain #watchDebounce
   * debounce}, or once this much time has passed since the first change of the burst, whichever
   * comes first; waiting for zips to settle counts within it. So under steady churn a host still
   * reloads at least once per maximum wait plus the time a reload takes.
   *
   * @param maxWait the maximum wait, at least the debounce when the host is built
   * @return this builder
   * @throws IllegalArgumentException if it is not positive
   */
  @Api.Experimental
  public PluginHostBuilder<T> watchMaxWait(Duration maxWait) {
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("the watch maximum wait must be positive");
    }
    this.watchMaxWait = maxWait;
    return this;
  }

  /**
   * Sets how often watch mode looks for plugin folders that are missing and checks that the present
   * ones are still the folders it watches; by default 1 second.
   *
   * @param interval the poll interval
   * @return this builder
   * @throws IllegalArgumentException if it is not positive
   */
  @Api.Experimental
  public PluginHostBuilder<T> watchPollInterval(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the watch poll interval must be positive");
    }
    this.watchPoll = interval;
    return this;
  }

  /**
   * Describes the host this builder makes, for verifying plugins against it offline.
   *
   * @return the description
   */
  public HostDescription describe() {
    Set<String> hostModules = new TreeSet<>();
    collectModules(parentLayer(), hostModules);
    return new HostDescription(
        contract.getName(),
        Optional.of(contract.getModule()).filter(Module::isNamed).map(Module::getName),
        contractVersion(),
        Augment.version(),
        capabilities.values().stream().map(HostDescription.CapabilityInfo::of).toList(),
        baseModules(),
        hostModules,
        policy.rules(),
        limits.describe());
  }

  private static void collectModules(ModuleLayer layer, Set<String> into) {
    layer.modules().stream().map(Module::getName).filter(n -> !isJdkModule(n)).forEach(into::add);
    layer.parents().forEach(p -> collectModules(p, into));
  }

  /**
   * Builds the host. No folder is read until {@link PluginHost#reload()}.
   *
   * @return the host
   * @throws IllegalStateException if no folder was added, the watch maximum wait is shorter than
   *     the debounce, the contract is in the unnamed module (loaded from the class path), or a
   *     service is offered that no capability grants
   */
  public PluginHost<T> build() {
    if (folders.isEmpty()) {
      throw new IllegalStateException("a PluginHost needs at least one plugin folder");
    }
    if (!contract.getModule().isNamed()) {
      // Every plugin would fail later, each with a message about modules that does not say why.
      throw new IllegalStateException(
          "the contract "
              + contract.getName()
              + " is in the unnamed module (it was loaded from the class path), so no plugin can"
              + " require it: run the host on the module path, or keep the application on the"
              + " class path and put Augment and the contract on the module path: java"
              + " --module-path <augment-core, augment-api, their dependencies, the contract's jar>"
              + " --add-modules <the contract's module>,augment.core -cp <the application> <main"
              + " class> (docs/host-guide.md)");
    }
    Set<String> ungranted = new TreeSet<>();
    for (Class<?> offered : services.keySet()) {
      if (capabilities.values().stream().noneMatch(c -> c.services().contains(offered))) {
        ungranted.add(offered.getName());
      }
    }
    if (!ungranted.isEmpty()) {
      // No plugin could ever obtain it, and each that asked would be refused later.
      throw new IllegalStateException(
          "the host offers "
              + String.join(", ", ungranted)
              + " but no capability grants "
              + (ungranted.size() == 1 ? "it" : "them")
              + ", so no plugin could obtain "
              + (ungranted.size() == 1 ? "it" : "them")
              + ": add a capability that does (Capability.named(\"clock\").services(Clock.class))"
              + " or offer no such service");
    }
    if (watchMaxWait.compareTo(watchDebounce) < 0) {
      throw new IllegalStateException(
          "the watch maximum wait ("
              + watchMaxWait.toMillis()
              + " ms) is shorter than the debounce ("
              + watchDebounce.toMillis()
              + " ms)");
    }
    return new PluginHost<>(this);
  }

  ModuleLayer parentLayer() {
    if (parentLayer != null) {
      return parentLayer;
    }
    ModuleLayer layer = contract.getModule().getLayer();
    return layer != null ? layer : ModuleLayer.boot();
  }

  Set<String> baseModules() {
    Set<String> base = new LinkedHashSet<>(List.of("java.base", "augment.api", "org.slf4j"));
    if (contract.getModule().isNamed()) {
      base.add(contract.getModule().getName());
    }
    base.addAll(extraBaseModules);
    return base;
  }

  Optional<Version> contractVersion() {
    if (contractVersion != null) {
      return Optional.of(contractVersion);
    }
    // A JDK interface as the contract carries the JDK's version, which says nothing about it. (Not
    // every system module is the JDK's: in a jlinked image the contract is one too.)
    return Optional.ofNullable(contract.getModule().getDescriptor())
        .filter(d -> !isJdkModule(d.name()))
        .flatMap(ModuleDescriptor::rawVersion)
        .flatMap(
            raw -> {
              try {
                return Optional.of(Augment.release(raw));
              } catch (IllegalArgumentException notSemVer) {
                return Optional.empty();
              }
            });
  }

  /**
   * Tells the JDK's modules apart by name: in a jlinked image every module is a system module, the
   * host's own included, so the system module finder cannot.
   */
  private static boolean isJdkModule(String name) {
    return name.startsWith("java.") || name.startsWith("jdk.");
  }
}
