package dev.augment.core.internal.host;

import dev.augment.core.CapabilityAudit;
import dev.augment.core.Plugin;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginLayer;
import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
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
   * Loads every plugin in the folders.
   *
   * @param folders the host's plugin folders
   * @return the loaded plugins, and the failures in the order they were found: folders that cannot
   *     be listed, then plugins refused while preparing (in scan order), then name conflicts, then
   *     plugins refused while loading (in scan order)
   */
  public Registry.Snapshot<T> run(List<Path> folders) {
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
    long base = generation.incrementAndGet() * 1_000_000L;
    List<Registry.Entry<T>> loaded =
        keep(
            parallel.map(
                IntStream.range(0, chosen.size()).boxed().toList(),
                i -> define(chosen.get(i), base + i)),
            failed);

    Map<String, Registry.Entry<T>> byName = new HashMap<>();
    loaded.forEach(e -> byName.put(e.plugin().name(), e));
    List<PluginFailure> failures = failed.stream().map(PluginFailure::of).toList();
    failures.forEach(f -> LOG.warn("Skipped plugin: {}", f.message()));
    return new Registry.Snapshot<>(byName, failures);
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

  private Registry.Entry<T> define(Prepared prepared, long order) {
    PluginLayer layer;
    Grants grants;
    CapabilityAudit audit;
    try {
      grants = checks.grants(prepared);
      PluginLoader.Resolved resolved = loader.resolve(prepared, parent);
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
      layer.close();
      throw e;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      // Any other Error a plugin throws (AssertionError, ExceptionInInitializerError, ...) fails
      // that plugin only.
      layer.close();
      throw fail(layer, Rule.PROVIDER_FAILED, "the provider threw " + e, e);
    }
  }

  private boolean validate(PluginLayer layer, T provider) {
    try {
      return validator.test(provider);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
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
