package dev.augment.core.host;

import dev.augment.api.Api;
import dev.augment.core.Augment;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.PluginLayer;
import dev.augment.core.PluginLoadException;
import dev.augment.core.internal.archive.ArchiveCache;
import dev.augment.core.internal.pipeline.Pipeline;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.HostRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Loads a single plugin, folder or zip, into its own {@link ModuleLayer}.
 *
 * <p>Use this when the host manages plugins itself; {@link PluginHost} manages whole folders.
 *
 * <pre>{@code
 * try (PluginLayer plugin = Layers.load(Path.of("plugins/greeter.zip"))) {
 *   for (Greeter greeter : plugin.services(Greeter.class)) {
 *     System.out.println(greeter.greet("world"));
 *   }
 * }
 * }</pre>
 *
 * <p>A standalone load runs the same checks, in the same order and with the same messages, as a
 * {@link PluginHost} (see {@code docs/architecture.md}) before any plugin code runs: the source and
 * the cache (refusing zip entries that would land outside it), the manifest and its {@code
 * compatibility.augment} range, the plugin's jars (the entry module must be there, no module may
 * shadow one the host already has, no package split between jars), resolution, and the default
 * {@link BytecodePolicy}, without waivers. It knows neither the host's capabilities nor its
 * contract: declared capabilities are not checked and grant nothing, module grants are not
 * enforced, and a {@code compatibility.contract} range is not checked. {@link PluginLayer#services}
 * creates providers under a budget of {@value #PROVIDER_BUDGET_SECONDS} seconds.
 */
@Api.Stable
public final class Layers {

  /** How long, in seconds, creating a provider may take by default. */
  public static final int PROVIDER_BUDGET_SECONDS = 5;

  static final Duration DEFAULT_PROVIDER_BUDGET = Duration.ofSeconds(PROVIDER_BUDGET_SECONDS);

  private Layers() {}

  /**
   * Loads a plugin into a layer whose parent is the boot layer, with the default cache.
   *
   * @param plugin the plugin folder or {@code .zip}
   * @return the loaded plugin
   * @throws PluginLoadException if the plugin is refused; the message names the rule
   */
  public static PluginLayer load(Path plugin) {
    return load(plugin, ModuleLayer.boot());
  }

  /**
   * Loads a plugin into a layer whose parent is {@code parent}, with the default cache.
   *
   * @param plugin the plugin folder or {@code .zip}
   * @param parent the host's layer, usually the layer of the contract's module
   * @return the loaded plugin
   * @throws PluginLoadException if the plugin is refused; the message names the rule
   */
  public static PluginLayer load(Path plugin, ModuleLayer parent) {
    return load(plugin, parent, defaultCacheDirectory());
  }

  /**
   * Loads a plugin into a layer whose parent is {@code parent}, extracting zips into {@code
   * cacheDirectory}.
   *
   * @param plugin the plugin folder or {@code .zip}
   * @param parent the host's layer, usually the layer of the contract's module
   * @param cacheDirectory the host-owned folder zips are extracted into
   * @return the loaded plugin
   * @throws PluginLoadException if the plugin is refused; the message names the rule
   */
  public static PluginLayer load(Path plugin, ModuleLayer parent, Path cacheDirectory) {
    Pipeline pipeline =
        new Pipeline(
            HostRules.standalone(Augment.version(), parent.configuration()),
            new ArchiveCache(cacheDirectory, ArchiveCache.Limits.DEFAULT),
            DEFAULT_PROVIDER_BUDGET);
    Failures out = Failures.firstOnly();
    Path absolute = plugin.toAbsolutePath().normalize();
    Optional<PluginLayer> layer =
        Pipeline.source(absolute, parentOf(absolute), out)
            .flatMap(source -> pipeline.load(source, parent, out));
    if (layer.isPresent()) {
      return layer.get();
    }
    Failures.Item first = out.items().get(0);
    throw new PluginLoadException(first.failure(), first.cause().orElse(null));
  }

  private static Path parentOf(Path absolute) {
    Path parent = absolute.getParent();
    return parent == null ? absolute : parent;
  }

  /**
   * Returns the cache Augment uses when the host names none: {@code augment-cache} in {@code
   * java.io.tmpdir}.
   *
   * @return the default cache directory
   */
  public static Path defaultCacheDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "augment-cache");
  }
}
