package dev.augment.core.internal.checks;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
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

  PackageIndex(Configuration parent) {
    for (ModuleReference ref : ModuleFinder.ofSystem().findAll()) {
      ModuleDescriptor d = ref.descriptor();
      d.packages().forEach(p -> moduleOfPackage.put(p, d.name()));
    }
    add(parent);
  }

  private void add(Configuration configuration) {
    for (ResolvedModule module : configuration.modules()) {
      ModuleDescriptor d = module.reference().descriptor();
      d.packages().forEach(p -> moduleOfPackage.put(p, d.name()));
    }
    configuration.parents().forEach(this::add);
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
