package dev.augment.bench;

import dev.augment.bench.contract.Greeter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The floor: the JDK alone, one layer per plugin jar, with no archive, manifest or checks.
 *
 * <p>{@code ModuleFinder.of(jar)}, {@code resolveAndBind}, {@code defineModulesWithOneLoader} and
 * {@code ServiceLoader.load(layer, Greeter.class)}, keeping the provider the plugin's own layer
 * defines, as Augment does.
 */
final class JdkSystem extends PluginSystem {

  private final Map<String, Greeter> providers = new LinkedHashMap<>();
  private Path folder;

  @Override
  PluginFactory.Kind kind() {
    return PluginFactory.Kind.JDK;
  }

  @Override
  Greeter start(Path folder, Path cache, int expected) {
    this.folder = folder;
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
      for (Path jar : jars) {
        String file = jar.getFileName().toString();
        providers.put(file.substring("bench.".length(), file.length() - 4), load(jar));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (providers.size() != expected) {
      throw new IllegalStateException("the JDK loaded " + providers.size() + " of " + expected);
    }
    Greeter first = providers.values().iterator().next();
    first.greet("bench");
    return first;
  }

  private static Greeter load(Path jar) {
    ModuleFinder finder = ModuleFinder.of(jar);
    String root = finder.findAll().iterator().next().descriptor().name();
    ModuleLayer boot = ModuleLayer.boot();
    Configuration cf = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of(root));
    ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    return ServiceLoader.load(layer, Greeter.class).stream()
        .filter(p -> p.type().getModule().getLayer() == layer)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no provider in " + jar))
        .get();
  }

  @Override
  Map<String, Supplier<Object>> lookups(String someName) {
    return Map.of();
  }

  @Override
  void reloadChanged(String name) {
    providers.put(name, load(folder.resolve("bench." + name + ".jar")));
    providers.get(name).greet("bench");
  }

  @Override
  public void close() {
    providers.clear();
  }
}
