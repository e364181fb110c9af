package dev.augment.tools;

import dev.augment.api.Api;
import dev.augment.core.LoadTiming;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What verifying one plugin found: the same failure values, with the same rules and messages, that
 * a host reports in {@code PluginHost.failures()}.
 *
 * @param plugin the plugin folder or zip
 * @param manifest its manifest, when it could be read
 * @param problems every failure found, in check order; empty when the plugin is fine
 * @param timing how long preparing and checking the plugin took, when the report comes from {@link
 *     PluginVerifier#list}: the steps a host runs before any plugin code (define, provider and
 *     setup are zero, since the verifier loads nothing)
 */
@Api.Experimental
public record VerifyReport(
    Path plugin,
    Optional<PluginManifest> manifest,
    List<PluginFailure> problems,
    Optional<LoadTiming> timing) {

  /**
   * Creates a report and copies the problems.
   *
   * @param plugin see the record description
   * @param manifest see the record description
   * @param problems see the record description
   * @param timing see the record description
   */
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /**
   * Creates a report without a timing.
   *
   * @param plugin see the record description
   * @param manifest see the record description
   * @param problems see the record description
   */
  public VerifyReport(
      Path plugin, Optional<PluginManifest> manifest, List<PluginFailure> problems) {
    this(plugin, manifest, problems, Optional.empty());
  }

  /**
   * Tells whether the plugin passed every check: a host would load it, unless its own code fails
   * (its constructor, the host's validator, its setup).
   *
   * @return {@code true} when there is no problem
   */
  public boolean ok() {
    return problems.isEmpty();
  }
}
