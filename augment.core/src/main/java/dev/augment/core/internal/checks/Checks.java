package dev.augment.core.internal.checks;

import dev.augment.core.BytecodePolicy;
import dev.augment.core.Capability;
import dev.augment.core.CapabilityAudit;
import dev.augment.core.PluginLoadException;
import dev.augment.core.PluginManifest;
import dev.augment.core.Rule;
import dev.augment.core.Version;
import dev.augment.core.VersionRange;
import dev.augment.core.internal.layer.PluginLoader.Prepared;
import dev.augment.core.internal.policy.ClassScanner;
import dev.augment.core.internal.policy.PolicyCheck;
import dev.augment.core.internal.policy.Reference;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ResolvedModule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The checks a plugin passes before any of its code runs: compatibility, capabilities and the
 * bytecode policy.
 *
 * <p>Compatibility is checked on the manifest alone; capabilities are looked up on the manifest;
 * module grants and the policy are checked on the plugin's resolved configuration and its class
 * files, read with ASM, before its layer is defined.
 */
public final class Checks {

  /** The compatibility key for Augment's own version. */
  public static final String AUGMENT = "augment";

  /** The compatibility key for the host's contract version. */
  public static final String CONTRACT = "contract";

  private final Map<String, Capability> capabilities;
  private final Set<String> baseModules;
  private final boolean enforceModules;
  private final BytecodePolicy policy;
  private final Version augmentVersion;
  private final Optional<Version> contractVersion;
  private final ModuleLayer parent;
  private volatile PackageIndex index;

  /**
   * Creates the checks of one host.
   *
   * @param capabilities the capabilities the host defines, by name
   * @param baseModules the modules every plugin may read
   * @param enforceModules {@code true} for a host: refuse plugins that read modules their
   *     capabilities do not grant, and check {@code compatibility.contract}; {@code false} for a
   *     standalone load, which knows neither the host's grants nor its contract
   * @param policy the bytecode policy
   * @param augmentVersion Augment's version
   * @param contractVersion the host's contract version, if it declares one
   * @param parent the host's layer
   */
  public Checks(
      Map<String, Capability> capabilities,
      Set<String> baseModules,
      boolean enforceModules,
      BytecodePolicy policy,
      Version augmentVersion,
      Optional<Version> contractVersion,
      ModuleLayer parent) {
    this.capabilities = Map.copyOf(capabilities);
    this.baseModules = Set.copyOf(baseModules);
    this.enforceModules = enforceModules;
    this.policy = policy;
    this.augmentVersion = augmentVersion;
    this.contractVersion = contractVersion;
    this.parent = parent;
  }

  /**
   * Checks the manifest's compatibility ranges against Augment's and the contract's versions.
   *
   * @param plugin the prepared plugin
   * @throws PluginLoadException with {@link Rule#INCOMPATIBLE} if a range is not met or names
   *     something unknown
   */
  public void compatibility(Prepared plugin) {
    PluginManifest m = plugin.manifest();
    for (Map.Entry<String, String> e : m.compatibility().entrySet()) {
      Version actual;
      if (e.getKey().equals(AUGMENT)) {
        actual = augmentVersion;
      } else if (e.getKey().equals(CONTRACT)) {
        if (!enforceModules) {
          // A standalone load knows no contract; a PluginHost always checks this key.
          continue;
        }
        actual =
            contractVersion.orElseThrow(
                () ->
                    fail(
                        plugin,
                        Rule.INCOMPATIBLE,
                        "compatibility.contract asks for '"
                            + e.getValue()
                            + "', but this host declares no contract version"));
      } else {
        throw fail(
            plugin,
            Rule.INCOMPATIBLE,
            "compatibility names '"
                + e.getKey()
                + "'; this host knows only ["
                + AUGMENT
                + ", "
                + CONTRACT
                + "]");
      }
      if (!VersionRange.parse(e.getValue()).test(actual)) {
        throw fail(
            plugin,
            Rule.INCOMPATIBLE,
            "needs "
                + e.getKey()
                + " '"
                + e.getValue()
                + "', but this host has "
                + e.getKey()
                + " "
                + actual);
      }
    }
  }

  /**
   * Looks up the plugin's declared capabilities.
   *
   * @param plugin the prepared plugin
   * @return what they grant
   * @throws PluginLoadException with {@link Rule#UNKNOWN_CAPABILITY} if the host defines one of
   *     them not
   */
  public Grants grants(Prepared plugin) {
    if (!enforceModules) {
      return Grants.of(plugin.manifest().name(), List.of(), List.of(), baseModules);
    }
    List<Capability> granted = new ArrayList<>();
    for (String name : plugin.manifest().capabilities()) {
      Capability c = capabilities.get(name);
      if (c == null) {
        throw fail(
            plugin,
            Rule.UNKNOWN_CAPABILITY,
            "declares capability '"
                + name
                + "', which this host does not define; it defines "
                + new TreeSet<>(capabilities.keySet()));
      }
      granted.add(c);
    }
    return Grants.of(
        plugin.manifest().name(), plugin.manifest().capabilities(), granted, baseModules);
  }

  /**
   * Checks the plugin's resolved modules and class files against its grants and the policy.
   *
   * @param plugin the prepared plugin
   * @param grants its grants
   * @param configuration its resolved configuration, not yet a layer
   * @return the audit of what it declared, was granted and references
   * @throws PluginLoadException with {@link Rule#CAPABILITY_DENIED} or {@link Rule#POLICY}
   */
  public CapabilityAudit verify(Prepared plugin, Grants grants, Configuration configuration) {
    Set<String> own =
        configuration.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
    ClassScanner.Scan scan =
        ClassScanner.scan(configuration.modules().stream().map(ResolvedModule::reference).toList());

    Set<String> required = new TreeSet<>();
    List<String> denied = new ArrayList<>();
    for (ResolvedModule module : configuration.modules()) {
      ModuleDescriptor d = module.reference().descriptor();
      for (ModuleDescriptor.Requires r : d.requires()) {
        if (own.contains(r.name())) {
          continue;
        }
        required.add(r.name());
        if (!grants.modules().contains(r.name())
            && !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
          denied.add("module " + d.name() + " requires " + r.name());
        }
      }
    }
    Set<String> referenced = new TreeSet<>();
    PackageIndex packages = index();
    Set<String> automaticPackages = new HashSet<>();
    configuration.modules().stream()
        .map(m -> m.reference().descriptor())
        .filter(ModuleDescriptor::isAutomatic)
        .forEach(d -> automaticPackages.addAll(d.packages()));
    for (Reference ref : scan.references()) {
      if (ref.literal()) {
        continue;
      }
      String pkg = ClassScanner.packageOf(ref.owner());
      if (scan.ownPackages().contains(pkg)) {
        continue;
      }
      Optional<String> module = packages.moduleOf(pkg);
      if (module.isEmpty() || own.contains(module.get())) {
        continue;
      }
      referenced.add(module.get());
      String fromPackage = ClassScanner.packageOf(ref.fromClass().replace('.', '/'));
      if (automaticPackages.contains(fromPackage) && !grants.modules().contains(module.get())) {
        denied.add(ref.location() + " uses " + pkg + " of module " + module.get());
      }
    }
    if (enforceModules && !denied.isEmpty()) {
      throw fail(
          plugin,
          Rule.CAPABILITY_DENIED,
          "reads modules its capabilities "
              + grants.declared()
              + " do not grant: "
              + denied.stream().distinct().limit(10).toList()
              + (denied.size() > 10 ? " and more" : "")
              + "; declare a capability that grants them, or ask the host to define one");
    }
    List<PolicyCheck.Violation> violations =
        PolicyCheck.violations(policy, scan, grants.permissions());
    if (!violations.isEmpty()) {
      throw fail(
          plugin,
          Rule.POLICY,
          "breaks the bytecode policy: "
              + violations.stream().limit(10).map(PolicyCheck.Violation::describe).toList()
              + (violations.size() > 10 ? " and " + (violations.size() - 10) + " more" : ""));
    }
    return new CapabilityAudit(
        grants.plugin(),
        grants.declared(),
        grants.granted(),
        grants.modules(),
        required,
        referenced,
        grants.permissions());
  }

  private PackageIndex index() {
    PackageIndex i = index;
    if (i == null) {
      i = new PackageIndex(parent);
      index = i;
    }
    return i;
  }

  private static PluginLoadException fail(Prepared plugin, Rule rule, String detail) {
    return new PluginLoadException(
        plugin.manifest().name(),
        plugin.report(plugin.directory().resolve(PluginManifest.FILE_NAME)),
        rule,
        detail,
        null);
  }
}
