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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a plugin folder or zip into a {@link PluginLayer}, in three steps. Plugins always run from
 * a copy in the host's cache (a zip extracted, a folder copied), so their originals may be replaced
 * or deleted at any time.
 *
 * <p>{@link #prepare} extracts a zip into the cache and reads the manifest; {@link #resolve} checks
 * the plugin's jars against the host's layer and resolves its modules; {@link #defineLayer} defines
 * the plugin's own layer with one class loader. No step runs plugin code: that starts when the
 * caller asks the layer for its providers. Between the steps a host settles name conflicts (from
 * manifests) and checks capabilities and the bytecode policy (on the resolved configuration).
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
   * A plugin whose files are in the cache and whose manifest is valid; no layer yet.
   *
   * @param source the folder or zip it came from
   * @param directory its copy in the host's cache, named by a hash of its content
   * @param manifest its manifest
   * @param zip {@code true} when the source is a zip
   */
  public record Prepared(Path source, Path directory, PluginManifest manifest, boolean zip) {

    /**
     * Returns the hash of the plugin's content: two sources with the same fingerprint hold the same
     * plugin, byte for byte.
     *
     * @return the fingerprint
     */
    public String fingerprint() {
      return directory.getFileName().toString();
    }

    /**
     * Returns the path to name in a failure about {@code file}: for a folder the same file in the
     * original folder, for a zip the zip, since the cache copy is an implementation detail.
     *
     * @param file a file of the plugin's cache copy
     * @return the path to report
     */
    public Path report(Path file) {
      return zip ? source : source.resolve(directory.relativize(file).toString());
    }

    /**
     * Replaces the cache folder in a message with the plugin's own path ({@code /p/x.zip!} for a
     * zip).
     *
     * @param text a message, such as one the JDK wrote
     * @return the message naming the plugin's source
     */
    public String hideCache(String text) {
      return text.replace(directory.toString(), zip ? source + "!" : source.toString());
    }

    /**
     * Names a file of the plugin relative to its root, for messages: {@code modules/x.jar}.
     *
     * @param file a file of the plugin
     * @return the relative name, with forward slashes
     */
    public String inside(Path file) {
      return directory.relativize(file).toString().replace('\\', '/');
    }
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
    boolean zip = false;
    if (Files.isDirectory(absolute)) {
      directory = cache.copyFolder(absolute);
    } else if (Files.isRegularFile(absolute) && label.toLowerCase(Locale.ROOT).endsWith(".zip")) {
      directory = cache.extract(absolute);
      zip = true;
    } else {
      throw new PluginLoadException(
          label, absolute, Rule.SOURCE, "is neither a plugin folder nor a .zip file", null);
    }
    Path reportAs = zip ? absolute : absolute.resolve(PluginManifest.FILE_NAME);
    return new Prepared(absolute, directory, manifests.read(directory, label, reportAs), zip);
  }

  /**
   * A plugin whose modules resolve against the host's layer; no layer, no class loaded yet.
   *
   * @param prepared the prepared plugin
   * @param configuration its resolved configuration
   */
  public record Resolved(Prepared prepared, Configuration configuration) {}

  /**
   * Checks the plugin's jars and resolves its modules against the host's layer.
   *
   * @param plugin the prepared plugin
   * @param parent the configuration of the host's layer
   * @return the resolved plugin
   * @throws PluginLoadException if the layout, the entry module, shadowing or resolution is wrong
   */
  public Resolved resolve(Prepared plugin, Configuration parent) {
    Map<String, ModuleReference> own = listModules(plugin);
    List<PluginLoadException> shadowing = shadowing(plugin, own, parent, Set.of());
    if (!shadowing.isEmpty()) {
      throw shadowing.get(0);
    }
    entryModule(plugin, own)
        .ifPresent(
            e -> {
              throw e;
            });
    return resolveModules(plugin, own, parent);
  }

  /**
   * Resolves the plugin's modules; every jar in {@code modules/} is part of the plugin, so every
   * module is a root and a provider in a bundled module is found whether or not some module of the
   * host declares {@code uses}.
   *
   * @param plugin the prepared plugin
   * @param own its modules, from {@link #listModules}
   * @param parent the configuration of the host's layer
   * @return the resolved plugin
   * @throws PluginLoadException with {@link Rule#RESOLUTION} if they do not resolve
   */
  public Resolved resolveModules(
      Prepared plugin, Map<String, ModuleReference> own, Configuration parent) {
    try {
      return new Resolved(
          plugin,
          Configuration.resolve(
              ModuleFinder.of(jarsOf(own)), List.of(parent), ModuleFinder.of(), own.keySet()));
    } catch (FindException | ResolutionException e) {
      throw fail(
          plugin,
          plugin.directory().resolve(MODULES_DIR),
          Rule.RESOLUTION,
          "do not resolve against the host's layer: " + e.getMessage(),
          e);
    }
  }

  /**
   * Checks that the manifest's entry point names one of the plugin's modules.
   *
   * @param plugin the prepared plugin
   * @param own its modules
   * @return the failure, or empty when the entry module is there
   */
  public Optional<PluginLoadException> entryModule(
      Prepared plugin, Map<String, ModuleReference> own) {
    if (own.containsKey(plugin.manifest().entryPoint())) {
      return Optional.empty();
    }
    return Optional.of(
        fail(
            plugin,
            plugin.directory().resolve(MODULES_DIR),
            Rule.ENTRY_MODULE,
            "hold no module '"
                + plugin.manifest().entryPoint()
                + "', which the manifest's entryPoint names; they hold "
                + own.keySet(),
            null));
  }

  /**
   * Defines the plugin's layer, with one class loader for all its modules. No plugin code runs.
   *
   * @param resolved the resolved plugin
   * @param parent the host's layer
   * @return the loaded plugin
   * @throws PluginLoadException if the layer cannot be defined (two modules share a package)
   */
  public PluginLayer defineLayer(Resolved resolved, ModuleLayer parent) {
    Prepared plugin = resolved.prepared();
    try {
      ModuleLayer layer =
          ModuleLayer.defineModulesWithOneLoader(
                  resolved.configuration(), List.of(parent), ClassLoader.getSystemClassLoader())
              .layer();
      return new DefaultPluginLayer(plugin.manifest(), plugin.source(), plugin.directory(), layer);
    } catch (LayerInstantiationException e) {
      throw fail(
          plugin,
          plugin.directory().resolve(MODULES_DIR),
          Rule.RESOLUTION,
          "cannot share one layer: " + e.getMessage(),
          e);
    }
  }

  /**
   * Lists the plugin's modules by name, sorted, refusing a module that two jars hold.
   *
   * @param plugin the prepared plugin
   * @return its modules by name
   * @throws PluginLoadException with {@link Rule#LAYOUT} if the jars are missing or unusable
   */
  public Map<String, ModuleReference> listModules(Prepared plugin) {
    return modules(plugin, plugin.directory().resolve(MODULES_DIR));
  }

  private static Map<String, ModuleReference> modules(Prepared plugin, Path modules) {
    if (!Files.isDirectory(modules)) {
      throw fail(
          plugin,
          plugin.directory(),
          Rule.LAYOUT,
          "has no " + MODULES_DIR + "/ folder; put the plugin's jars in " + MODULES_DIR + "/",
          null);
    }
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(modules, "*.jar")) {
      stream.forEach(
          p -> {
            if (Files.isRegularFile(p)) {
              jars.add(p);
            }
          });
    } catch (IOException e) {
      throw fail(plugin, modules, Rule.LAYOUT, "cannot be listed: " + e, e);
    }
    if (jars.isEmpty()) {
      throw fail(plugin, modules, Rule.LAYOUT, "holds no .jar file", null);
    }
    jars.sort(null);
    Map<String, ModuleReference> byName = new TreeMap<>();
    for (Path jar : jars) {
      ModuleReference ref;
      try {
        ref = ModuleFinder.of(jar).findAll().iterator().next();
      } catch (FindException e) {
        throw fail(plugin, jar, Rule.LAYOUT, "is not a usable module: " + e.getMessage(), e);
      }
      ModuleReference twin = byName.putIfAbsent(ref.descriptor().name(), ref);
      if (twin != null) {
        throw fail(
            plugin,
            jar,
            Rule.LAYOUT,
            "holds module '"
                + ref.descriptor().name()
                + "', which "
                + twin.location().map(Path::of).map(Path::getFileName).orElse(null)
                + " holds too; keep one jar per module",
            null);
      }
    }
    return byName;
  }

  private static Path[] jarsOf(Map<String, ModuleReference> modules) {
    return modules.values().stream()
        .map(r -> Path.of(r.location().orElseThrow()))
        .toArray(Path[]::new);
  }

  /**
   * Finds every module of the plugin that the host already has.
   *
   * @param plugin the prepared plugin
   * @param own its modules
   * @param parent the configuration of the host's layer
   * @param hostModules more module names the host has, when its configuration is incomplete
   * @return one failure per shadowing module, empty when none
   */
  public List<PluginLoadException> shadowing(
      Prepared plugin,
      Map<String, ModuleReference> own,
      Configuration parent,
      Set<String> hostModules) {
    List<PluginLoadException> found = new ArrayList<>();
    for (ModuleReference ref : own.values()) {
      String name = ref.descriptor().name();
      if (parent.findModule(name).isPresent()
          || hostModules.contains(name)
          || SYSTEM_MODULES.find(name).isPresent()) {
        found.add(
            fail(
                plugin,
                Path.of(ref.location().orElseThrow()),
                Rule.SHADOWS_HOST_MODULE,
                "carries module '"
                    + name
                    + "', which the host already has; the plugin would get its own copy instead"
                    + " of the host's. Leave it out of the plugin (the host provides it)",
                null));
      }
    }
    return found;
  }

  /** A failure about one file of the plugin; a zip's files are named inside the zip. */
  private static PluginLoadException fail(
      Prepared plugin, Path file, Rule rule, String detail, Throwable cause) {
    return new PluginLoadException(
        plugin.manifest().name(),
        plugin.report(file),
        rule,
        (plugin.inside(file).isEmpty() ? "the plugin" : plugin.inside(file))
            + " "
            + plugin.hideCache(detail),
        cause);
  }
}
