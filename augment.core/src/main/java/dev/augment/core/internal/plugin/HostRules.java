package dev.augment.core.internal.plugin;

import dev.augment.api.Api;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.Capability;
import dev.augment.core.Rule;
import dev.augment.core.Version;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the load pipeline checks a plugin against, and which of its rules apply: computed once per
 * host (or per standalone load, or per verifier) and shared by every check.
 *
 * <p>A host and the verifier apply every rule. A standalone load ({@code Layers.load}) knows
 * neither the host's capabilities nor its contract: it applies no capability rule, checks no
 * provider until its caller asks for one, and never checks {@code compatibility.contract}.
 *
 * @param applied the rules this consumer checks
 * @param augmentVersion the version {@code compatibility.augment} is checked against
 * @param contract the contract's binary name; empty when the consumer knows no contract
 * @param contractVersion the contract's version, when the host declares one
 * @param capabilities the capabilities the host defines, by name, in definition order
 * @param baseModules the modules every plugin may read
 * @param hostModules module names the host has beyond {@code hostConfiguration} (a verifier's
 *     description names them); no plugin may carry one
 * @param policy the bytecode policy
 * @param hostConfiguration the configuration plugins resolve against: the host's layer's
 */
@Api.Internal
public record HostRules(
    Set<Rule> applied,
    Version augmentVersion,
    Optional<String> contract,
    Optional<Version> contractVersion,
    Map<String, Capability> capabilities,
    Set<String> baseModules,
    Set<String> hostModules,
    BytecodePolicy policy,
    Configuration hostConfiguration) {

  private static final ModuleFinder SYSTEM_MODULES = ModuleFinder.ofSystem();

  /** The rules a standalone load does not apply: it knows no capabilities, contract or peers. */
  private static final Set<Rule> NOT_STANDALONE =
      EnumSet.of(
          Rule.UNKNOWN_CAPABILITY,
          Rule.CAPABILITY_DENIED,
          Rule.NO_PROVIDER,
          Rule.AMBIGUOUS_PROVIDER,
          Rule.VALIDATOR,
          Rule.DUPLICATE_NAME,
          Rule.SETUP_FAILED);

  /** Copies the collections. */
  public HostRules {
    applied = Collections.unmodifiableSet(EnumSet.copyOf(applied));
    capabilities = Collections.unmodifiableMap(new LinkedHashMap<>(capabilities));
    baseModules = Set.copyOf(baseModules);
    hostModules = Set.copyOf(hostModules);
  }

  /**
   * The rules of a host, or of a verifier that speaks for one: every rule applies.
   *
   * @param augmentVersion the host's Augment version
   * @param contract the contract's binary name
   * @param contractVersion the contract's version, if declared
   * @param capabilities the capabilities the host defines, by name
   * @param baseModules the modules every plugin may read
   * @param hostModules module names the host has beyond its configuration
   * @param policy the bytecode policy
   * @param hostConfiguration the configuration of the host's layer
   * @return the rules
   */
  public static HostRules host(
      Version augmentVersion,
      String contract,
      Optional<Version> contractVersion,
      Map<String, Capability> capabilities,
      Set<String> baseModules,
      Set<String> hostModules,
      BytecodePolicy policy,
      Configuration hostConfiguration) {
    return new HostRules(
        EnumSet.allOf(Rule.class),
        augmentVersion,
        Optional.of(contract),
        contractVersion,
        capabilities,
        baseModules,
        hostModules,
        policy,
        hostConfiguration);
  }

  /**
   * The rules of a standalone load: the default policy, no capabilities, no contract.
   *
   * @param augmentVersion Augment's version
   * @param hostConfiguration the configuration of the parent layer
   * @return the rules
   */
  public static HostRules standalone(Version augmentVersion, Configuration hostConfiguration) {
    Set<Rule> applied = EnumSet.allOf(Rule.class);
    applied.removeAll(NOT_STANDALONE);
    return new HostRules(
        applied,
        augmentVersion,
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        Set.of("java.base", "augment.api", "org.slf4j"),
        Set.of(),
        BytecodePolicy.defaults(),
        hostConfiguration);
  }

  /**
   * Tells whether the host already has a module of this name: in its layers, in its description, or
   * in the JDK. A plugin may not carry such a module.
   *
   * @param module a module name
   * @return {@code true} if the host has it
   */
  public boolean hostHas(String module) {
    return hostConfiguration.findModule(module).isPresent()
        || hostModules.contains(module)
        || SYSTEM_MODULES.find(module).isPresent();
  }

  /**
   * Tells whether this consumer checks a rule.
   *
   * @param rule a rule
   * @return {@code true} if it applies
   */
  public boolean applies(Rule rule) {
    return applied.contains(rule);
  }
}
