package dev.augment.core.internal.checks;

import dev.augment.api.Api;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.ModuleSet;
import dev.augment.core.internal.plugin.Prepared;

/**
 * A check of a plugin's modules, as their descriptors and jars say, before they are resolved.
 *
 * <p>The pipeline runs every module check in its list, in order; a new rule about what a plugin's
 * jars may hold is a new implementation added to that list.
 */
@Api.Internal
@FunctionalInterface
public interface ModuleCheck {

  /**
   * Checks the modules and reports each problem.
   *
   * @param plugin the prepared plugin
   * @param modules its modules
   * @param out where failures go
   */
  void check(Prepared plugin, ModuleSet modules, Failures out);
}
