package dev.augment.core.internal.host;

import dev.augment.api.Api;
import dev.augment.core.Rule;
import dev.augment.core.internal.pipeline.DependencyGraph;
import dev.augment.core.internal.plugin.Prepared;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which one pass of a host loads its changed plugins: the {@link DependencyGraph} of
 * every plugin the pass goes on with, the plugins it refuses, and the unchanged plugins that must
 * be built again because a plugin they depend on changed.
 *
 * <p>A plugin kept as it was stays on the layers it was built on; when one of its dependencies is
 * loaded anew in this pass, it is loaded anew too, against the new layers, and swapped with them in
 * the same step; when that dependency's update fails, the failure of the rebuild keeps the old
 * dependent, as any failed update does. Last, {@link #dropStale} drops every plugin whose parent
 * layers the new registry no longer holds (its dependency removed, or replaced while it could not
 * be rebuilt).
 */
@Api.Internal
final class LoadOrder {

  private LoadOrder() {}

  /**
   * The settled order of one pass.
   *
   * @param plan the dependency graph of every plugin the pass goes on with
   * @param waves the plugins to load, dependencies first, each wave after the one before
   * @param refusedChanged changed plugins the graph refuses: their update fails
   */
  record Order(
      DependencyGraph.Plan<Prepared> plan,
      List<List<Prepared>> waves,
      List<Prepared> refusedChanged) {}

  /**
   * Settles the order.
   *
   * @param chosen every plugin the pass goes on with, one per name, in scan order
   * @param changed the names of new and changed plugins; plugins rebuilt because of a dependency
   *     are added to it
   * @param refusedEarlier names refused earlier in the pass, with the rule of their first failure
   * @return the order
   */
  static Order of(List<Prepared> chosen, Set<String> changed, Map<String, Rule> refusedEarlier) {
    DependencyGraph.Plan<Prepared> plan =
        DependencyGraph.plan(chosen, Prepared::manifest, refusedEarlier);
    List<List<Prepared>> waves = new ArrayList<>();
    for (List<Prepared> wave : plan.waves()) {
      List<Prepared> load = new ArrayList<>();
      for (Prepared p : wave) {
        // Waves are in dependency order: a dependency's change is known before its dependents.
        if (!changed.contains(p.name())
            && plan.of(p).stream().anyMatch(e -> changed.contains(e.target().name()))) {
          changed.add(p.name());
        }
        if (changed.contains(p.name())) {
          load.add(p);
        }
      }
      waves.add(load);
    }
    List<Prepared> refusedChanged =
        chosen.stream()
            .filter(p -> plan.refused().containsKey(p) && changed.contains(p.name()))
            .toList();
    return new Order(plan, waves, refusedChanged);
  }

  /**
   * The entries of a registry-to-be that were built on a layer it no longer holds: a dependency
   * removed, replaced, or refused without an old version to keep. Such an entry is dropped with it,
   * so that the registry never holds a plugin whose dependency it does not hold too.
   *
   * @param <T> the contract type
   * @param next the registry-to-be, by name; the stale entries are removed from it
   * @param host the host's layer
   * @return the removed entries, dependencies before their dependents
   */
  static <T> List<Registry.Entry<T>> dropStale(
      Map<String, Registry.Entry<T>> next, ModuleLayer host) {
    List<Registry.Entry<T>> dropped = new ArrayList<>();
    boolean again = true;
    while (again) {
      again = false;
      Set<ModuleLayer> held = new HashSet<>();
      held.add(host);
      next.values().forEach(e -> held.add(e.layer().layer()));
      for (Registry.Entry<T> e : List.copyOf(next.values())) {
        if (!held.containsAll(e.layer().layer().parents())) {
          next.remove(e.plugin().name());
          dropped.add(e);
          again = true;
        }
      }
    }
    return dropped;
  }

  /**
   * Orders entries for teardown: every plugin before the plugins it was built on, so that a
   * dependency is torn down only once none of its dependents among them is still set up. Otherwise
   * in the given order.
   *
   * @param <T> the contract type
   * @param entries the entries to drop
   * @return the same entries, dependents first
   */
  static <T> List<Registry.Entry<T>> teardownOrder(Collection<Registry.Entry<T>> entries) {
    List<Registry.Entry<T>> open = new ArrayList<>(entries);
    Map<ModuleLayer, Integer> dependents = new HashMap<>();
    Set<ModuleLayer> layers = new HashSet<>();
    open.forEach(e -> layers.add(e.layer().layer()));
    for (Registry.Entry<T> e : open) {
      for (ModuleLayer parent : e.layer().layer().parents()) {
        if (layers.contains(parent)) {
          dependents.merge(parent, 1, Integer::sum);
        }
      }
    }
    List<Registry.Entry<T>> ordered = new ArrayList<>(open.size());
    while (!open.isEmpty()) {
      List<Registry.Entry<T>> free =
          open.stream().filter(e -> dependents.getOrDefault(e.layer().layer(), 0) == 0).toList();
      // The layer graph has no cycle; the fallback only guards the loop.
      List<Registry.Entry<T>> step = free.isEmpty() ? List.copyOf(open) : free;
      for (Registry.Entry<T> e : step) {
        ordered.add(e);
        e.layer().layer().parents().forEach(p -> dependents.computeIfPresent(p, (k, n) -> n - 1));
      }
      open.removeAll(step);
    }
    return ordered;
  }
}
