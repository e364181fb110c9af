package dev.augment.core.internal.checks;

import dev.augment.api.Api;
import dev.augment.core.Rule;
import dev.augment.core.Version;
import dev.augment.core.VersionRange;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.HostRules;
import dev.augment.core.internal.plugin.Prepared;
import java.util.Map;

/**
 * Rule {@link Rule#INCOMPATIBLE}: the manifest's {@code compatibility} ranges against Augment's and
 * the contract's versions. Runs on the manifest alone, right after it is read.
 */
@Api.Internal
public final class CompatibilityCheck {

  /** The compatibility key for Augment's own version. */
  public static final String AUGMENT = "augment";

  /** The compatibility key for the host's contract version. */
  public static final String CONTRACT = "contract";

  private final HostRules rules;

  /**
   * Creates the check.
   *
   * @param rules the host's rules
   */
  public CompatibilityCheck(HostRules rules) {
    this.rules = rules;
  }

  /**
   * Checks every range; each unmet or unknown one is a failure.
   *
   * @param plugin the prepared plugin
   * @param out where failures go
   */
  public void check(Prepared plugin, Failures out) {
    for (Map.Entry<String, VersionRange> e : plugin.manifest().compatibility().entrySet()) {
      String key = e.getKey();
      VersionRange range = e.getValue();
      Version actual;
      if (key.equals(AUGMENT)) {
        actual = rules.augmentVersion();
      } else if (key.equals(CONTRACT)) {
        if (rules.contract().isEmpty()) {
          // A standalone load knows no contract; a host and the verifier always check this key.
          continue;
        }
        if (rules.contractVersion().isEmpty()) {
          out.add(
              plugin.failure(
                  Rule.INCOMPATIBLE,
                  "compatibility.contract asks for '"
                      + range
                      + "', but this host declares no contract version"));
          continue;
        }
        actual = rules.contractVersion().get();
      } else {
        out.add(
            plugin.failure(
                Rule.INCOMPATIBLE,
                "compatibility names '"
                    + key
                    + "'; this host knows only ["
                    + AUGMENT
                    + ", "
                    + CONTRACT
                    + "]"));
        continue;
      }
      if (!range.test(actual)) {
        out.add(
            plugin.failure(
                Rule.INCOMPATIBLE,
                "needs " + key + " '" + range + "', but this host has " + key + " " + actual));
      }
    }
  }
}
