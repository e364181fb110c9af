package dev.augment.core.internal.checks;

import dev.augment.api.Api;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.HostRules;
import dev.augment.core.internal.plugin.ModuleSet;
import dev.augment.core.internal.plugin.Prepared;
import java.lang.module.ModuleReference;
import java.nio.file.Path;

/**
 * Rule {@link Rule#SHADOWS_HOST_MODULE}: a plugin may not carry a module the host or the JDK
 * already has, since the plugin's finder would shadow the host's copy.
 */
@Api.Internal
public final class ShadowingCheck implements ModuleCheck {

  private final HostRules rules;

  /**
   * Creates the check.
   *
   * @param rules the host's rules
   */
  public ShadowingCheck(HostRules rules) {
    this.rules = rules;
  }

  @Override
  public void check(Prepared plugin, ModuleSet modules, Failures out) {
    for (ModuleReference ref : modules.references()) {
      String name = ref.descriptor().name();
      if (rules.hostHas(name)) {
        out.add(
            plugin.failure(
                Path.of(ref.location().orElseThrow()),
                Rule.SHADOWS_HOST_MODULE,
                "carries module '"
                    + name
                    + "', which the host already has; the plugin would get its own copy instead"
                    + " of the host's. Leave it out of the plugin (the host provides it)"));
      }
    }
  }
}
