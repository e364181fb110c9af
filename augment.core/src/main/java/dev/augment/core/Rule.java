package dev.augment.core;

import dev.augment.api.Api;

/**
 * The rules a plugin can break when it is loaded; every failure names one.
 *
 * <p>The {@linkplain #code() code} is stable and appears in log lines and failure messages, so that
 * operators can search for it. {@code docs/rules.md} explains each rule and how to fix it.
 */
@Api.Stable
public enum Rule {
  /** The plugin path is neither a folder nor a {@code .zip}, or it cannot be read. */
  SOURCE("source"),
  /** The zip is damaged, too large, or has an entry that would land outside the cache. */
  ARCHIVE("archive"),
  /** {@code plugin.manifest.json} is missing, too large, not JSON, or breaks the schema. */
  MANIFEST("manifest"),
  /** The plugin has no {@code modules/} folder or no jar in it, or a jar cannot be read. */
  LAYOUT("layout"),
  /** The manifest's {@code entryPoint} names no module found in the plugin's jars. */
  ENTRY_MODULE("entry-module"),
  /** The plugin carries a module that the host already has, which would shadow it. */
  SHADOWS_HOST_MODULE("shadows-host-module"),
  /** The plugin's modules do not resolve (missing module, cycle, split package, ...). */
  RESOLUTION("resolution"),
  /** A {@code compatibility} range is not met, or names something the host does not know. */
  INCOMPATIBLE("incompatible"),
  /** The manifest declares a capability the host does not define. */
  UNKNOWN_CAPABILITY("unknown-capability"),
  /** The plugin reads a module its declared capabilities do not grant. */
  CAPABILITY_DENIED("capability-denied"),
  /** A class file breaks the host's bytecode policy (System.exit, setAccessible, Unsafe, ...). */
  POLICY("bytecode-policy"),
  /** The plugin's layer defines no provider of the host's contract. */
  NO_PROVIDER("no-provider"),
  /** The plugin's layer defines more than one provider of the host's contract. */
  AMBIGUOUS_PROVIDER("ambiguous-provider"),
  /** The provider could not be instantiated: its constructor or provider method threw. */
  PROVIDER_FAILED("provider-failed"),
  /** The host's validator rejected the provider. */
  VALIDATOR("validator"),
  /** Another plugin of the same name was chosen; see {@code docs/rules.md} for the order. */
  DUPLICATE_NAME("duplicate-name"),
  /** The plugin's setup threw, or did not finish within the host's time budget. */
  SETUP_FAILED("setup-failed"),
  /** A dependency the manifest declares, not optional, is not among the plugins. */
  @Api.Experimental
  DEPENDENCY_MISSING("dependency-missing"),
  /** A dependency is there, but its version is not in the range the manifest declares. */
  @Api.Experimental
  DEPENDENCY_INCOMPATIBLE("dependency-incompatible"),
  /** A dependency was refused in the same pass, so this plugin cannot be built on it. */
  @Api.Experimental
  DEPENDENCY_FAILED("dependency-failed"),
  /** The plugin is on a cycle of dependencies. */
  @Api.Experimental
  DEPENDENCY_CYCLE("dependency-cycle");

  private final String code;

  Rule(String code) {
    this.code = code;
  }

  /**
   * Returns the stable, lower-case code of this rule, for example {@code no-provider}.
   *
   * @return the code
   */
  public String code() {
    return code;
  }
}
