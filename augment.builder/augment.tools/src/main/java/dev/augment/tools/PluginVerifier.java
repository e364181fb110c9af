package dev.augment.tools;

import dev.augment.api.Api;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.Capability;
import dev.augment.core.PluginLoadException;
import dev.augment.core.PluginManifest;
import dev.augment.core.PolicyRule;
import dev.augment.core.Rule;
import dev.augment.core.host.HostDescription;
import dev.augment.core.internal.archive.ArchiveCache;
import dev.augment.core.internal.checks.Checks;
import dev.augment.core.internal.checks.Grants;
import dev.augment.core.internal.layer.PluginLoader;
import dev.augment.core.internal.layer.PluginLoader.Prepared;
import dev.augment.core.internal.policy.ClassScanner;
import dev.augment.core.internal.policy.PolicyCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
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
 * Checks a plugin against a host's description without running any of its code, and reports every
 * problem, not only the first.
 *
 * <p>It runs the checks a host runs at load time, from {@code augment.core}: the manifest and its
 * compatibility ranges, the declared capabilities, the plugin's jars (layout, entry module, modules
 * that shadow the host's, packages split between jars), resolution against the host's modules, the
 * entry module providing the contract, the capability grants and the bytecode policy.
 *
 * <pre>{@code
 * PluginVerifier verifier = new PluginVerifier(HostDescription.read(hostJson), hostModulePath);
 * VerifyReport report = verifier.verify(Path.of("target/greeter-1.0.0.zip"));
 * report.problems().forEach(p -> System.err.println(p.message()));
 * }</pre>
 */
@Api.Experimental
public final class PluginVerifier {

  private final HostDescription host;
  private final Configuration hostConfiguration;
  private final Checks checks;

  /**
   * Creates a verifier.
   *
   * @param host the host's description
   * @param hostModulePath jars or folders of the host's modules (its contract, say), used to
   *     resolve the plugin; the verifier's own boot layer is always there
   * @throws IllegalArgumentException if the host's modules do not resolve
   */
  public PluginVerifier(HostDescription host, List<Path> hostModulePath) {
    this.host = host;
    this.hostConfiguration = hostConfiguration(hostModulePath, host);
    Map<String, Capability> capabilities = new LinkedHashMap<>();
    host.capabilities().forEach(c -> capabilities.put(c.name(), c.toCapability()));
    BytecodePolicy policy = BytecodePolicy.none();
    for (PolicyRule r : host.policy()) {
      policy = policy.with(r);
    }
    this.checks =
        new Checks(
            capabilities,
            host.baseModules(),
            true,
            policy,
            host.augmentVersion(),
            host.contractVersion(),
            hostConfiguration);
  }

  /**
   * Resolves the host's modules: those on {@code modulePath}, and those the description names that
   * this JVM can see but did not resolve, as in a runtime image whose {@code augment} launcher
   * resolved only the command line.
   */
  private static Configuration hostConfiguration(List<Path> modulePath, HostDescription host) {
    Configuration boot = ModuleLayer.boot().configuration();
    ModuleFinder given = ModuleFinder.of(modulePath.toArray(Path[]::new));
    ModuleFinder finder = ModuleFinder.compose(given, ModuleFinder.ofSystem());
    try {
      Set<String> roots = new TreeSet<>();
      given.findAll().forEach(r -> roots.add(r.descriptor().name()));
      roots.addAll(host.hostModules());
      host.contractModule().ifPresent(roots::add);
      roots.removeIf(n -> boot.findModule(n).isPresent() || finder.find(n).isEmpty());
      // System modules come after the boot layer, so a module the boot layer has is never
      // resolved a second time from the image.
      return roots.isEmpty() ? boot : boot.resolve(given, ModuleFinder.ofSystem(), roots);
    } catch (FindException | ResolutionException e) {
      throw new IllegalArgumentException(
          "the host's modules " + modulePath + " do not resolve: " + e.getMessage(), e);
    }
  }

  /**
   * Verifies one plugin.
   *
   * @param plugin a plugin folder or zip
   * @return every problem found
   */
  public VerifyReport verify(Path plugin) {
    Path cache;
    try {
      cache = Files.createTempDirectory("augment-verify");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return verify(plugin, new PluginLoader(new ArchiveCache(cache, ArchiveCache.Limits.DEFAULT)));
    } finally {
      ArchiveCache.deleteTree(cache);
    }
  }

  private VerifyReport verify(Path plugin, PluginLoader loader) {
    List<Problem> problems = new ArrayList<>();
    Prepared prepared;
    try {
      prepared = loader.prepare(plugin);
    } catch (PluginLoadException e) {
      return new VerifyReport(plugin, Optional.empty(), List.of(Problem.of(e)));
    }
    PluginManifest manifest = prepared.manifest();
    attempt(problems, () -> checks.compatibility(prepared));
    for (String unknown : checks.unknownCapabilities(manifest)) {
      problems.add(
          problem(
              prepared,
              Rule.UNKNOWN_CAPABILITY,
              "declares capability '"
                  + unknown
                  + "', which the host does not define; it defines "
                  + host.capabilities().stream()
                      .map(HostDescription.CapabilityInfo::name)
                      .toList()));
    }
    Map<String, ModuleReference> own;
    try {
      own = loader.listModules(prepared);
    } catch (PluginLoadException e) {
      problems.add(Problem.of(e));
      return new VerifyReport(plugin, Optional.of(manifest), problems);
    }
    loader.shadowing(prepared, own, hostConfiguration, host.hostModules()).stream()
        .map(Problem::of)
        .forEach(problems::add);
    loader.entryModule(prepared, own).map(Problem::of).ifPresent(problems::add);
    checkProvidesContract(prepared, own, problems);
    checkSplitPackages(prepared, own, problems);
    attempt(problems, () -> loader.resolveModules(prepared, own, hostConfiguration));
    checkGrantsAndPolicy(prepared, own, problems);
    return new VerifyReport(plugin, Optional.of(manifest), problems);
  }

  /**
   * Describes a plugin: its manifest, modules, declared capabilities and what it requires and
   * references outside itself.
   *
   * @param plugin a plugin folder or zip
   * @return the inspection
   * @throws dev.augment.core.PluginLoadException if the plugin cannot be read at all
   */
  public Inspection inspect(Path plugin) {
    Path cache;
    try {
      cache = Files.createTempDirectory("augment-inspect");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      PluginLoader loader = new PluginLoader(new ArchiveCache(cache, ArchiveCache.Limits.DEFAULT));
      Prepared prepared = loader.prepare(plugin);
      Map<String, ModuleReference> own = loader.listModules(prepared);
      Checks.Findings findings = checks.findings(checks.knownGrants(prepared.manifest()), own);
      List<Inspection.ModuleInfo> modules =
          own.values().stream()
              .map(
                  r ->
                      new Inspection.ModuleInfo(
                          r.descriptor().name(),
                          r.descriptor().rawVersion().orElse(""),
                          r.descriptor().isAutomatic(),
                          r.location()
                              .map(Path::of)
                              .map(p -> p.getFileName().toString())
                              .orElse(""),
                          r.descriptor().requires().stream()
                              .map(q -> q.name())
                              .filter(n -> !n.equals("java.base"))
                              .sorted()
                              .toList(),
                          r.descriptor().provides().stream()
                              .map(p -> p.service() + " with " + String.join(", ", p.providers()))
                              .sorted()
                              .toList()))
              .toList();
      return new Inspection(
          plugin,
          prepared.manifest(),
          modules,
          prepared.manifest().capabilities(),
          findings.audit().requiredModules(),
          findings.audit().referencedModules());
    } finally {
      ArchiveCache.deleteTree(cache);
    }
  }

  private void checkProvidesContract(
      Prepared prepared, Map<String, ModuleReference> own, List<Problem> problems) {
    ModuleReference entry = own.get(prepared.manifest().entryPoint());
    if (entry == null) {
      return;
    }
    boolean provides =
        entry.descriptor().provides().stream().anyMatch(p -> p.service().equals(host.contract()));
    if (!provides) {
      problems.add(
          problem(
              prepared,
              Rule.NO_PROVIDER,
              "entry module "
                  + entry.descriptor().name()
                  + " does not provide "
                  + host.contract()
                  + "; add `provides "
                  + host.contract()
                  + " with ...` to its module-info (or a META-INF/services file to a plain jar)"));
    }
  }

  private static void checkSplitPackages(
      Prepared prepared, Map<String, ModuleReference> own, List<Problem> problems) {
    Map<String, List<String>> modulesOfPackage = new TreeMap<>();
    own.values()
        .forEach(
            r ->
                r.descriptor()
                    .packages()
                    .forEach(
                        p ->
                            modulesOfPackage
                                .computeIfAbsent(p, k -> new ArrayList<>())
                                .add(r.descriptor().name())));
    modulesOfPackage.forEach(
        (pkg, modules) -> {
          if (modules.size() > 1) {
            problems.add(
                problem(
                    prepared,
                    Rule.RESOLUTION,
                    "package "
                        + pkg
                        + " is split between modules "
                        + modules
                        + "; one class loader cannot define it twice"));
          }
        });
  }

  private void checkGrantsAndPolicy(
      Prepared prepared, Map<String, ModuleReference> own, List<Problem> problems) {
    Grants grants = checks.knownGrants(prepared.manifest());
    Checks.Findings findings;
    try {
      findings = checks.findings(grants, own);
    } catch (ClassScanner.UnreadableClassException e) {
      problems.add(problem(prepared, Rule.LAYOUT, "module " + e.module() + " " + e.getMessage()));
      return;
    }
    findings
        .denied()
        .forEach(
            (module, what) ->
                what.forEach(
                    w ->
                        problems.add(
                            problem(
                                prepared,
                                Rule.CAPABILITY_DENIED,
                                "module "
                                    + module
                                    + " "
                                    + w
                                    + ", which its capabilities "
                                    + grants.declared()
                                    + " do not grant"))));
    for (PolicyCheck.Violation v : findings.violations()) {
      problems.add(problem(prepared, Rule.POLICY, v.describe()));
    }
  }

  private static void attempt(List<Problem> problems, Runnable check) {
    try {
      check.run();
    } catch (PluginLoadException e) {
      problems.add(Problem.of(e));
    }
  }

  private static Problem problem(Prepared prepared, Rule rule, String detail) {
    Path file = prepared.report(prepared.directory().resolve(PluginManifest.FILE_NAME));
    return Problem.of(
        new PluginLoadException(prepared.manifest().name(), file, rule, detail, null));
  }
}
