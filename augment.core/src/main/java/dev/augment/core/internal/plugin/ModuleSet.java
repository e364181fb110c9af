package dev.augment.core.internal.plugin;

import dev.augment.api.Api;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A plugin's modules by name, each from one jar of its {@code modules/} folder: computed once and
 * carried through resolution, the checks and the layer.
 *
 * @param byName the modules, sorted by name
 */
@Api.Internal
public record ModuleSet(Map<String, ModuleReference> byName) {

  /** Copies the modules into a sorted, unmodifiable map. */
  public ModuleSet {
    byName = Collections.unmodifiableMap(new TreeMap<>(byName));
  }

  /**
   * Returns the module references, sorted by module name.
   *
   * @return the references
   */
  public Collection<ModuleReference> references() {
    return byName.values();
  }

  /**
   * Returns the jar a module came from.
   *
   * @param module a module of the plugin
   * @return its jar, or empty when the plugin has no such module
   */
  public Optional<Path> jar(String module) {
    return Optional.ofNullable(byName.get(module)).flatMap(ModuleReference::location).map(Path::of);
  }

  /**
   * Returns every jar, in module-name order.
   *
   * @return the jars
   */
  public Path[] jars() {
    return byName.values().stream()
        .map(r -> Path.of(r.location().orElseThrow()))
        .toArray(Path[]::new);
  }

  /**
   * Returns the plugin module that holds a class.
   *
   * @param className a binary class name, dotted or with slashes
   * @return the module's name, or empty when no module of the plugin holds its package
   */
  public Optional<String> moduleOfClass(String className) {
    String name = className.replace('/', '.');
    int dot = name.lastIndexOf('.');
    String pkg = dot < 0 ? "" : name.substring(0, dot);
    return byName.entrySet().stream()
        .filter(e -> e.getValue().descriptor().packages().contains(pkg))
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
