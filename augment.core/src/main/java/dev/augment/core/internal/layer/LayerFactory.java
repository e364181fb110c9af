package dev.augment.core.internal.layer;

import dev.augment.api.Api;
import dev.augment.core.PluginLayer;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Checked;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.ModuleSet;
import dev.augment.core.internal.plugin.Prepared;
import dev.augment.core.internal.plugin.Source;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The module-system steps of a load: list a plugin's modules, resolve them against the host's
 * layer, define the plugin's own layer with one class loader. None of them runs plugin code.
 */
@Api.Internal
public final class LayerFactory {

  private final Duration providerBudget;

  /**
   * Creates the factory.
   *
   * @param providerBudget how long the layers it defines let a provider take to be created
   */
  public LayerFactory(Duration providerBudget) {
    this.providerBudget = providerBudget;
  }

  /**
   * Lists the plugin's modules by name, one per jar of {@code modules/}; a module two jars hold, a
   * missing or empty folder and an unusable jar stop the plugin with {@link Rule#LAYOUT}.
   *
   * @param plugin the prepared plugin
   * @param out where failures go
   * @return its modules
   */
  public ModuleSet modules(Prepared plugin, Failures out) {
    Path modules = plugin.modulesDir();
    if (!Files.isDirectory(modules)
        && plugin.source().kind() == Source.Kind.FOLDER
        && Files.isDirectory(plugin.source().path().resolve(Source.MODULES_DIR))) {
      // The cache copies files, so a folder plugin's empty modules/ is not in its copy: it is
      // empty, not missing.
      throw out.stop(
          plugin.failure(modules, Rule.LAYOUT, "holds no .jar file; put the plugin's jars in it"),
          null);
    }
    if (!Files.isDirectory(modules)) {
      throw out.stop(
          plugin.failure(
              plugin.directory(),
              Rule.LAYOUT,
              "has no "
                  + Source.MODULES_DIR
                  + "/ folder; put the plugin's jars in "
                  + Source.MODULES_DIR
                  + "/"),
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
      throw out.stop(plugin.failure(modules, Rule.LAYOUT, "cannot be listed: " + e), e);
    }
    if (jars.isEmpty()) {
      throw out.stop(
          plugin.failure(modules, Rule.LAYOUT, "holds no .jar file; put the plugin's jars in it"),
          null);
    }
    jars.sort(null);
    Map<String, ModuleReference> byName = new TreeMap<>();
    for (Path jar : jars) {
      ModuleReference ref;
      try {
        ref = ModuleFinder.of(jar).findAll().iterator().next();
      } catch (FindException e) {
        throw out.stop(
            plugin.failure(
                jar,
                Rule.LAYOUT,
                "is not a usable module: "
                    + e.getMessage()
                    // "Error reading module: <jar>" says nothing; its cause says what is wrong.
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")")),
            e);
      }
      ModuleReference twin = byName.putIfAbsent(ref.descriptor().name(), ref);
      if (twin != null) {
        throw out.stop(
            plugin.failure(
                jar,
                Rule.LAYOUT,
                "holds module '"
                    + ref.descriptor().name()
                    + "', which "
                    + twin.location().map(Path::of).map(Path::getFileName).orElse(null)
                    + " holds too; keep one jar per module"),
            null);
      }
    }
    return new ModuleSet(byName);
  }

  /**
   * Resolves the plugin's modules against the host's configuration. Every jar in {@code modules/}
   * is part of the plugin, so every module is a root and a provider in a bundled module is found
   * whether or not some module of the host declares {@code uses}.
   *
   * @param plugin the prepared plugin
   * @param modules its modules
   * @param parents the configurations of the plugin's dependencies' layers, in manifest order, then
   *     the configuration of the host's layer
   * @param out where a {@link Rule#RESOLUTION} failure goes
   * @return the configuration, or empty when the modules do not resolve
   */
  public Optional<Configuration> resolve(
      Prepared plugin, ModuleSet modules, List<Configuration> parents, Failures out) {
    try {
      return Optional.of(
          Configuration.resolve(
              finder(modules), parents, ModuleFinder.of(), modules.byName().keySet()));
    } catch (FindException | ResolutionException e) {
      out.add(
          plugin.failure(
              plugin.modulesDir(),
              Rule.RESOLUTION,
              (parents.size() == 1
                      ? "do not resolve against the host's layer: "
                      : "do not resolve against the host's layer and the layers of the plugin's"
                          + " dependencies: ")
                  + e.getMessage()),
          e);
      return Optional.empty();
    }
  }

  /** A finder of the modules already listed: resolution does not open and read every jar again. */
  private static ModuleFinder finder(ModuleSet modules) {
    Set<ModuleReference> all = Set.copyOf(modules.references());
    return new ModuleFinder() {
      @Override
      public Optional<ModuleReference> find(String name) {
        return Optional.ofNullable(modules.byName().get(name));
      }

      @Override
      public Set<ModuleReference> findAll() {
        return all;
      }
    };
  }

  /**
   * Defines the plugin's layer, with one class loader for all its modules. No plugin code runs.
   *
   * @param plugin the checked plugin, with its configuration
   * @param parents its dependencies' layers, in the order of the configuration's parents, then the
   *     host's layer
   * @param out where a {@link Rule#RESOLUTION} failure goes
   * @return the layer
   */
  public PluginLayer define(Checked plugin, List<ModuleLayer> parents, Failures out) {
    Prepared p = plugin.prepared();
    try {
      ModuleLayer layer =
          ModuleLayer.defineModulesWithOneLoader(
                  plugin.configuration().orElseThrow(), parents, ClassLoader.getSystemClassLoader())
              .layer();
      return new DefaultPluginLayer(p, layer, providerBudget);
    } catch (LayerInstantiationException e) {
      throw out.stop(
          p.failure(
              p.modulesDir(),
              Rule.RESOLUTION,
              // The JDK names the loader by its identity hash, which changes every run.
              "cannot share one layer: " + e.getMessage().replaceAll("@[0-9a-f]{4,}", "")),
          e);
    }
  }
}
