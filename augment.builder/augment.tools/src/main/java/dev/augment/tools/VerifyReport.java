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
 * a host reports in {@code PluginHost.failures()}, and how its dependencies were settled.
 *
 * @param plugin the plugin folder or zip
 * @param manifest its manifest, when it could be read
 * @param problems every failure found, in check order; empty when the plugin is fine
 * @param timing how long preparing and checking the plugin took, when the report comes from {@link
 *     PluginVerifier#list}: the steps a host runs before any plugin code (define, provider and
 *     setup are zero, since the verifier loads nothing)
 * @param dependencies the manifest's dependencies in manifest order, each with what a host would
 *     build on for it; every one is {@link DependencyLink.State#UNCHECKED} when the plugin was
 *     verified alone
 * @param dependents the names of the plugins beside it whose layers a host would build on this one,
 *     sorted; empty when it was verified alone
 */
@Api.Experimental
public record VerifyReport(
    Path plugin,
    Optional<PluginManifest> manifest,
    List<PluginFailure> problems,
    Optional<LoadTiming> timing,
    List<DependencyLink> dependencies,
    List<String> dependents) {

  /**
   * Creates a report and copies the lists.
   *
   * @param plugin see the record description
   * @param manifest see the record description
   * @param problems see the record description
   * @param timing see the record description
   * @param dependencies see the record description
   * @param dependents see the record description
   */
  public VerifyReport {
    problems = List.copyOf(problems);
    dependencies = List.copyOf(dependencies);
    dependents = List.copyOf(dependents);
  }

  /**
   * Creates the report of a plugin verified alone, whose dependencies are not checked.
   *
   * @param plugin see the record description
   * @param manifest see the record description
   * @param problems see the record description
   * @param timing see the record description
   */
  public VerifyReport(
      Path plugin,
      Optional<PluginManifest> manifest,
      List<PluginFailure> problems,
      Optional<LoadTiming> timing) {
    this(plugin, manifest, problems, timing, unchecked(manifest), List.of());
  }

  /**
   * Creates the report of a plugin verified alone, without a timing.
   *
   * @param plugin see the record description
   * @param manifest see the record description
   * @param problems see the record description
   */
  public VerifyReport(
      Path plugin, Optional<PluginManifest> manifest, List<PluginFailure> problems) {
    this(plugin, manifest, problems, Optional.empty());
  }

  private static List<DependencyLink> unchecked(Optional<PluginManifest> manifest) {
    return manifest.map(PluginManifest::dependencies).orElse(List.of()).stream()
        .map(d -> new DependencyLink(d, Optional.empty(), DependencyLink.State.UNCHECKED))
        .toList();
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

  /**
   * Tells whether the dependencies were checked against the plugins beside it, as a host settles
   * them; when not, the manifest's {@code dependencies} were only read (their syntax and ranges).
   *
   * @return {@code false} when some dependency is {@link DependencyLink.State#UNCHECKED}
   */
  public boolean dependenciesChecked() {
    return dependencies.stream().noneMatch(d -> d.state() == DependencyLink.State.UNCHECKED);
  }
}
