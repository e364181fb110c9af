package dev.augment.core.internal.layer;

import dev.augment.core.PluginLayer;
import dev.augment.core.PluginLoadException;
import dev.augment.core.PluginManifest;
import dev.augment.core.Rule;
import dev.augment.core.internal.archive.ArchiveCache;
import dev.augment.core.internal.manifest.ManifestReader;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a plugin folder or zip into a {@link PluginLayer}, in two steps.
 *
 * <p>{@link #prepare} extracts a zip into the cache and reads the manifest; {@link #define} checks
 * the plugin's jars against the host's layer and defines the plugin's own layer with one class
 * loader. Neither step runs plugin code: that starts when the caller asks the layer for its
 * providers. Splitting the two lets a host settle name conflicts between manifests before any layer
 * is built.
 */
public final class PluginLoader {

  /** The folder inside a plugin that holds its jars. */
  public static final String MODULES_DIR = "modules";

  private static final ModuleFinder SYSTEM_MODULES = ModuleFinder.ofSystem();

  private final ArchiveCache cache;
  private final ManifestReader manifests = new ManifestReader();

  /**
   * Creates a loader that extracts zips into {@code cache}.
   *
   * @param cache the host-owned archive cache
   */
  public PluginLoader(ArchiveCache cache) {
    this.cache = cache;
  }

  /**
   * A plugin whose files are on disk and whose manifest is valid; no layer yet.
   *
   * @param source the folder or zip it came from
   * @param directory the folder holding its files
   * @param manifest its manifest
   */
  public record Prepared(Path source, Path directory, PluginManifest manifest) {}

  /**
   * Loads a plugin in one go.
   *
   * @param source the plugin folder or zip
   * @param parent the host's layer, parent of the plugin's layer
   * @return the loaded plugin
   * @throws PluginLoadException if any check fails
   */
  public PluginLayer load(Path source, ModuleLayer parent) {
    return define(prepare(source), parent);
  }

  /**
   * Puts the plugin's files in place and reads its manifest.
   *
   * @param source the plugin folder or zip
   * @return the prepared plugin
   * @throws PluginLoadException if the source, archive or manifest is refused
   */
  public Prepared prepare(Path source) {
    Path absolute = source.toAbsolutePath().normalize();
    String label = String.valueOf(absolute.getFileName());
    Path directory;
    if (Files.isDirectory(absolute)) {
      directory = absolute;
    } else if (Files.isRegularFile(absolute) && label.toLowerCase(Locale.ROOT).endsWith(".zip")) {
      directory = cache.extract(absolute);
    } else {
      throw new PluginLoadException(
          label, absolute, Rule.SOURCE, "is neither a plugin folder nor a .zip file", null);
    }
    return new Prepared(absolute, directory, manifests.read(directory, label));
  }

  /**
   * Checks the plugin's modules and defines its layer.
   *
   * @param plugin the prepared plugin
   * @param parent the host's layer
   * @return the loaded plugin
   * @throws PluginLoadException if the layout, the entry module, shadowing or resolution is wrong
   */
  public PluginLayer define(Prepared plugin, ModuleLayer parent) {
    PluginManifest manifest = plugin.manifest();
    Path modules = plugin.directory().resolve(MODULES_DIR);
    ModuleFinder finder = finder(plugin, modules);
    checkNoShadowing(plugin, finder, parent);
    if (finder.find(manifest.entryPoint()).isEmpty()) {
      throw fail(
          plugin,
          modules,
          Rule.ENTRY_MODULE,
          "entryPoint '"
              + manifest.entryPoint()
              + "' names no module in "
              + MODULES_DIR
              + "/; the jars there hold "
              + finder.findAll().stream().map(r -> r.descriptor().name()).sorted().toList());
    }
    try {
      Configuration configuration =
          Configuration.resolveAndBind(
              finder,
              List.of(parent.configuration()),
              ModuleFinder.of(),
              Set.of(manifest.entryPoint()));
      ModuleLayer layer =
          ModuleLayer.defineModulesWithOneLoader(
                  configuration, List.of(parent), ClassLoader.getSystemClassLoader())
              .layer();
      return new DefaultPluginLayer(manifest, plugin.source(), plugin.directory(), layer);
    } catch (FindException | ResolutionException | LayerInstantiationException e) {
      throw new PluginLoadException(
          manifest.name(),
          modules,
          Rule.RESOLUTION,
          "its modules do not resolve against the host's layer: " + e.getMessage(),
          e);
    }
  }

  private static ModuleFinder finder(Prepared plugin, Path modules) {
    if (!Files.isDirectory(modules)) {
      throw fail(
          plugin,
          plugin.directory(),
          Rule.LAYOUT,
          "has no " + MODULES_DIR + "/ folder; put the plugin's jars in " + MODULES_DIR + "/");
    }
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(modules, "*.jar")) {
      stream.forEach(jars::add);
    } catch (IOException e) {
      throw new PluginLoadException(
          plugin.manifest().name(), modules, Rule.LAYOUT, "cannot be listed: " + e, e);
    }
    if (jars.isEmpty()) {
      throw fail(plugin, modules, Rule.LAYOUT, "holds no .jar file");
    }
    jars.sort(null);
    ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
    try {
      finder.findAll();
    } catch (FindException e) {
      throw new PluginLoadException(
          plugin.manifest().name(),
          modules,
          Rule.LAYOUT,
          "a jar is not a usable module: " + e.getMessage(),
          e);
    }
    return finder;
  }

  private static void checkNoShadowing(Prepared plugin, ModuleFinder finder, ModuleLayer parent) {
    List<ModuleReference> refs =
        finder.findAll().stream().sorted(Comparator.comparing(r -> r.descriptor().name())).toList();
    for (ModuleReference ref : refs) {
      String name = ref.descriptor().name();
      if (parent.findModule(name).isPresent() || SYSTEM_MODULES.find(name).isPresent()) {
        throw fail(
            plugin,
            ref.location().map(Path::of).orElse(plugin.directory()),
            Rule.SHADOWS_HOST_MODULE,
            "carries module '"
                + name
                + "', which the host already has; the plugin would get its own copy instead of"
                + " the host's. Leave it out of the plugin (the host provides it)");
      }
    }
  }

  private static PluginLoadException fail(Prepared plugin, Path file, Rule rule, String detail) {
    return new PluginLoadException(plugin.manifest().name(), file, rule, detail, null);
  }
}
