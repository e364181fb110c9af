package dev.augment.core.internal.host;

import dev.augment.core.PluginFailure;
import dev.augment.core.Rule;
import dev.augment.core.internal.Parallel;
import dev.augment.core.internal.pipeline.DependencyGraph;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.Prepared;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dependency part of one pass of a host: loads the changed plugins wave after wave of the
 * {@link LoadOrder}, each on its dependencies' layers, and afterwards drops what lost its
 * dependencies.
 *
 * <p>An unchanged plugin built on a plugin that changed is set aside and loaded again, on the new
 * layers. When, by the time its wave comes, none of its dependencies was loaded anew after all
 * (their updates failed, so their old versions stay), the old plugin is put back as it was, without
 * a failure of its own: a failed update of a dependency is reported once, on the dependency.
 *
 * @param <T> the contract type
 */
final class GraphLoad<T> {

  /** Loads one plugin on the layers of its dependencies. */
  interface Loader<T> {
    LoadRun.Loading<T> load(LoadRun.Pending plugin, List<ModuleLayer> dependencies);
  }

  private final Parallel parallel;
  private final AtomicLong registrations;
  private final ModuleLayer host;
  private final Loader<T> loader;

  GraphLoad(Parallel parallel, AtomicLong registrations, ModuleLayer host, Loader<T> loader) {
    this.parallel = parallel;
    this.registrations = registrations;
    this.host = host;
    this.loader = loader;
  }

  /**
   * Whether no plugin of the pass declares a dependency: then there is one wave, every layer's only
   * parent is the host's, and nothing can go stale, so the pass needs no plan.
   *
   * @param chosen every plugin the pass goes on with
   * @return {@code true} when none declares a dependency
   */
  static boolean flat(List<Prepared> chosen) {
    for (Prepared p : chosen) {
      if (!p.manifest().dependencies().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Loads the changed plugins of a {@link #flat} pass, in parallel, each on the host's layer.
   *
   * @param changed the new and changed plugins
   * @return what loading each plugin gave, in the order of {@code changed}
   */
  List<LoadRun.Loading<T>> loadFlat(List<LoadRun.Pending> changed) {
    return parallel.map(changed, c -> loader.load(c, List.of()));
  }

  /**
   * Loads the changed plugins in dependency order: each wave in parallel, a wave after the one
   * before, a plugin with its dependencies' layers as parents.
   *
   * @param chosen every plugin the pass goes on with, in scan order
   * @param changed the new and changed plugins
   * @param changes the changes so far; a plugin set aside loses its {@code Kept}, one put back gets
   *     it again
   * @param next the registry-to-be; plugins set aside are taken out of it, and put back
   * @param before the registry as it was
   * @param refusedKept filled with the failures of unchanged plugins the graph refuses, in case
   *     {@link #dropStale} must drop them
   * @return what loading each plugin gave, in load order
   */
  List<LoadRun.Loading<T>> loadInOrder(
      List<Prepared> chosen,
      List<LoadRun.Pending> changed,
      List<Change<T>> changes,
      Map<String, Registry.Entry<T>> next,
      Map<String, Registry.Entry<T>> before,
      Map<String, PluginFailure> refusedKept) {
    Map<String, Rule> refusedEarlier = new HashMap<>();
    for (Change<T> c : changes) {
      if (c instanceof Change.Failed<T> f) {
        refusedEarlier.putIfAbsent(f.failure().failure().plugin(), f.failure().failure().rule());
      }
    }
    Map<String, LoadRun.Pending> pending = new HashMap<>();
    changed.forEach(c -> pending.put(c.prepared().name(), c));
    Set<String> names = new HashSet<>(pending.keySet());
    LoadOrder.Order order = LoadOrder.of(chosen, names, refusedEarlier);
    Map<String, Registry.Entry<T>> setAside = new HashMap<>();
    for (Prepared p : chosen) {
      if (names.contains(p.name()) && !pending.containsKey(p.name())) {
        // Unchanged, but built on a plugin that changed: built again on the new layers.
        Registry.Entry<T> old = next.remove(p.name());
        if (old != null) {
          setAside.put(p.name(), old);
        }
        changes.removeIf(
            c -> c instanceof Change.Kept<T> k && k.entry().plugin().name().equals(p.name()));
        pending.put(p.name(), new LoadRun.Pending(p, registrations.incrementAndGet(), 0));
      }
    }
    order
        .plan()
        .refused()
        .forEach(
            (p, r) -> {
              if (!names.contains(p.name())) {
                refusedKept.put(p.name(), p.failure(r.rule(), r.detail()));
              }
            });
    List<LoadRun.Loading<T>> loaded = new ArrayList<>();
    for (Prepared p : order.refusedChanged()) {
      DependencyGraph.Refusal r = order.plan().refused().get(p);
      loaded.add(LoadRun.refusal(p, p.failure(r.rule(), r.detail())));
    }
    Map<String, ModuleLayer> layerOf = new HashMap<>();
    next.forEach((name, e) -> layerOf.put(name, e.layer().layer()));
    // Layers the registry-to-be keeps: kept entries, and old versions of failed updates.
    Set<ModuleLayer> staying = new HashSet<>(layerOf.values());
    staying.add(host);
    Set<String> anew = new HashSet<>();
    Map<String, Rule> failedNow = new HashMap<>();
    for (List<Prepared> wave : order.waves()) {
      List<LoadRun.Pending> inWave = new ArrayList<>();
      for (Prepared p : wave) {
        Registry.Entry<T> old = setAside.get(p.name());
        if (old != null
            && order.plan().of(p).stream().noneMatch(e -> anew.contains(e.target().name()))
            && staying.containsAll(old.layer().layer().parents())) {
          // None of its dependencies was loaded anew after all: it stays as it was, unreported.
          next.put(p.name(), old);
          changes.add(new Change.Kept<>(old));
          layerOf.put(p.name(), old.layer().layer());
          staying.add(old.layer().layer());
        } else {
          inWave.add(pending.get(p.name()));
        }
      }
      List<LoadRun.Loading<T>> done =
          parallel.map(
              inWave, c -> loadAfter(c, order.plan().of(c.prepared()), layerOf, failedNow));
      for (LoadRun.Loading<T> l : done) {
        String name = l.prepared().name();
        if (l.entry().isPresent()) {
          layerOf.put(name, l.entry().get().layer().layer());
          anew.add(name);
        }
        if (!l.failed().isEmpty()) {
          failedNow.put(name, l.failed().get(0).failure().rule());
          Registry.Entry<T> kept = before.get(name);
          if (kept != null && !setAside.containsKey(name)) {
            staying.add(kept.layer().layer()); // a failed update keeps the old version
          }
        }
      }
      loaded.addAll(done);
    }
    return loaded;
  }

  /** Loads one plugin of a wave on its dependencies' layers, unless one of them failed. */
  private LoadRun.Loading<T> loadAfter(
      LoadRun.Pending c,
      List<DependencyGraph.Edge<Prepared>> edges,
      Map<String, ModuleLayer> layerOf,
      Map<String, Rule> failedNow) {
    List<ModuleLayer> dependencies = new ArrayList<>();
    for (DependencyGraph.Edge<Prepared> e : edges) {
      ModuleLayer layer = layerOf.get(e.target().name());
      if (layer != null) {
        dependencies.add(layer);
      } else if (!e.declared().optional()) {
        Rule why = failedNow.getOrDefault(e.target().name(), Rule.DEPENDENCY_FAILED);
        DependencyGraph.Refusal f = DependencyGraph.failed(e.declared(), why);
        return LoadRun.refusal(c.prepared(), c.prepared().failure(f.rule(), f.detail()));
      }
    }
    return loader.load(c, dependencies);
  }

  /**
   * Drops the entries kept from the registry before that are built on a layer {@code next} no
   * longer holds, reporting each with a failure unless one is reported for it already.
   *
   * @param next the registry-to-be
   * @param changes the changes so far, to which the failures are added
   * @param refusedKept the graph's failures of unchanged plugins, by name
   */
  void dropStale(
      Map<String, Registry.Entry<T>> next,
      List<Change<T>> changes,
      Map<String, PluginFailure> refusedKept) {
    for (Registry.Entry<T> e : LoadOrder.dropStale(next, host)) {
      String name = e.plugin().name();
      changes.removeIf(c -> c instanceof Change.Kept<T> k && k.entry() == e);
      boolean reported =
          changes.stream()
              .anyMatch(
                  c ->
                      c instanceof Change.Failed<T> f
                          && f.failure().failure().plugin().equals(name));
      if (!reported) {
        PluginFailure f =
            refusedKept.getOrDefault(
                name,
                PluginFailure.of(
                    name,
                    e.plugin().source(),
                    Rule.DEPENDENCY_FAILED,
                    "was built on a dependency that this pass removed or replaced, and could"
                        + " not be built again; it is unloaded with it"));
        changes.add(new Change.Failed<>(new Failures.Item(f, Optional.empty()), List.of()));
      }
    }
  }
}
