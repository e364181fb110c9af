package dev.augment.core.internal.host;

import dev.augment.core.CapabilityAudit;
import dev.augment.core.Plugin;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginLayer;
import dev.augment.core.PluginLoadException;
import dev.augment.core.ReloadReport;
import dev.augment.core.Rule;
import dev.augment.core.internal.Fatal;
import dev.augment.core.internal.checks.Checks;
import dev.augment.core.internal.checks.Grants;
import dev.augment.core.internal.discovery.PluginScanner;
import dev.augment.core.internal.discovery.PluginScanner.Candidate;
import dev.augment.core.internal.layer.PluginLoader;
import dev.augment.core.internal.layer.PluginLoader.Prepared;
import dev.augment.core.internal.lifecycle.PluginRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the host's folders: scan, prepare, settle names, check, define layers, get
 * providers, set them up.
 *
 * <p>Preparing (extracting, reading manifests) and defining (building layers, creating providers)
 * run in parallel on the given {@link Parallel} runner; name conflicts are settled in between, from
 * the manifests, so that no code of a refused duplicate ever runs. Every failure becomes a {@link
 * PluginFailure}; nothing a plugin does escapes this class except a {@link VirtualMachineError}.
 *
 * @param <T> the contract type
 */
public final class LoadRun<T> {

  private static final Logger LOG = LoggerFactory.getLogger(LoadRun.class);

  private final PluginLoader loader;
  private final ModuleLayer parent;
  private final Class<T> contract;
  private final Predicate<? super T> validator;
  private final Parallel parallel;
  private final Checks checks;
  private final PluginRuntime.Host host;
  private final AtomicLong generation = new AtomicLong();

  /**
   * Creates a run.
   *
   * @param loader the plugin loader
   * @param parent the host's layer
   * @param contract the contract type
   * @param validator the host's check of each provider
   * @param parallel the runner for parallel steps
   * @param checks compatibility, capabilities and the bytecode policy
   * @param host what every plugin's runtime shares
   */
  public LoadRun(
      PluginLoader loader,
      ModuleLayer parent,
      Class<T> contract,
      Predicate<? super T> validator,
      Parallel parallel,
      Checks checks,
      PluginRuntime.Host host) {
    this.loader = loader;
    this.parent = parent;
    this.contract = contract;
    this.validator = validator;
    this.parallel = parallel;
    this.checks = checks;
    this.host = host;
  }

  /**
   * What a reload changes.
   *
   * @param <T> the contract type
   * @param snapshot the registry to swap in
   * @param report what changed, for the caller
   * @param fresh the entries new in this snapshot, to activate after the swap
   * @param dropped the entries of the previous snapshot that are gone, to tear down after the swap
   * @param discarded the layers of plugins refused after their layer was defined, already closed:
   *     their class loaders must be collected too
   */
  public record Outcome<T>(
      Registry.Snapshot<T> snapshot,
      ReloadReport report,
      List<Registry.Entry<T>> fresh,
      List<Registry.Entry<T>> dropped,
      List<Discarded> discarded) {}

  /**
   * A plugin refused after its layer was defined (its provider, validator or setup failed).
   *
   * @param plugin the plugin's name
   * @param version its version
   * @param layer its closed layer, to watch until it is collected
   */
  public record Discarded(String plugin, dev.augment.core.Version version, ModuleLayer layer) {}

  /**
   * Brings the registry in line with the folders: loads new and changed plugins, keeps unchanged
   * ones, and keeps the old version of a plugin whose update fails.
   *
   * @param folders the host's plugin folders
   * @param previous the registry as it is
   * @return the new registry and what changed
   */
  public Outcome<T> run(List<Path> folders, Registry.Snapshot<T> previous) {
    List<PluginLoadException> failed = new ArrayList<>();
    List<Candidate> candidates = new ArrayList<>();
    for (Path folder : folders) {
      try {
        candidates.addAll(PluginScanner.scan(folder));
      } catch (IOException e) {
        failed.add(
            new PluginLoadException(
                String.valueOf(folder.getFileName()),
                folder.toAbsolutePath(),
                Rule.SOURCE,
                "plugin folder cannot be listed: " + e.getMessage(),
                e));
      }
    }
    List<Prepared> prepared = keep(parallel.map(candidates, this::prepare), failed);
    List<Prepared> chosen = Duplicates.choose(prepared, failed);

    Map<String, Registry.Entry<T>> before = previous.byName();
    Map<String, Registry.Entry<T>> next = new HashMap<>();
    List<Prepared> changed = new ArrayList<>();
    for (Prepared p : chosen) {
      Registry.Entry<T> old = before.get(p.manifest().name());
      if (old != null && old.fingerprint().equals(p.fingerprint())) {
        next.put(p.manifest().name(), old);
      } else {
        changed.add(p);
      }
    }
    long base = generation.incrementAndGet() * 1_000_000L;
    Queue<Discarded> discarded = new ConcurrentLinkedQueue<>();
    List<Registry.Entry<T>> fresh =
        keep(
            parallel.map(
                IntStream.range(0, changed.size()).boxed().toList(),
                i -> define(changed.get(i), base + i, discarded)),
            failed);
    fresh.forEach(e -> next.put(e.plugin().name(), e));
    keepOldVersionsOfFailedUpdates(before, next, failed);

    List<PluginFailure> failures = failed.stream().map(PluginFailure::of).toList();
    failures.forEach(f -> LOG.warn("Skipped plugin: {}", f.message()));
    List<Registry.Entry<T>> dropped =
        before.values().stream().filter(e -> next.get(e.plugin().name()) != e).toList();
    ReloadReport report =
        new ReloadReport(
            names(fresh.stream().filter(e -> !before.containsKey(e.plugin().name()))),
            names(fresh.stream().filter(e -> before.containsKey(e.plugin().name()))),
            names(before.values().stream().filter(e -> !next.containsKey(e.plugin().name()))),
            names(next.values().stream().filter(e -> before.get(e.plugin().name()) == e)),
            failures);
    return new Outcome<>(
        new Registry.Snapshot<>(next, failures), report, fresh, dropped, List.copyOf(discarded));
  }

  /**
   * A failed update never replaces a working version: when a plugin that was loaded fails now (by
   * name, or by its source when the failure came before its manifest was read), its old entry
   * stays.
   */
  private void keepOldVersionsOfFailedUpdates(
      Map<String, Registry.Entry<T>> before,
      Map<String, Registry.Entry<T>> next,
      List<PluginLoadException> failed) {
    for (PluginLoadException f : failed) {
      for (Registry.Entry<T> old : before.values()) {
        String name = old.plugin().name();
        // The same plugin by name, by its source, or a whole folder that could not be listed.
        boolean same =
            name.equals(f.plugin())
                || f.file().startsWith(old.plugin().source())
                || f.rule() == Rule.SOURCE && old.plugin().source().startsWith(f.file());
        if (same && !next.containsKey(name) && f.rule() != Rule.DUPLICATE_NAME) {
          next.put(name, old);
          LOG.warn(
              "Keeping {}: its update failed ({})",
              old.plugin().manifest().coordinates(),
              f.rule().code());
        }
      }
    }
  }

  private static <T> List<String> names(java.util.stream.Stream<Registry.Entry<T>> entries) {
    return entries.map(e -> e.plugin().name()).sorted().toList();
  }

  private Prepared prepare(Candidate candidate) {
    try {
      Prepared prepared = loader.prepare(candidate.path());
      checks.compatibility(prepared);
      return prepared;
    } catch (PluginLoadException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PluginLoadException(
          String.valueOf(candidate.path().getFileName()),
          candidate.path().toAbsolutePath(),
          Rule.SOURCE,
          "cannot be read: " + e,
          e);
    }
  }

  private Registry.Entry<T> define(Prepared prepared, long order, Queue<Discarded> discarded) {
    PluginLayer layer;
    Grants grants;
    CapabilityAudit audit;
    try {
      grants = checks.grants(prepared);
      PluginLoader.Resolved resolved = loader.resolve(prepared, parent.configuration());
      audit = checks.verify(prepared, grants, resolved.configuration());
      layer = loader.defineLayer(resolved, parent);
    } catch (PluginLoadException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PluginLoadException(
          prepared.manifest().name(),
          prepared.source(),
          Rule.RESOLUTION,
          "its layer cannot be defined: " + e,
          e);
    }
    try {
      T provider = provider(layer);
      if (!validate(layer, provider)) {
        throw fail(
            layer,
            Rule.VALIDATOR,
            "the host's validator rejected provider " + provider.getClass().getName(),
            null);
      }
      PluginRuntime runtime = PluginRuntime.start(host, layer, provider, grants, audit, order);
      LOG.info("Loaded plugin {} from {}", layer.manifest().coordinates(), layer.source());
      return new Registry.Entry<>(
          new Plugin<>(layer.manifest(), provider, layer.source()), layer, runtime);
    } catch (PluginLoadException e) {
      discard(layer, discarded);
      throw e;
    } catch (Throwable e) {
      // Any other Error a plugin throws (AssertionError, ExceptionInInitializerError, a stack
      // overflow, ...) fails that plugin only.
      Fatal.rethrowIfFatal(e);
      discard(layer, discarded);
      throw fail(layer, Rule.PROVIDER_FAILED, "the provider threw " + e, e);
    }
  }

  private static void discard(PluginLayer layer, Queue<Discarded> discarded) {
    discarded.add(
        new Discarded(layer.manifest().name(), layer.manifest().version(), layer.layer()));
    layer.close();
  }

  private boolean validate(PluginLayer layer, T provider) {
    try {
      return validator.test(provider);
    } catch (Throwable e) {
      Fatal.rethrowIfFatal(e);
      throw fail(layer, Rule.VALIDATOR, "the host's validator threw " + e, e);
    }
  }

  private T provider(PluginLayer layer) {
    List<T> providers = layer.services(contract);
    if (providers.isEmpty()) {
      throw fail(
          layer,
          Rule.NO_PROVIDER,
          "no module of the plugin provides "
              + contract.getName()
              + "; add `provides "
              + contract.getName()
              + " with ...` to module "
              + layer.manifest().entryPoint(),
          null);
    }
    if (providers.size() > 1) {
      throw fail(
          layer,
          Rule.AMBIGUOUS_PROVIDER,
          "a plugin has exactly one provider of "
              + contract.getName()
              + ", found "
              + providers.stream().map(p -> p.getClass().getName()).toList(),
          null);
    }
    return providers.get(0);
  }

  private static PluginLoadException fail(
      PluginLayer layer, Rule rule, String detail, Throwable cause) {
    return new PluginLoadException(layer.manifest().name(), layer.source(), rule, detail, cause);
  }

  private static <A> List<A> keep(
      List<Parallel.Result<A>> results, List<PluginLoadException> failed) {
    List<A> values = new ArrayList<>();
    for (Parallel.Result<A> r : results) {
      r.value().ifPresent(values::add);
      r.failure().ifPresent(failed::add);
    }
    return values;
  }
}
