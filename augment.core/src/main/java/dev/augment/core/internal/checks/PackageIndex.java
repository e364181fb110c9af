package dev.augment.core.internal.checks;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which module of the host's layers, or of the JDK, holds a package.
 *
 * <p>Used to tell which modules a plain-jar plugin really uses: its class files name packages, not
 * modules. JDK modules that the host did not resolve still count, so that a reference to {@code
 * java.sql} is reported as {@code java.sql} even when the host image lacks it.
 */
final class PackageIndex {

  private final Map<String, String> moduleOfPackage = new HashMap<>();

  PackageIndex(ModuleLayer parent) {
    for (ModuleReference ref : ModuleFinder.ofSystem().findAll()) {
      ModuleDescriptor d = ref.descriptor();
      d.packages().forEach(p -> moduleOfPackage.put(p, d.name()));
    }
    addLayers(parent);
  }

  private void addLayers(ModuleLayer layer) {
    for (Module module : layer.modules()) {
      module.getPackages().forEach(p -> moduleOfPackage.put(p, module.getName()));
    }
    layer.parents().forEach(this::addLayers);
  }

  /**
   * Returns the module holding a package.
   *
   * @param pkg a dotted package name
   * @return the module's name, or empty when no host or JDK module holds it
   */
  Optional<String> moduleOf(String pkg) {
    return Optional.ofNullable(moduleOfPackage.get(pkg));
  }
}
