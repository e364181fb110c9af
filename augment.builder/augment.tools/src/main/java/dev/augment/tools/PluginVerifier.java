package dev.augment.tools;

import dev.augment.api.Api;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.Capability;
import dev.augment.core.HostDescription;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginLoadException;
import dev.augment.core.PolicyRule;
import dev.augment.core.internal.discovery.PluginScanner;
import dev.augment.core.internal.pipeline.Pipeline;
import dev.augment.core.internal.plugin.Checked;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.HostRules;
import dev.augment.core.internal.plugin.Prepared;
import dev.augment.core.internal.plugin.Source;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Checks plugins against a host's description without running any of their code, and reports every
 * problem, not only the first.
 *
 * <p>It runs the host's own load pipeline from {@code augment.core}, step for step, with the same
 * rules and the same messages; it only goes on after a failure where a host would stop. What it
 * cannot check is what needs plugin code to run: a provider's constructor, the host's validator and
 * setup. {@link #list} settles duplicate names and dependencies as a host does, and checks each
 * plugin after its dependencies, against their configurations; {@link #verify(Path, Path)} does the
 * same for one plugin and the folder it will be installed in. {@link #verify(Path)} alone reads a
 * plugin's {@code dependencies} but cannot check them: {@link VerifyReport#dependenciesChecked()}
 * says so.
 *
 * <pre>{@code
 * PluginVerifier verifier = new PluginVerifier(HostDescriptions.read(hostJson), hostModulePath);
 * VerifyReport report = verifier.verify(Path.of("target/greeter-1.0.0.zip"));
 * report.problems().forEach(p -> System.err.println(p.message()));
 * }</pre>
 */
@Api.Experimental
public final class PluginVerifier {

  private final HostRules rules;
  private final HostDescription.ArchiveLimits archiveLimits;

  /**
   * Creates a verifier.
   *
   * @param host the host's description
   * @param hostModulePath jars or folders of the host's modules (its contract, say), used to
   *     resolve the plugin; the verifier's own boot layer is always there
   * @throws IllegalArgumentException if the host's modules do not resolve
   */
  public PluginVerifier(HostDescription host, List<Path> hostModulePath) {
    Map<String, Capability> capabilities = new LinkedHashMap<>();
    host.capabilities().forEach(c -> capabilities.put(c.name(), c.toCapability()));
    this.archiveLimits = host.archiveLimits();
    BytecodePolicy policy = BytecodePolicy.none();
    for (PolicyRule r : host.policy()) {
      policy = policy.with(r);
    }
    this.rules =
        HostRules.host(
            host.augmentVersion(),
            host.contract(),
            host.contractVersion(),
            capabilities,
            host.baseModules(),
            host.hostModules(),
            policy,
            hostConfiguration(hostModulePath, host));
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
    return withPipeline(
        pipeline -> {
          Failures out = Failures.all();
          Optional<Prepared> prepared = prepare(plugin, pipeline, out);
          prepared.ifPresent(p -> pipeline.check(p, out));
          return report(plugin, prepared, out);
        });
  }

  /**
   * Verifies one plugin as if it were installed in a plugin folder beside the plugins there: its
   * {@code dependencies} are settled against them as a host settles them, with the same rules and
   * words ({@code dependency-missing}, {@code -incompatible}, {@code -failed}, {@code -cycle}), and
   * its modules are checked against its dependencies' modules.
   *
   * <p>The plugin takes the place of any plugin of its name in the folder, as its update would; the
   * folder's other plugins are judged too, since a refused dependency refuses its dependents, but
   * only the plugin's report is returned.
   *
   * @param plugin a plugin folder or zip
   * @param neighbours the plugin folder it will be installed in, as a host scans it
   * @return every problem found, with its dependencies as a host would settle them
   * @throws UncheckedIOException if the folder cannot be listed
   */
  public VerifyReport verify(Path plugin, Path neighbours) {
    List<Source> scanned = scan(neighbours);
    return withPipeline(
        pipeline -> {
          Failures out = Failures.all();
          Path absolute = plugin.toAbsolutePath().normalize();
          Path root = absolute.getParent() == null ? absolute : absolute.getParent();
          Optional<Source> subject = Pipeline.source(absolute, root, out);
          if (subject.isEmpty()) {
            return report(plugin, Optional.empty(), out);
          }
          // Where a host's scan would see it once installed: by file name, as the scanner sorts,
          // since the scan order names a cycle and settles duplicates.
          String name = absolute.getFileName().toString();
          List<Source> sources = new ArrayList<>();
          for (Source s : scanned) {
            if (!s.path().equals(absolute) && !s.path().getFileName().toString().equals(name)) {
              sources.add(s);
            }
          }
          int at = 0;
          while (at < sources.size()
              && sources.get(at).path().getFileName().toString().compareTo(name) < 0) {
            at++;
          }
          sources.add(at, subject.get());
          VerifyReport report =
              FolderRun.run(pipeline, sources, subject).stream()
                  .filter(r -> r.plugin().equals(subject.get().path()))
                  .findFirst()
                  .orElseThrow();
          // The path as given, as verify(Path) reports it.
          return new VerifyReport(
              plugin,
              report.manifest(),
              report.problems(),
              report.timing(),
              report.dependencies(),
              report.dependents());
        });
  }

  /**
   * Says what a host would do with every plugin in a folder: the same candidates, the same rule for
   * two plugins of one name (settled on the manifests, as a host settles it), the same dependency
   * graph and the same checks.
   *
   * @param folder a plugin folder
   * @return one report per candidate, in scan order, each with its dependencies as settled and its
   *     dependents; a plugin that lost to another of its name carries a {@code duplicate-name}
   *     problem
   * @throws UncheckedIOException if the folder cannot be listed
   */
  public List<VerifyReport> list(Path folder) {
    List<Source> sources = scan(folder);
    return withPipeline(pipeline -> FolderRun.run(pipeline, sources, Optional.empty()));
  }

  private static List<Source> scan(Path folder) {
    try {
      return PluginScanner.scan(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Describes a plugin: its manifest, modules, declared capabilities and what it requires and
   * references outside itself.
   *
   * @param plugin a plugin folder or zip
   * @return the inspection
   * @throws PluginLoadException if the plugin cannot be read at all
   */
  public Inspection inspect(Path plugin) {
    return withPipeline(
        pipeline -> {
          Failures out = Failures.all();
          Optional<Checked> checked =
              prepare(plugin, pipeline, out).flatMap(p -> pipeline.check(p, out));
          if (checked.isEmpty() || checked.get().audit().isEmpty()) {
            Failures.Item first = out.items().get(0);
            throw new PluginLoadException(first.failure(), first.cause().orElse(null));
          }
          Checked c = checked.get();
          List<Inspection.ModuleInfo> modules =
              c.modules().references().stream().map(PluginVerifier::moduleInfo).toList();
          return new Inspection(
              plugin,
              c.prepared().manifest(),
              modules,
              c.prepared().manifest().capabilities(),
              c.audit().get().requiredModules(),
              c.audit().get().referencedModules());
        });
  }

  private static Optional<Prepared> prepare(Path plugin, Pipeline pipeline, Failures out) {
    Path absolute = plugin.toAbsolutePath().normalize();
    Path root = absolute.getParent() == null ? absolute : absolute.getParent();
    return Pipeline.source(absolute, root, out).flatMap(s -> pipeline.prepare(s, out));
  }

  private static VerifyReport report(Path plugin, Optional<Prepared> prepared, Failures out) {
    List<PluginFailure> problems = out.failures();
    return new VerifyReport(plugin, prepared.map(Prepared::manifest), problems);
  }

  private static Inspection.ModuleInfo moduleInfo(ModuleReference r) {
    return new Inspection.ModuleInfo(
        r.descriptor().name(),
        r.descriptor().rawVersion().orElse(""),
        r.descriptor().isAutomatic(),
        r.location().map(Path::of).map(p -> p.getFileName().toString()).orElse(""),
        r.descriptor().requires().stream()
            .map(q -> q.name())
            .filter(n -> !n.equals("java.base"))
            .sorted()
            .toList(),
        r.descriptor().provides().stream()
            .map(p -> p.service() + " with " + String.join(", ", p.providers()))
            .sorted()
            .toList());
  }

  /** Runs work with a pipeline over a fresh temporary cache, deleted afterwards. */
  private <R> R withPipeline(Function<Pipeline, R> work) {
    Path cache;
    try {
      cache = Files.createTempDirectory("augment-verify");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      // The host's own archive limits: a zip the host refuses as a bomb is refused here too.
      return work.apply(Pipeline.withCache(rules, cache, archiveLimits));
    } finally {
      deleteTree(cache);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the verifier's cache " + dir, e);
    }
  }
}
