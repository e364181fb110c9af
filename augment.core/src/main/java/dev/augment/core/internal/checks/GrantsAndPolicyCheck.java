package dev.augment.core.internal.checks;

import dev.augment.api.Api;
import dev.augment.core.CapabilityAudit;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.Grants;
import dev.augment.core.internal.plugin.HostRules;
import dev.augment.core.internal.plugin.ModuleSet;
import dev.augment.core.internal.plugin.Prepared;
import dev.augment.core.internal.policy.ClassScanner;
import dev.augment.core.internal.policy.PolicyCheck;
import dev.augment.core.internal.policy.Reference;
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
 * Rules {@link Rule#CAPABILITY_DENIED} and {@link Rule#POLICY}: reads the plugin's class files with
 * ASM, without loading them, and checks what its modules read against its grants and what its code
 * calls against the bytecode policy.
 *
 * <p>An explicit module's {@code requires} say what it reads; an automatic module's say nothing, so
 * its class files' references to host and JDK packages are checked instead. Failures come one per
 * module (for grants) and one per module (for the policy), each listing up to ten findings, so that
 * a host (which stops at the first) and the verifier (which lists all) say the same words.
 */
@Api.Internal
public final class GrantsAndPolicyCheck {

  private static final int LISTED = 10;

  private final HostRules rules;
  private volatile PackageIndex index;

  /**
   * Creates the check.
   *
   * @param rules the host's rules
   */
  public GrantsAndPolicyCheck(HostRules rules) {
    this.rules = rules;
  }

  /**
   * Checks the plugin's modules and class files and returns its capability audit.
   *
   * @param plugin the prepared plugin
   * @param grants its grants
   * @param modules its modules
   * @param out where failures go
   * @return the audit of what it declared, was granted and references
   */
  public CapabilityAudit check(Prepared plugin, Grants grants, ModuleSet modules, Failures out) {
    ClassScanner.Scan scan;
    try {
      scan = ClassScanner.scan(modules.references());
    } catch (ClassScanner.UnreadableClassException e) {
      throw out.stop(
          plugin.failure(jar(plugin, modules, e.module()), Rule.LAYOUT, e.getMessage()), e);
    }
    Set<String> required = new TreeSet<>();
    Map<String, List<String>> denied = new TreeMap<>();
    for (ModuleReference ref : modules.references()) {
      ModuleDescriptor d = ref.descriptor();
      for (ModuleDescriptor.Requires r : d.requires()) {
        if (modules.byName().containsKey(r.name())) {
          continue;
        }
        required.add(r.name());
        if (!grants.modules().contains(r.name())
            && !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
          denied.computeIfAbsent(d.name(), n -> new ArrayList<>()).add("requires " + r.name());
        }
      }
    }
    Set<String> referenced = referencedModules(scan, modules, grants, denied);
    if (rules.applies(Rule.CAPABILITY_DENIED)) {
      denied.forEach(
          (module, findings) ->
              out.add(
                  plugin.failure(
                      jar(plugin, modules, module),
                      Rule.CAPABILITY_DENIED,
                      "(module "
                          + module
                          + ") reads modules its capabilities "
                          + grants.declared()
                          + " do not grant: "
                          + listed(findings.stream().distinct().toList())
                          + "; declare a capability that grants them, or ask the host to define"
                          + " one")));
    }
    Map<String, List<PolicyCheck.Violation>> violations = new LinkedHashMap<>();
    for (PolicyCheck.Violation v :
        PolicyCheck.violations(rules.policy(), scan, grants.permissions())) {
      String module = modules.moduleOfClass(v.reference().fromClass()).orElse("");
      violations.computeIfAbsent(module, m -> new ArrayList<>()).add(v);
    }
    new TreeMap<>(violations)
        .forEach(
            (module, found) ->
                out.add(
                    plugin.failure(
                        jar(plugin, modules, module),
                        Rule.POLICY,
                        "breaks the bytecode policy: "
                            + listed(
                                found.stream().map(PolicyCheck.Violation::describe).toList()))));
    return audit(grants, required, referenced);
  }

  /**
   * Returns the audit of a plugin whose bytes passed this check before, under the same rules: what
   * it declared and was granted, with the modules it was found to require and reference then.
   *
   * @param grants its grants
   * @param required the modules outside the plugin its modules require
   * @param referenced the host and JDK modules its class files reference
   * @return the audit
   */
  public static CapabilityAudit audit(Grants grants, Set<String> required, Set<String> referenced) {
    return new CapabilityAudit(
        grants.plugin(),
        grants.declared(),
        grants.granted(),
        grants.modules(),
        new TreeSet<>(required),
        new TreeSet<>(referenced),
        grants.permissions());
  }

  private static String listed(List<String> findings) {
    return findings.stream().limit(LISTED).toList()
        + (findings.size() > LISTED ? " and " + (findings.size() - LISTED) + " more" : "");
  }

  /**
   * Finds the host and JDK modules the plugin's class files use, and records, for automatic modules
   * (whose requires say nothing), every use its grants do not cover.
   */
  private Set<String> referencedModules(
      ClassScanner.Scan scan, ModuleSet modules, Grants grants, Map<String, List<String>> denied) {
    Set<String> referenced = new TreeSet<>();
    PackageIndex packages = index();
    for (Reference ref : scan.references()) {
      String pkg = ClassScanner.packageOf(ref.owner());
      if (ref.literal() || scan.ownPackages().contains(pkg)) {
        continue;
      }
      Optional<String> module = packages.moduleOf(pkg);
      if (module.isEmpty() || modules.byName().containsKey(module.get())) {
        continue;
      }
      referenced.add(module.get());
      Optional<String> from = modules.moduleOfClass(ref.fromClass());
      if (from.isPresent()
          && modules.byName().get(from.get()).descriptor().isAutomatic()
          && !grants.modules().contains(module.get())) {
        denied
            .computeIfAbsent(from.get(), n -> new ArrayList<>())
            .add(ref.location() + " uses " + pkg + " of module " + module.get());
      }
    }
    return referenced;
  }

  /** The jar a module came from, for the failure's file; the modules folder when it is unknown. */
  private static Path jar(Prepared plugin, ModuleSet modules, String module) {
    return modules.jar(module).orElse(plugin.modulesDir());
  }

  private PackageIndex index() {
    PackageIndex i = index;
    if (i == null) {
      i = new PackageIndex(rules.hostConfiguration());
      index = i;
    }
    return i;
  }
}
