package dev.augment.core.internal.checks;

import dev.augment.api.Api;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.ModuleSet;
import dev.augment.core.internal.plugin.Prepared;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rule {@link Rule#RESOLUTION}, for what the JDK would refuse only when the layer is defined: two
 * modules of the plugin holding one package (one class loader cannot define it twice), and a
 * package in {@code java.*}, which only the boot layer may hold.
 */
@Api.Internal
public final class PackageCheck implements ModuleCheck {

  @Override
  public void check(Prepared plugin, ModuleSet modules, Failures out) {
    Map<String, List<String>> modulesOfPackage = new TreeMap<>();
    for (ModuleReference ref : modules.references()) {
      String module = ref.descriptor().name();
      for (String pkg : new java.util.TreeSet<>(ref.descriptor().packages())) {
        modulesOfPackage.computeIfAbsent(pkg, k -> new ArrayList<>()).add(module);
        if (pkg.equals("java") || pkg.startsWith("java.")) {
          out.add(
              plugin.failure(
                  Path.of(ref.location().orElseThrow()),
                  Rule.RESOLUTION,
                  "holds package "
                      + pkg
                      + " in module "
                      + module
                      + "; only the JDK may define java.* packages"));
        }
      }
    }
    modulesOfPackage.forEach(
        (pkg, holders) -> {
          if (holders.size() > 1) {
            out.add(
                plugin.failure(
                    plugin.modulesDir(),
                    Rule.RESOLUTION,
                    "split package "
                        + pkg
                        + " between modules "
                        + holders
                        + "; one class loader cannot define a package twice, keep it in one jar"));
          }
        });
  }
}
