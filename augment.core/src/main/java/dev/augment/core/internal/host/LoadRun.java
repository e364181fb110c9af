package dev.augment.core.internal.host;

import dev.augment.api.Api;
import dev.augment.core.LoadTiming;
import dev.augment.core.Plugin;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginLayer;
import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
import dev.augment.core.Version;
import dev.augment.core.internal.Calls;
import dev.augment.core.internal.Parallel;
import dev.augment.core.internal.discovery.FolderScans;
import dev.augment.core.internal.flight.Flight;
import dev.augment.core.internal.layer.ExtensionProviders;
import dev.augment.core.internal.lifecycle.PluginRuntime;
import dev.augment.core.internal.pipeline.Duplicates;
import dev.augment.core.internal.pipeline.Pipeline;
import dev.augment.core.internal.plugin.Checked;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.Prepared;
import dev.augment.core.internal.plugin.Source;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One pass of a host over its folders: scan, run the {@link Pipeline} on every candidate, settle
 * names, keep what did not change, set up what did, and say what changed as a list of {@link
 * Change}s.
 *
 * <p>Preparing and loading run in parallel on the given {@link Parallel} runner; name conflicts are
 * settled in between, from the manifests, so that no code of a refused duplicate ever runs. Every
 * failure is a value; a failed update keeps the entry it would have replaced, found by the plugin's
 * name (or, for a plugin refused before its manifest was read, by its source).
 *
 * @param <T> the contract type
 */
@Api.Internal
public final class LoadRun<T> {

  /** The validator of a host that sets none: accepts every provider without calling it. */
  public static final Predicate<Object> ACCEPT_ALL = provider -> true;

  private final Pipeline pipeline;
  private final ModuleLayer parent;
  private final Class<T> contract;
  private final Predicate<? super T> validator;
  private final Parallel parallel;
  private final PluginRuntime.Host host;
  private final Duration providerBudget;
  private final AtomicLong registrations = new AtomicLong();
  private final Refusals refused = new Refusals();
  private final GraphLoad<T> graph;
  private final FolderScans scans;

  /**
   * The snapshot the last pass returned: a pass over the same files keeps it as it is. Weak, so
   * that the run never holds a snapshot the registry has let go of (a closed host's last plugins).
   */
  private WeakReference<Registry.Snapshot<T>> published = new WeakReference<>(null);

  /**
   * Creates a run.
   *
   * @param pipeline the checks and steps every plugin goes through
   * @param parent the host's layer
   * @param contract the contract type
   * @param validator the host's check of each provider
   * @param parallel the runner for parallel steps
   * @param host what every plugin's runtime shares
   * @param providerBudget how long creating a provider, and the validator, may each take
   */
  public LoadRun(
      Pipeline pipeline,
      ModuleLayer parent,
      Class<T> contract,
      Predicate<? super T> validator,
      Parallel parallel,
      PluginRuntime.Host host,
      Duration providerBudget) {
    this.pipeline = pipeline;
    this.parent = parent;
    this.contract = contract;
    this.validator = validator;
    this.parallel = parallel;
    this.host = host;
    this.providerBudget = providerBudget;
    this.graph = new GraphLoad<>(parallel, registrations, parent, this::loadOne);
    this.scans = new FolderScans(pipeline.cacheRoot(), parallel);
  }

  /**
   * What a reload changes.
   *
   * @param <T> the contract type
   * @param snapshot the registry to swap in
   * @param changes what changed, in the order of {@code ReloadReport#failures()}'s description
   * @param discarded the layers of plugins refused after their layer was defined, already closed:
   *     their class loaders must be collected too
   * @param timings how long each step took for every plugin this pass loaded or refused while
   *     loading, by name
   */
  public record Outcome<T>(
      Registry.Snapshot<T> snapshot,
      List<Change<T>> changes,
      List<Discarded> discarded,
      Map<String, LoadTiming> timings) {

    /**
     * The outcome of a pass that keeps every plugin of {@code snapshot} as it is and fails none: no
     * change is listed, so that neither the pass nor its report costs a step per plugin.
     *
     * @param <T> the contract type
     * @param snapshot the registry as it is
     * @return the outcome
     */
    static <T> Outcome<T> allKept(Registry.Snapshot<T> snapshot) {
      return new Outcome<>(snapshot, List.of(), List.of(), Map.of());
    }

    /**
     * Whether this pass kept every plugin of {@code before} as it was and failed none.
     *
     * @param before the snapshot the pass started from
     * @return {@code true} for the outcome of {@link #allKept}
     */
    public boolean keptAll(Registry.Snapshot<T> before) {
      return snapshot == before && changes.isEmpty() && before.failures().isEmpty();
    }
  }

  /**
   * A plugin refused after its layer was defined (its provider, validator or setup failed).
   *
   * @param plugin the plugin's name
   * @param version its version
   * @param layer its closed layer, to watch until it is collected
   */
  public record Discarded(String plugin, Version version, ModuleLayer layer) {}

  /** The pipeline's verdict on one candidate's first step. */
  private record Preparing(
      Source source, Optional<Prepared> prepared, List<Failures.Item> failed, long nanos) {}

  /** A new or changed plugin to load, with its registration order. */
  record Pending(Prepared prepared, long order, long prepareNanos) {}

  /** The verdict on one changed plugin's remaining steps. */
  record Loading<T>(
      Prepared prepared,
      Optional<Registry.Entry<T>> entry,
      List<Failures.Item> failed,
      Optional<Discarded> discarded,
      Optional<LoadTiming> timing) {}

  /**
   * Brings the registry in line with the folders: loads new and changed plugins, keeps unchanged
   * ones, and keeps the old version of a plugin whose update fails.
   *
   * @param folders the host's plugin folders
   * @param previous the registry as it is
   * @return the new registry and what changed
   */
  public Outcome<T> run(List<Path> folders, Registry.Snapshot<T> previous) {
    Outcome<T> outcome = pass(folders, previous);
    published = new WeakReference<>(outcome.snapshot());
    return outcome;
  }

  private Outcome<T> pass(List<Path> folders, Registry.Snapshot<T> previous) {
    Map<String, Registry.Entry<T>> before = previous.byName();
    List<Change<T>> changes = new ArrayList<>();
    List<Source> sources = new ArrayList<>();
    boolean sameFiles = true;
    scans.beginPass();
    for (Path folder : folders) {
      try {
        FolderScans.Scan scan = scans.scan(folder);
        sources.addAll(scan.sources());
        sameFiles &= scan.unchanged();
      } catch (IOException e) {
        sameFiles = false;
        Path root = Source.normalize(folder);
        PluginFailure f =
            PluginFailure.of(
                String.valueOf(root.getFileName()),
                root,
                Rule.SOURCE,
                "plugin folder cannot be listed: " + e.getMessage());
        // Nothing is known of what the folder holds now: its plugins stay as they are.
        List<Registry.Entry<T>> inIt =
            before.values().stream().filter(en -> en.source().root().equals(root)).toList();
        changes.add(new Change.Failed<>(new Failures.Item(f, Optional.of(e)), inIt));
      }
    }
    if (sameFiles
        && previous == published.get()
        && previous.failures().isEmpty()
        && refused.isEmpty()) {
      // The very files of the pass that made this snapshot, which refused none of them: the pass
      // would keep every plugin as it is, so it is not run, and no file or plugin is looked at.
      return Outcome.allKept(previous);
    }

    List<Preparing> preparing;
    pipeline.beginPass();
    try {
      preparing = prepareAll(sources, previous);
    } finally {
      pipeline.endPass();
    }
    List<Prepared> prepared = new ArrayList<>();
    Map<Prepared, Long> prepareNanos = new IdentityHashMap<>();
    for (Preparing p : preparing) {
      p.prepared().ifPresent(prepared::add);
      if (p.nanos() > 0) {
        // Only what was prepared on a loader thread: a plugin kept as it was took no time.
        p.prepared().ifPresent(x -> prepareNanos.put(x, p.nanos()));
      }
      for (Failures.Item f : p.failed()) {
        changes.add(new Change.Failed<>(f, keptBySource(before, p.source())));
      }
    }
    Duplicates.Choice choice = Duplicates.choose(prepared);
    for (Duplicates.Lost lost : choice.lost()) {
      changes.add(
          new Change.Failed<>(new Failures.Item(lost.failure(), Optional.empty()), List.of()));
    }

    Map<String, Registry.Entry<T>> next = new HashMap<>();
    List<Pending> changed = new ArrayList<>();
    for (Prepared p : choice.chosen()) {
      Registry.Entry<T> old = before.get(p.name());
      if (old != null && old.sameContent(p.staged())) {
        Registry.Entry<T> kept = old.at(p.staged());
        next.put(p.name(), kept);
        changes.add(new Change.Kept<>(kept));
      } else {
        // Registration order follows scan order, whichever loader thread gets there first.
        changed.add(
            new Pending(p, registrations.incrementAndGet(), prepareNanos.getOrDefault(p, 0L)));
      }
    }
    refused.keepOnly(sources);
    Map<String, PluginFailure> refusedKept = new HashMap<>();
    // Every plugin kept, none added, failed or gone: the graph is the one already checked, and
    // planning it again would cost O(N) on every reload that finds nothing to do.
    boolean sameGraph =
        changed.isEmpty()
            && next.size() == before.size()
            && changes.stream().allMatch(c -> c instanceof Change.Kept<T>);
    boolean flat = !sameGraph && GraphLoad.flat(choice.chosen());
    List<Loading<T>> loaded =
        sameGraph
            ? List.of()
            : flat
                ? graph.loadFlat(changed)
                : graph.loadInOrder(choice.chosen(), changed, changes, next, before, refusedKept);
    List<Discarded> discarded = new ArrayList<>();
    Map<String, LoadTiming> timings = new TreeMap<>();
    for (Loading<T> l : loaded) {
      if (l.discarded().isPresent()) {
        refused.refused(l.prepared(), l.failed().get(0));
      } else if (l.entry().isPresent()) {
        refused.loaded(l.prepared());
      }
      l.timing().ifPresent(t -> timings.put(l.prepared().name(), t));
      l.discarded().ifPresent(discarded::add);
      if (l.entry().isPresent()) {
        Registry.Entry<T> e = l.entry().get();
        next.put(e.plugin().name(), e);
        Registry.Entry<T> old = before.get(e.plugin().name());
        changes.add(old == null ? new Change.Added<>(e) : new Change.Updated<>(old, e));
      }
    }
    for (Loading<T> l : loaded) {
      for (Failures.Item f : l.failed()) {
        Registry.Entry<T> old = before.get(l.prepared().name());
        boolean keep = old != null && !next.containsKey(old.plugin().name());
        if (keep) {
          next.put(old.plugin().name(), old);
        }
        changes.add(new Change.Failed<>(f, keep ? List.of(old) : List.of()));
      }
    }
    // Entries kept for a failure before their manifest was read, or for an unlistable folder.
    for (Change<T> c : changes) {
      if (c instanceof Change.Failed<T> f) {
        f.kept().forEach(e -> next.putIfAbsent(e.plugin().name(), e));
      }
    }
    if (!sameGraph && !flat) {
      graph.dropStale(next, changes, refusedKept);
    }
    for (Registry.Entry<T> e : before.values()) {
      if (!next.containsKey(e.plugin().name())) {
        changes.add(new Change.Removed<>(e));
      }
    }
    List<PluginFailure> failures =
        changes.stream()
            .filter(c -> c instanceof Change.Failed<T>)
            .map(c -> ((Change.Failed<T>) c).failure().failure())
            .toList();
    if (failures.isEmpty() && previous.failures().isEmpty() && allKeptAsTheyWere(changes, before)) {
      // Nothing changed: the snapshot readers hold stays, and no list of N plugins is rebuilt.
      return Outcome.allKept(previous);
    }
    return new Outcome<>(Registry.Snapshot.of(next, failures), changes, discarded, timings);
  }

  /** Loads one plugin of a wave, unless its very bytes were refused after their code ran. */
  private Loading<T> loadOne(Pending c, List<ModuleLayer> dependencies) {
    Optional<Failures.Item> again = refused.sameAsRefused(c.prepared());
    if (again.isPresent()) {
      // Refused after its code ran, and not changed since: not run again.
      return new Loading<>(
          c.prepared(), Optional.empty(), List.of(again.get()), Optional.empty(), Optional.empty());
    }
    return load(c.prepared(), c.order(), c.prepareNanos(), dependencies);
  }

  /** A plugin refused before its layer was built. */
  static <T> Loading<T> refusal(Prepared p, PluginFailure f) {
    return new Loading<>(
        p,
        Optional.empty(),
        List.of(new Failures.Item(f, Optional.empty())),
        Optional.empty(),
        Optional.empty());
  }

  /** Whether every change keeps the very entry object the registry holds, and all of them. */
  private static <T> boolean allKeptAsTheyWere(
      List<Change<T>> changes, Map<String, Registry.Entry<T>> before) {
    if (changes.size() != before.size()) {
      return false;
    }
    for (Change<T> c : changes) {
      if (!(c instanceof Change.Kept<T> k) || before.get(k.entry().plugin().name()) != k.entry()) {
        return false;
      }
    }
    return true;
  }

  /** Ends the loader threads; the host is closing and runs no further pass. */
  public void close() {
    scans.close();
    parallel.close();
  }

  /** The entry whose bytes came from this very source: kept when the source cannot be read. */
  private static <T> List<Registry.Entry<T>> keptBySource(
      Map<String, Registry.Entry<T>> before, Source source) {
    return before.values().stream().filter(e -> e.source().path().equals(source.path())).toList();
  }

  /**
   * Step 1 for every source, in scan order: a zip the registry loaded from the same path with the
   * same {@link dev.augment.core.internal.plugin.SourceStamp} is kept as it is (a map look-up, no
   * file is touched); the ones the cache knows unchanged are prepared on this thread; only the
   * others on the loader threads.
   */
  private List<Preparing> prepareAll(List<Source> sources, Registry.Snapshot<T> previous) {
    Preparing[] all = new Preparing[sources.size()];
    List<Integer> rest = new ArrayList<>();
    Map<Path, Registry.Entry<T>> loadedFrom = previous.bySource();
    for (int i = 0; i < all.length; i++) {
      Source s = sources.get(i);
      Registry.Entry<T> loaded = loadedFrom.get(s.path());
      Optional<Prepared> known =
          loaded != null && s.zip() && sameStamp(loaded.staged().source(), s)
              ? Optional.of(new Prepared(loaded.staged(), loaded.plugin().manifest()))
              : pipeline.prepareUnchanged(s);
      if (known.isPresent()) {
        all[i] = new Preparing(s, known, List.of(), 0);
      } else {
        rest.add(i);
      }
    }
    List<Preparing> done = parallel.map(rest, i -> prepare(sources.get(i)));
    for (int k = 0; k < rest.size(); k++) {
      all[rest.get(k)] = done.get(k);
    }
    return List.of(all);
  }

  /** Whether the scan saw the very file an entry was loaded from: same path, stamp and kind. */
  private static boolean sameStamp(Source loaded, Source now) {
    return loaded.equals(now)
        && now.seen().isPresent()
        && now.seen().get().trustworthy()
        && now.seen().equals(loaded.seen());
  }

  private Preparing prepare(Source source) {
    long start = System.nanoTime();
    Failures out = Failures.firstOnly();
    Optional<Prepared> p = pipeline.prepare(source, out);
    return new Preparing(
        source, p.filter(x -> out.isEmpty()), out.items(), System.nanoTime() - start);
  }

  private Loading<T> load(
      Prepared prepared, long order, long prepareNanos, List<ModuleLayer> dependencies) {
    Failures out = Failures.firstOnly();
    StepClock clock = new StepClock(prepareNanos);
    Optional<Checked> checked =
        pipeline.check(
            prepared, dependencies.stream().map(ModuleLayer::configuration).toList(), out);
    clock.check();
    Optional<PluginLayer> layer =
        checked.flatMap(c -> pipeline.define(c, dependencies, parent, out));
    clock.define();
    if (layer.isEmpty()) {
      return loading(prepared, Optional.empty(), out.items(), Optional.empty(), clock);
    }
    // From here on plugin code runs: a refused plugin's layer must unload like a dropped one.
    PluginLayer l = layer.get();
    Optional<Registry.Entry<T>> entry =
        Calls.oneThreadFor(
            prepared.name(),
            () -> {
              Optional<T> provider =
                  pipeline
                      .provider(prepared, l, contract, providerBudget, out)
                      .filter(p -> validate(prepared, p, out));
              Optional<Map<Class<?>, List<Object>>> extensions =
                  provider.flatMap(p -> extensions(prepared, l, dependencies, p, out));
              clock.provider();
              Optional<Registry.Entry<T>> started =
                  extensions.flatMap(
                      x -> start(checked.get(), l, provider.orElseThrow(), x, order, out));
              clock.setup();
              return started;
            });
    if (entry.isPresent()) {
      return loading(prepared, entry, List.of(), Optional.empty(), clock);
    }
    Discarded d = new Discarded(prepared.name(), prepared.manifest().version(), l.layer());
    l.close();
    return loading(prepared, Optional.empty(), out.items(), Optional.of(d), clock);
  }

  private static <T> Loading<T> loading(
      Prepared prepared,
      Optional<Registry.Entry<T>> entry,
      List<Failures.Item> failed,
      Optional<Discarded> discarded,
      StepClock clock) {
    LoadTiming timing = clock.timing();
    Flight.pluginLoad(
        prepared.name(),
        prepared.manifest().version().toString(),
        failed.isEmpty() ? "loaded" : failed.get(0).failure().rule().code(),
        timing);
    return new Loading<>(prepared, entry, failed, discarded, Optional.of(timing));
  }

  /** Creates the plugin's providers of its dependencies' extension points, under the budget. */
  private Optional<Map<Class<?>, List<Object>>> extensions(
      Prepared prepared,
      PluginLayer layer,
      List<ModuleLayer> dependencies,
      T provider,
      Failures out) {
    ExtensionProviders.Created created =
        ExtensionProviders.create(prepared, layer.layer(), dependencies, provider, providerBudget);
    if (created.failure().isPresent()) {
      out.record(created.failure().get(), created.cause());
      return Optional.empty();
    }
    return Optional.of(created.providers());
  }

  /** Creates the plugin's runtime and runs its setup, under the setup budget. */
  private Optional<Registry.Entry<T>> start(
      Checked checked,
      PluginLayer layer,
      T provider,
      Map<Class<?>, List<Object>> extensions,
      long order,
      Failures out) {
    Prepared prepared = checked.prepared();
    try {
      PluginRuntime runtime =
          PluginRuntime.start(
              host, layer, provider, checked.grants(), checked.audit().orElseThrow(), order);
      return Optional.of(
          new Registry.Entry<>(
              new Plugin<>(prepared.manifest(), provider, prepared.source().path()),
              layer,
              runtime,
              prepared.staged(),
              extensions));
    } catch (PluginLoadException e) {
      out.record(e.failure(), e.getCause());
      return Optional.empty();
    }
  }

  /** Runs the host's validator under the provider budget: it may call into the plugin. */
  private boolean validate(Prepared prepared, T provider, Failures out) {
    if (validator == ACCEPT_ALL) {
      // The builder's default calls nothing of the plugin: no budget, no thread.
      return true;
    }
    Calls.Outcome<Boolean> outcome =
        Calls.run(
            "validator",
            prepared.name(),
            provider.getClass().getClassLoader(),
            providerBudget,
            () -> validator.test(provider));
    if (outcome.ok() && outcome.value().orElse(false)) {
      return true;
    }
    String detail =
        outcome.overran()
            ? "the host's validator did not finish within the budget of "
                + providerBudget.toMillis()
                + " ms"
            : outcome
                .thrown()
                .map(e -> "the host's validator threw " + Calls.describe(e))
                .orElse("the host's validator rejected provider " + provider.getClass().getName());
    out.record(prepared.failure(Rule.VALIDATOR, detail), outcome.thrown().orElse(null));
    return false;
  }
}
