package dev.augment.core.host;

import dev.augment.api.Api;
import dev.augment.core.Augment;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.PluginLayer;
import dev.augment.core.PluginLoadException;
import dev.augment.core.internal.archive.ArchiveCache;
import dev.augment.core.internal.checks.Checks;
import dev.augment.core.internal.checks.Grants;
import dev.augment.core.internal.layer.PluginLoader;
import dev.augment.core.internal.layer.PluginLoader.Prepared;
import dev.augment.core.internal.layer.PluginLoader.Resolved;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * <p>Before any plugin code runs, the manifest is validated, a zip is extracted into the cache
 * (refusing entries that would land outside it), the manifest's {@code compatibility.augment} range
 * is checked, the plugin's jars are checked (the entry module must be there, no module may shadow
 * one the host already has), and its class files must pass the default {@link BytecodePolicy},
 * without waivers. A standalone load knows neither the host's capabilities nor its contract:
 * declared capabilities are not checked and grant nothing, module grants are not enforced, and a
 * {@code compatibility.contract} range is not checked. A {@link PluginHost} checks all of them.
 */
@Api.Stable
public final class Layers {

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
    PluginLoader loader =
        new PluginLoader(new ArchiveCache(cacheDirectory, ArchiveCache.Limits.DEFAULT));
    Checks checks =
        new Checks(
            Map.of(),
            Set.of(),
            false,
            BytecodePolicy.defaults(),
            Augment.version(),
            Optional.empty(),
            parent.configuration());
    Prepared prepared = loader.prepare(plugin);
    checks.compatibility(prepared);
    Grants grants = checks.grants(prepared);
    Resolved resolved = loader.resolve(prepared, parent.configuration());
    checks.verify(prepared, grants, resolved.configuration());
    return loader.defineLayer(resolved, parent);
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
