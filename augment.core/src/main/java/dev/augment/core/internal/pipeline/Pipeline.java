package dev.augment.core.internal.pipeline;

import dev.augment.api.Api;
import dev.augment.core.CapabilityAudit;
import dev.augment.core.HostDescription;
import dev.augment.core.ManifestException;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginLayer;
import dev.augment.core.PluginLoadException;
import dev.augment.core.PluginManifest;
import dev.augment.core.Rule;
import dev.augment.core.internal.archive.ArchiveCache;
import dev.augment.core.internal.checks.CapabilityCheck;
import dev.augment.core.internal.checks.CompatibilityCheck;
import dev.augment.core.internal.checks.EntryModuleCheck;
import dev.augment.core.internal.checks.GrantsAndPolicyCheck;
import dev.augment.core.internal.checks.ModuleCheck;
import dev.augment.core.internal.checks.PackageCheck;
import dev.augment.core.internal.checks.ProviderCheck;
import dev.augment.core.internal.checks.ShadowingCheck;
import dev.augment.core.internal.layer.LayerFactory;
import dev.augment.core.internal.layer.Providers;
import dev.augment.core.internal.manifest.ManifestReader;
import dev.augment.core.internal.plugin.Checked;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.Grants;
import dev.augment.core.internal.plugin.HostRules;
import dev.augment.core.internal.plugin.ModuleSet;
import dev.augment.core.internal.plugin.Prepared;
import dev.augment.core.internal.plugin.Source;
import dev.augment.core.internal.plugin.Staged;
import java.lang.module.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one sequence of steps that judges and loads a plugin. A host ({@code LoadRun}), {@code
 * Layers.load}, the builder's {@code PluginVerifier} (and through it {@code augment verify}, {@code
 * augment list} and the Maven plugin's {@code verify} goal) all run it; none of them orders checks
 * of its own.
 *
 * <ol>
 *   <li>{@link #prepare}: the source (a folder or a {@code .zip}), its copy in the cache, the
 *       manifest, its compatibility ranges;
 *   <li>{@link #check}: the declared capabilities, the plugin's modules, then every {@link
 *       ModuleCheck} (shadowing, entry module, packages, provider), resolution against the host's
 *       layer, module grants and the bytecode policy;
 *   <li>{@link #define}: the plugin's layer;
 *   <li>{@link #provider}: its provider, created under a budget: the first plugin code that runs.
 * </ol>
 *
 * <p>Every step writes failures to a {@link Failures} sink and returns its value, or empty when it
 * could not produce one. The consumer chooses the sink: a host stops at the first failure, the
 * verifier collects all that the static steps find. Which rules apply is the {@link HostRules}'
 * decision, not the consumer's. A new rule goes into one of the checks, or is a new {@link
 * ModuleCheck} added to the list in the constructor.
 */
@Api.Internal
public final class Pipeline {

  private final HostRules rules;
  private final ArchiveCache cache;
  private final CheckedIndex checked;
  private final ManifestReader manifests = new ManifestReader();

  /**
   * The manifest of each source's current cache entry: one per source, replaced when the source's
   * content changes, so that a thousand reloads of one plugin remember one manifest.
   */
  private final Map<Path, Remembered> manifestOf = new ConcurrentHashMap<>();

  /** A source's cache entry and the manifest read from it. */
  private record Remembered(Path directory, PluginManifest manifest) {}

  private final LayerFactory layers;
  private final CompatibilityCheck compatibility;
  private final CapabilityCheck capabilities;
  private final List<ModuleCheck> moduleChecks;
  private final GrantsAndPolicyCheck grantsAndPolicy;

  /**
   * Creates the pipeline of one host, standalone load or verifier.
   *
   * @param rules what plugins are checked against, and which rules apply
   * @param cache where plugins' files are copied
   * @param providerBudget how long creating a provider may take
   */
  public Pipeline(HostRules rules, ArchiveCache cache, Duration providerBudget) {
    this.rules = rules;
    this.cache = cache;
    this.checked = new CheckedIndex(cache.root(), rules);
    this.layers = new LayerFactory(providerBudget);
    this.compatibility = new CompatibilityCheck(rules);
    this.capabilities = new CapabilityCheck(rules);
    this.moduleChecks =
        List.of(
            new ShadowingCheck(rules),
            new EntryModuleCheck(),
            new PackageCheck(),
            new ProviderCheck(rules));
    this.grantsAndPolicy = new GrantsAndPolicyCheck(rules);
  }

  /**
   * Creates a pipeline whose cache is {@code cacheDirectory}, with the default archive limits: what
   * the verifier uses, with a temporary folder.
   *
   * @param rules what plugins are checked against
   * @param cacheDirectory where plugins' files are copied
   * @return the pipeline
   */
  public static Pipeline withCache(HostRules rules, Path cacheDirectory) {
    return withCache(rules, cacheDirectory, HostDescription.ArchiveLimits.DEFAULT);
  }

  /**
   * Creates a pipeline whose cache is {@code cacheDirectory}, with a host's archive limits: what
   * the verifier uses, with the limits of the host's description.
   *
   * @param rules what plugins are checked against
   * @param cacheDirectory where plugins' files are copied
   * @param limits what one zip may expand to
   * @return the pipeline
   */
  public static Pipeline withCache(
      HostRules rules, Path cacheDirectory, HostDescription.ArchiveLimits limits) {
    return new Pipeline(
        rules,
        new ArchiveCache(cacheDirectory, ArchiveCache.Limits.of(limits)),
        Duration.ofSeconds(5));
  }

  /**
   * Reads and checks the manifest at the root of a plugin folder with the one manifest reader, for
   * tools that need a plugin's name or version before it is packed.
   *
   * @param folder a plugin folder (or a staging folder holding its manifest)
   * @return the manifest
   * @throws ManifestException if it is missing, unreadable or invalid
   */
  public static PluginManifest manifest(Path folder) {
    Path absolute = Source.normalize(folder);
    return new ManifestReader()
        .read(
            absolute,
            String.valueOf(absolute.getFileName()),
            absolute.resolve(PluginManifest.FILE_NAME));
  }

  /**
   * Returns the rules this pipeline applies.
   *
   * @return the rules
   */
  public HostRules rules() {
    return rules;
  }

  /**
   * Names a path as a plugin source: a folder or a regular {@code .zip} file; anything else is a
   * {@link Rule#SOURCE} failure.
   *
   * @param path the plugin's folder or zip
   * @param root the host folder it was found in; its parent for a plugin named by path
   * @param out where the failure goes
   * @return the source, or empty when the path is neither
   */
  public static Optional<Source> source(Path path, Path root, Failures out) {
    Path absolute = Source.normalize(path);
    return guarded(
        out,
        () -> {
          Optional<Source.Kind> kind = Source.kindOf(absolute);
          if (kind.isEmpty()) {
            throw out.stop(
                PluginFailure.of(
                    String.valueOf(absolute.getFileName()),
                    absolute,
                    Rule.SOURCE,
                    Files.exists(absolute)
                        ? "is neither a plugin folder nor a .zip file: a plugin is a folder holding "
                            + PluginManifest.FILE_NAME
                            + " and "
                            + Source.MODULES_DIR
                            + "/, or a .zip of one"
                        : "does not exist"),
                null);
          }
          return new Source(absolute, Source.normalize(root), kind.get());
        },
        e ->
            PluginFailure.of(
                String.valueOf(absolute.getFileName()),
                absolute,
                Rule.SOURCE,
                "cannot be read: " + e));
  }

  /**
   * Starts one pass over a host's folders: the cache lists its entries once, so that an unchanged
   * zip costs no more than the {@code stat} of the folder scan. Every {@code beginPass} is followed
   * by {@link #endPass()}.
   */
  public void beginPass() {
    cache.beginPass();
  }

  /**
   * Returns the cache directory the pipeline copies plugins into.
   *
   * @return the directory, normalized
   */
  public Path cacheRoot() {
    return cache.root();
  }

  /** Ends the pass {@link #beginPass()} started. */
  public void endPass() {
    cache.endPass();
  }

  /**
   * Step 1 for a plugin the cache already knows unchanged, without reading any of its files: its
   * cache entry and manifest as remembered, its compatibility checked again.
   *
   * @param source the plugin's source
   * @return the prepared plugin, or empty when step 1 must run in full: the source is new or
   *     changed, its manifest is not remembered, or it is incompatible
   */
  public Optional<Prepared> prepareUnchanged(Source source) {
    return cache
        .unchanged(source)
        .flatMap(
            staged -> Optional.ofNullable(remembered(staged)).map(m -> new Prepared(staged, m)))
        .filter(
            p -> {
              Failures out = Failures.firstOnly();
              compatibility.check(p, out);
              return out.isEmpty();
            });
  }

  /**
   * Step 1: puts the plugin's files into the cache and reads and checks its manifest.
   *
   * @param source the plugin's source
   * @param out where failures go
   * @return the prepared plugin, or empty when its files or manifest are refused
   */
  public Optional<Prepared> prepare(Source source, Failures out) {
    return guarded(
        out,
        () -> {
          Staged staged;
          try {
            staged = cache.stage(source);
          } catch (PluginLoadException e) {
            throw out.stop(e.failure(), e.getCause());
          }
          Prepared prepared = new Prepared(staged, manifest(staged, out));
          compatibility.check(prepared, out);
          return prepared;
        },
        e -> PluginFailure.of(source.label(), source.path(), Rule.SOURCE, "cannot be read: " + e));
  }

  /**
   * Reads a staged plugin's manifest, once per source and cache entry: an entry is named by its
   * content, so its manifest cannot change. Only valid manifests are remembered; a refused one is
   * read again, so that its failure names the source it came from this time.
   */
  private PluginManifest manifest(Staged staged, Failures out) {
    PluginManifest known = remembered(staged);
    if (known != null) {
      return known;
    }
    Source source = staged.source();
    PluginManifest manifest;
    try {
      Path reportAs =
          source.zip() ? source.path() : source.path().resolve(PluginManifest.FILE_NAME);
      manifest = manifests.read(staged.directory(), source.label(), reportAs);
    } catch (ManifestException e) {
      // Every problem of the manifest: a host stops at the first, the verifier lists them all.
      List<ManifestException> more =
          java.util.Arrays.stream(e.getSuppressed())
              .filter(ManifestException.class::isInstance)
              .map(ManifestException.class::cast)
              .toList();
      if (more.isEmpty()) {
        throw out.stop(e.failure(), e.getCause());
      }
      out.add(e.failure(), e.getCause());
      for (int i = 0; i < more.size() - 1; i++) {
        out.add(more.get(i).failure(), more.get(i).getCause());
      }
      ManifestException last = more.get(more.size() - 1);
      throw out.stop(last.failure(), last.getCause());
    }
    manifestOf.put(source.path(), new Remembered(staged.directory(), manifest));
    return manifest;
  }

  /** The manifest remembered for this source's cache entry, or {@code null}. */
  private PluginManifest remembered(Staged staged) {
    Remembered r = manifestOf.get(staged.source().path());
    return r != null && r.directory().equals(staged.directory()) ? r.manifest() : null;
  }

  /**
   * Step 2: every check that needs no plugin code: capabilities, modules, shadowing, entry module,
   * packages, provider, resolution, module grants and the bytecode policy.
   *
   * @param plugin the prepared plugin
   * @param out where failures go
   * @return the checked plugin; empty when a failure left nothing more to check
   */
  public Optional<Checked> check(Prepared plugin, Failures out) {
    return check(plugin, List.of(), out);
  }

  /**
   * Step 2 for a plugin with dependencies: the same checks, with its modules resolved against its
   * dependencies' configurations and the host's, and the modules of its dependencies (not of theirs
   * in turn) added to what it may read.
   *
   * @param plugin the prepared plugin
   * @param dependencies the configurations of its resolved dependencies' layers, in manifest order
   * @param out where failures go
   * @return the checked plugin; empty when a failure left nothing more to check
   */
  public Optional<Checked> check(Prepared plugin, List<Configuration> dependencies, Failures out) {
    return guarded(
        out,
        () -> {
          Set<String> fromDependencies = new HashSet<>();
          dependencies.forEach(cf -> cf.modules().forEach(m -> fromDependencies.add(m.name())));
          Grants grants = capabilities.grants(plugin, out).withModules(fromDependencies);
          ModuleSet modules = layers.modules(plugin, out);
          moduleChecks.forEach(c -> c.check(plugin, modules, out));
          List<Configuration> parents = new ArrayList<>(dependencies);
          parents.add(rules.hostConfiguration());
          Optional<Configuration> configuration = layers.resolve(plugin, modules, parents, out);
          return new Checked(
              plugin,
              grants,
              modules,
              configuration,
              Optional.of(classFiles(plugin, grants, modules, out)));
        },
        e -> plugin.failure(Rule.RESOLUTION, "its modules cannot be checked: " + e));
  }

  /**
   * The class-file checks (module grants and the bytecode policy), skipped for bytes that passed
   * them under the same rules before, as the {@link CheckedIndex} in the cache records.
   */
  private CapabilityAudit classFiles(
      Prepared plugin, Grants grants, ModuleSet modules, Failures out) {
    Optional<CheckedIndex.Verdict> known = checked.find(plugin.staged());
    if (known.isPresent()) {
      return GrantsAndPolicyCheck.audit(grants, known.get().required(), known.get().referenced());
    }
    int before = out.items().size();
    CapabilityAudit audit = grantsAndPolicy.check(plugin, grants, modules, out);
    if (out.items().size() == before) {
      checked.store(
          plugin.staged(),
          new CheckedIndex.Verdict(audit.requiredModules(), audit.referencedModules()));
    }
    return audit;
  }

  /**
   * Step 3: defines the plugin's layer.
   *
   * @param plugin the checked plugin, whose modules resolved
   * @param parent the host's layer
   * @param out where failures go
   * @return the layer, or empty when it cannot be defined
   */
  public Optional<PluginLayer> define(Checked plugin, ModuleLayer parent, Failures out) {
    return define(plugin, List.of(), parent, out);
  }

  /**
   * Step 3 for a plugin with dependencies: its layer, with its dependencies' layers and the host's
   * as parents.
   *
   * @param plugin the checked plugin, whose modules resolved against {@code dependencies}'
   *     configurations
   * @param dependencies its resolved dependencies' layers, in the order given to {@link
   *     #check(Prepared, List, Failures)}
   * @param parent the host's layer
   * @param out where failures go
   * @return the layer, or empty when it cannot be defined
   */
  public Optional<PluginLayer> define(
      Checked plugin, List<ModuleLayer> dependencies, ModuleLayer parent, Failures out) {
    List<ModuleLayer> parents = new ArrayList<>(dependencies);
    parents.add(parent);
    return guarded(
        out,
        () -> layers.define(plugin, parents, out),
        e -> plugin.prepared().failure(Rule.RESOLUTION, "its layer cannot be defined: " + e));
  }

  /**
   * Step 4: creates the plugin's one provider of the contract, under a budget.
   *
   * @param <T> the contract type
   * @param plugin the plugin
   * @param layer its layer
   * @param contract the contract
   * @param budget how long its static initializers and constructor may take
   * @param out where failures go
   * @return the provider, or empty when it failed, overran, or there is not exactly one
   */
  public <T> Optional<T> provider(
      Prepared plugin, PluginLayer layer, Class<T> contract, Duration budget, Failures out) {
    return guarded(
        out,
        () -> {
          Providers.Created<T> created = Providers.create(plugin, layer.layer(), contract, budget);
          if (!created.ok()) {
            throw out.stop(created.failure(), created.cause());
          }
          List<T> found = created.providers();
          ProviderCheck.failure(
                  plugin,
                  contract.getName(),
                  found.stream().map(p -> p.getClass().getName()).toList())
              .ifPresent(f -> out.stop(f, null));
          return found.get(0);
        },
        e -> plugin.failure(Rule.PROVIDER_FAILED, "its provider cannot be created: " + e));
  }

  /**
   * Steps 1 and 2: what the verifier runs.
   *
   * @param source the plugin's source
   * @param out where failures go
   * @return the checked plugin, when it got that far
   */
  public Optional<Checked> verify(Source source, Failures out) {
    return prepare(source, out).flatMap(p -> check(p, out));
  }

  /**
   * Steps 1 to 3: what {@code Layers.load} runs.
   *
   * @param source the plugin's source
   * @param parent the parent layer
   * @param out where failures go
   * @return the layer, when every check passed
   */
  public Optional<PluginLayer> load(Source source, ModuleLayer parent, Failures out) {
    return prepare(source, out)
        .flatMap(p -> check(p, out))
        .filter(c -> out.isEmpty())
        .flatMap(c -> define(c, parent, out));
  }

  /**
   * Runs one step and turns the sink's stop signal into an empty result.
   *
   * <p>An unexpected exception of a step is a defect of Augment, not of the plugin; it is still
   * reported as the plugin's failure, so that it never stops the host.
   */
  private static <V> Optional<V> guarded(
      Failures out, Supplier<V> step, Function<RuntimeException, PluginFailure> unexpected) {
    try {
      return Optional.of(step.get());
    } catch (Failures.Stopped stopped) {
      return Optional.empty();
    } catch (RuntimeException e) {
      out.record(unexpected.apply(e), e);
      return Optional.empty();
    }
  }
}
