package dev.augment.core.internal.plugin;

import dev.augment.api.Api;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.Capability;
import dev.augment.core.PolicyRule;
import dev.augment.core.Rule;
import dev.augment.core.Version;
import dev.augment.core.internal.Sha256;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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

  /**
   * Returns a fingerprint of everything a cached verdict about a plugin's bytes depends on beyond
   * the bytes: Augment's and the JDK's versions, the rules applied, the contract, every capability,
   * the base and host modules, the bytecode policy and the modules (with their packages) of the
   * host's layers. Two hosts with equal fingerprints judge the same bytes the same way; anything
   * that changes one of them makes the fingerprint, and so every cached verdict, differ.
   *
   * @return 64 hex digits of a SHA-256 over a canonical, sorted description; computed on each call,
   *     so a consumer computes it once
   */
  public String fingerprint() {
    StringBuilder b = new StringBuilder("augment-host-rules 1\n");
    b.append("augment ").append(augmentVersion).append('\n');
    b.append("java ").append(Runtime.version()).append('\n');
    b.append("applied ").append(sorted(applied.stream().map(Rule::code).toList())).append('\n');
    b.append("contract ").append(contract.orElse("")).append(' ');
    b.append(contractVersion.map(Version::toString).orElse("")).append('\n');
    for (Capability c : capabilities.values()) {
      b.append("capability ").append(c.name()).append(' ').append(sorted(c.modules()));
      b.append(' ').append(sorted(c.events().stream().map(Class::getName).toList()));
      b.append(' ').append(sorted(c.services().stream().map(Class::getName).toList()));
      b.append(' ').append(sorted(c.permissions())).append('\n');
    }
    b.append("base ").append(sorted(baseModules)).append('\n');
    b.append("host ").append(sorted(hostModules)).append('\n');
    for (PolicyRule r : policy.rules()) {
      b.append("policy ").append(r.id()).append(' ').append(r.targets());
      b.append(' ').append(r.permission().orElse("")).append('\n');
    }
    Map<String, String> modules = new TreeMap<>();
    addModules(hostConfiguration, modules);
    modules.forEach((name, d) -> b.append("module ").append(d).append('\n'));
    return Sha256.hex(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void addModules(Configuration configuration, Map<String, String> into) {
    for (ResolvedModule m : configuration.modules()) {
      ModuleDescriptor d = m.reference().descriptor();
      into.putIfAbsent(
          d.name(), d.name() + "@" + d.rawVersion().orElse("") + " " + sorted(d.packages()));
    }
    configuration.parents().forEach(p -> addModules(p, into));
  }

  private static List<String> sorted(java.util.Collection<String> values) {
    return values.stream().sorted().toList();
  }
}
