package dev.augment.core.internal.checks;

import dev.augment.api.Api;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.ModuleSet;
import dev.augment.core.internal.plugin.Prepared;

/** Rule {@link Rule#ENTRY_MODULE}: the manifest's {@code entryPoint} names one of the modules. */
@Api.Internal
public final class EntryModuleCheck implements ModuleCheck {

  @Override
  public void check(Prepared plugin, ModuleSet modules, Failures out) {
    String entry = plugin.manifest().entryPoint();
    if (!modules.byName().containsKey(entry)) {
      out.add(
          plugin.failure(
              plugin.modulesDir(),
              Rule.ENTRY_MODULE,
              "hold no module '"
                  + entry
                  + "', which the manifest's entryPoint names; they hold "
                  + modules.byName().keySet()));
    }
  }
}
