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
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
  private final boolean forHost;
  private final BytecodePolicy policy;
  private final Version augmentVersion;
  private final Optional<Version> contractVersion;
  private final Configuration parent;
  private volatile PackageIndex index;

  /**
   * Creates the checks of one host.
   *
   * @param capabilities the capabilities the host defines, by name
   * @param baseModules the modules every plugin may read
   * @param forHost {@code true} for a host: refuse plugins that read modules their capabilities do
   *     not grant, and check {@code compatibility.contract}; {@code false} for a standalone load,
   *     which knows neither the host's grants nor its contract
   * @param policy the bytecode policy
   * @param augmentVersion Augment's version
   * @param contractVersion the host's contract version, if it declares one
   * @param parent the configuration of the host's layer
   */
  public Checks(
      Map<String, Capability> capabilities,
      Set<String> baseModules,
      boolean forHost,
      BytecodePolicy policy,
      Version augmentVersion,
      Optional<Version> contractVersion,
      Configuration parent) {
    this.capabilities = Map.copyOf(capabilities);
    this.baseModules = Set.copyOf(baseModules);
    this.forHost = forHost;
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
        if (!forHost) {
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
   * Returns the capabilities a manifest declares that the host does not define.
   *
   * @param manifest the manifest
   * @return the unknown names, in manifest order
   */
  public List<String> unknownCapabilities(PluginManifest manifest) {
    return manifest.capabilities().stream().filter(c -> !capabilities.containsKey(c)).toList();
  }

  /**
   * Returns the grants of the declared capabilities the host defines, ignoring unknown ones.
   *
   * @param manifest the manifest
   * @return the grants
   */
  public Grants knownGrants(PluginManifest manifest) {
    List<String> known =
        manifest.capabilities().stream().filter(capabilities::containsKey).toList();
    return Grants.of(
        manifest.name(), known, known.stream().map(capabilities::get).toList(), baseModules);
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
    if (!forHost) {
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
   * What a plugin's modules and class files break, without stopping at the first problem.
   *
   * @param audit what the plugin declared, was granted and references
   * @param denied per module of the plugin, what it reads that its grants do not cover
   * @param violations every reference that breaks the bytecode policy
   */
  public record Findings(
      CapabilityAudit audit,
      Map<String, List<String>> denied,
      List<PolicyCheck.Violation> violations) {}

  /**
   * Checks the plugin's resolved modules and class files against its grants and the policy.
   *
   * @param plugin the prepared plugin
   * @param grants its grants
   * @param configuration its resolved configuration, not yet a layer
   * @return the audit of what it declared, was granted and references
   * @throws PluginLoadException with {@link Rule#LAYOUT} for an unreadable class file, {@link
   *     Rule#CAPABILITY_DENIED} or {@link Rule#POLICY}
   */
  public CapabilityAudit verify(Prepared plugin, Grants grants, Configuration configuration) {
    Map<String, ModuleReference> own = new TreeMap<>();
    configuration.modules().forEach(m -> own.put(m.name(), m.reference()));
    Findings f;
    try {
      f = findings(grants, own);
    } catch (ClassScanner.UnreadableClassException e) {
      throw fail(plugin, jar(plugin, own.get(e.module())), Rule.LAYOUT, e.getMessage());
    }
    if (forHost && !f.denied().isEmpty()) {
      String first = f.denied().keySet().iterator().next();
      List<String> findings =
          f.denied().entrySet().stream()
              .flatMap(e -> e.getValue().stream().map(d -> "module " + e.getKey() + " " + d))
              .distinct()
              .toList();
      throw fail(
          plugin,
          jar(plugin, own.get(first)),
          Rule.CAPABILITY_DENIED,
          "reads modules its capabilities "
              + grants.declared()
              + " do not grant: "
              + findings.stream().limit(10).toList()
              + (findings.size() > 10 ? " and " + (findings.size() - 10) + " more" : "")
              + "; declare a capability that grants them, or ask the host to define one");
    }
    List<PolicyCheck.Violation> violations = f.violations();
    if (!violations.isEmpty()) {
      String module = moduleOfClass(own, violations.get(0).reference().fromClass());
      throw fail(
          plugin,
          jar(plugin, own.get(module)),
          Rule.POLICY,
          "breaks the bytecode policy: "
              + violations.stream().limit(10).map(PolicyCheck.Violation::describe).toList()
              + (violations.size() > 10 ? " and " + (violations.size() - 10) + " more" : ""));
    }
    return f.audit();
  }

  /**
   * Reads the plugin's class files and collects every grant and policy problem.
   *
   * @param grants the plugin's grants
   * @param own the plugin's modules by name
   * @return the findings
   * @throws ClassScanner.UnreadableClassException if a class file cannot be parsed
   */
  public Findings findings(Grants grants, Map<String, ModuleReference> own) {
    ClassScanner.Scan scan = ClassScanner.scan(own.values());
    Set<String> required = new TreeSet<>();
    Map<String, List<String>> denied = new LinkedHashMap<>();
    for (ModuleReference ref : own.values()) {
      ModuleDescriptor d = ref.descriptor();
      for (ModuleDescriptor.Requires r : d.requires()) {
        if (own.containsKey(r.name())) {
          continue;
        }
        required.add(r.name());
        if (!grants.modules().contains(r.name())
            && !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
          denied.computeIfAbsent(d.name(), n -> new ArrayList<>()).add("requires " + r.name());
        }
      }
    }
    Set<String> referenced = referencedModules(scan, own, grants, denied);
    CapabilityAudit audit =
        new CapabilityAudit(
            grants.plugin(),
            grants.declared(),
            grants.granted(),
            grants.modules(),
            required,
            referenced,
            grants.permissions());
    return new Findings(audit, denied, PolicyCheck.violations(policy, scan, grants.permissions()));
  }

  /**
   * Finds the host and JDK modules the plugin's class files use, and records, for automatic modules
   * (whose requires say nothing), every use its grants do not cover.
   */
  private Set<String> referencedModules(
      ClassScanner.Scan scan,
      Map<String, ModuleReference> own,
      Grants grants,
      Map<String, List<String>> denied) {
    Set<String> referenced = new TreeSet<>();
    PackageIndex packages = index();
    for (Reference ref : scan.references()) {
      String pkg = ClassScanner.packageOf(ref.owner());
      if (ref.literal() || scan.ownPackages().contains(pkg)) {
        continue;
      }
      Optional<String> module = packages.moduleOf(pkg);
      if (module.isEmpty() || own.containsKey(module.get())) {
        continue;
      }
      referenced.add(module.get());
      String from = moduleOfClass(own, ref.fromClass());
      if (from != null
          && own.get(from).descriptor().isAutomatic()
          && !grants.modules().contains(module.get())) {
        denied
            .computeIfAbsent(from, n -> new ArrayList<>())
            .add(ref.location() + " uses " + pkg + " of module " + module.get());
      }
    }
    return referenced;
  }

  /**
   * Returns the plugin module holding a class.
   *
   * @param own the plugin's modules by name
   * @param className a binary class name
   * @return the module's name, or {@code null} when no module of the plugin holds it
   */
  public static String moduleOfClass(Map<String, ModuleReference> own, String className) {
    String pkg = ClassScanner.packageOf(className.replace('.', '/'));
    return own.entrySet().stream()
        .filter(e -> e.getValue().descriptor().packages().contains(pkg))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  /** The jar a module came from, for the failure's file; the manifest when it is unknown. */
  private static Path jar(Prepared plugin, ModuleReference ref) {
    return Optional.ofNullable(ref)
        .flatMap(ModuleReference::location)
        .map(Path::of)
        .map(plugin::report)
        .orElse(plugin.report(plugin.directory().resolve(PluginManifest.FILE_NAME)));
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
    return fail(
        plugin, plugin.report(plugin.directory().resolve(PluginManifest.FILE_NAME)), rule, detail);
  }

  private static PluginLoadException fail(Prepared plugin, Path file, Rule rule, String detail) {
    return new PluginLoadException(plugin.manifest().name(), file, rule, detail, null);
  }
}
