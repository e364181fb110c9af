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
    add(parent);
  }

  /**
   * The JDK's packages, indexed once per JVM and shared by every host: the system modules never
   * change while it runs, and listing them all costs a cold JVM tens of milliseconds.
   */
  private static final class Jdk {
    static final Map<String, String> MODULE_OF_PACKAGE = index();

    private Jdk() {}

    private static Map<String, String> index() {
      Map<String, String> index = new HashMap<>();
      for (ModuleReference ref : ModuleFinder.ofSystem().findAll()) {
        ModuleDescriptor d = ref.descriptor();
        d.packages().forEach(p -> index.put(p, d.name()));
      }
      return Map.copyOf(index);
    }
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
    // The host's layers win over the JDK's modules, as a layer's modules shadow the system's.
    String module = moduleOfPackage.get(pkg);
    return Optional.ofNullable(module != null ? module : Jdk.MODULE_OF_PACKAGE.get(pkg));
  }
}
