package dev.augment.core.internal.checks;

import dev.augment.api.Api;
import dev.augment.core.Capability;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.Grants;
import dev.augment.core.internal.plugin.HostRules;
import dev.augment.core.internal.plugin.Prepared;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Rule {@link Rule#UNKNOWN_CAPABILITY}: looks up the capabilities a manifest declares and returns
 * what they grant. A consumer that does not apply the rule grants nothing beyond the base modules.
 */
@Api.Internal
public final class CapabilityCheck {

  private final HostRules rules;

  /**
   * Creates the check.
   *
   * @param rules the host's rules
   */
  public CapabilityCheck(HostRules rules) {
    this.rules = rules;
  }

  /**
   * Reports every declared capability the host does not define, and returns the grants of the ones
   * it does.
   *
   * @param plugin the prepared plugin
   * @param out where failures go
   * @return the grants of the known capabilities
   */
  public Grants grants(Prepared plugin, Failures out) {
    String name = plugin.name();
    if (!rules.applies(Rule.UNKNOWN_CAPABILITY)) {
      return Grants.of(name, List.of(), List.of(), rules.baseModules());
    }
    List<String> known = new ArrayList<>();
    List<Capability> granted = new ArrayList<>();
    for (String declared : plugin.manifest().capabilities()) {
      Capability c = rules.capabilities().get(declared);
      if (c == null) {
        out.add(
            plugin.failure(
                Rule.UNKNOWN_CAPABILITY,
                "declares capability '"
                    + declared
                    + "', which this host does not define; it defines "
                    + new TreeSet<>(rules.capabilities().keySet())));
      } else {
        known.add(declared);
        granted.add(c);
      }
    }
    return Grants.of(name, known, granted, rules.baseModules());
  }
}
