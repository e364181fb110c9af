package dev.augment.core.internal.checks;

import dev.augment.api.Api;
import dev.augment.core.PluginFailure;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.HostRules;
import dev.augment.core.internal.plugin.ModuleSet;
import dev.augment.core.internal.plugin.Prepared;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rules {@link Rule#NO_PROVIDER} and {@link Rule#AMBIGUOUS_PROVIDER}: a plugin provides the host's
 * contract exactly once, in any of its modules (a bundled module counts; a plain jar provides
 * through {@code META-INF/services}, which the JDK reads into its descriptor).
 *
 * <p>Checked on the descriptors before the layer exists, so a plugin without a provider runs no
 * code; the host checks the providers its layer yields against the same rule, with the same words.
 */
@Api.Internal
public final class ProviderCheck implements ModuleCheck {

  private final HostRules rules;

  /**
   * Creates the check.
   *
   * @param rules the host's rules; without a contract there is nothing to check
   */
  public ProviderCheck(HostRules rules) {
    this.rules = rules;
  }

  @Override
  public void check(Prepared plugin, ModuleSet modules, Failures out) {
    if (rules.contract().isEmpty() || !rules.applies(Rule.NO_PROVIDER)) {
      return;
    }
    String contract = rules.contract().get();
    List<String> providers = new ArrayList<>();
    for (ModuleReference ref : modules.references()) {
      if (rules.hostHas(ref.descriptor().name())) {
        // A module the host has is refused by the shadowing check; its providers are not the
        // plugin's.
        continue;
      }
      for (ModuleDescriptor.Provides p : ref.descriptor().provides()) {
        if (p.service().equals(contract)) {
          providers.addAll(p.providers());
        }
      }
    }
    failure(plugin, contract, providers).ifPresent(out::add);
  }

  /**
   * Judges the providers a plugin has: none or more than one is a failure.
   *
   * @param plugin the plugin
   * @param contract the contract's binary name
   * @param providers the provider class names found
   * @return the failure, or empty when there is exactly one
   */
  public static Optional<PluginFailure> failure(
      Prepared plugin, String contract, List<String> providers) {
    if (providers.isEmpty()) {
      return Optional.of(
          plugin.failure(
              Rule.NO_PROVIDER,
              "no module of the plugin provides "
                  + contract
                  + "; add `provides "
                  + contract
                  + " with ...` to module "
                  + plugin.manifest().entryPoint()
                  + " (a plain jar lists it in META-INF/services/"
                  + contract
                  + ")"));
    }
    if (providers.size() > 1) {
      return Optional.of(
          plugin.failure(
              Rule.AMBIGUOUS_PROVIDER,
              "a plugin has exactly one provider of "
                  + contract
                  + ", found "
                  + providers.stream().sorted().toList()));
    }
    return Optional.empty();
  }
}
