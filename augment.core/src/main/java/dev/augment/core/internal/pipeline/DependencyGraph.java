package dev.augment.core.internal.pipeline;

import dev.augment.api.Api;
import dev.augment.core.PluginDependency;
import dev.augment.core.PluginManifest;
import dev.augment.core.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rules {@link Rule#DEPENDENCY_MISSING}, {@link Rule#DEPENDENCY_INCOMPATIBLE}, {@link
 * Rule#DEPENDENCY_CYCLE} and {@link Rule#DEPENDENCY_FAILED}: settles the manifests' {@code
 * dependencies} of one pass into a load order, from the manifests alone, before any layer is built,
 * for a host and for {@code augment list} alike.
 *
 * <p>Each dependency is the one plugin of that name in the pass (names are settled first, by {@link
 * Duplicates}); it must be in the declared range. A plugin is refused when a dependency is absent
 * (unless optional), out of range, refused earlier in the pass (unless optional: then the plugin
 * goes on without it), or refused here; every plugin on a cycle is refused with the cycle named.
 * The others come in waves: a plugin's dependencies are all in earlier waves, so each wave can load
 * in parallel once the waves before it have.
 */
@Api.Internal
public final class DependencyGraph {

  private DependencyGraph() {}

  /**
   * One resolved dependency of a plugin.
   *
   * @param <P> what a plugin is to the caller
   * @param declared the manifest's entry
   * @param target the plugin it resolved to
   */
  public record Edge<P>(PluginDependency declared, P target) {}

  /**
   * Why a plugin is refused.
   *
   * @param rule the rule it broke
   * @param detail what is wrong and how to fix it, naming the dependency and its range
   */
  public record Refusal(Rule rule, String detail) {}

  /**
   * The settled graph.
   *
   * @param <P> what a plugin is to the caller
   * @param waves the plugins to go on with, dependencies first; in input order within a wave
   * @param edges each such plugin's resolved dependencies, in manifest order, without the optional
   *     ones that are absent or refused
   * @param refused the plugins refused, with why
   */
  public record Plan<P>(List<List<P>> waves, Map<P, List<Edge<P>>> edges, Map<P, Refusal> refused) {

    /**
     * Returns a plugin's resolved dependencies.
     *
     * @param plugin a plugin of a wave
     * @return its edges, empty when it has none
     */
    public List<Edge<P>> of(P plugin) {
      return edges.getOrDefault(plugin, List.of());
    }
  }

  /**
   * Settles the dependencies of the plugins of one pass.
   *
   * @param <P> what a plugin is to the caller
   * @param plugins every plugin the pass goes on with, one per name, in scan order
   * @param manifest each plugin's manifest
   * @param refusedEarlier names refused earlier in the pass, with the rule of their first failure
   * @return the plan
   */
  public static <P> Plan<P> plan(
      List<P> plugins, Function<P, PluginManifest> manifest, Map<String, Rule> refusedEarlier) {
    Map<String, P> byName = new HashMap<>();
    plugins.forEach(p -> byName.put(manifest.apply(p).name(), p));
    Map<P, List<Edge<P>>> edges = new IdentityHashMap<>();
    Map<P, Refusal> refused = new IdentityHashMap<>();
    for (P p : plugins) {
      List<Edge<P>> out = new ArrayList<>();
      for (PluginDependency d : manifest.apply(p).dependencies()) {
        P target = byName.get(d.name());
        if (target == null) {
          Rule earlier = refusedEarlier.get(d.name());
          if (d.optional()) {
            continue;
          }
          refused.putIfAbsent(p, earlier != null ? failed(d, earlier) : missing(d));
        } else if (!d.range().test(manifest.apply(target).version())) {
          refused.putIfAbsent(p, incompatible(d, manifest.apply(target)));
        } else {
          out.add(new Edge<>(d, target));
        }
      }
      edges.put(p, out);
    }
    cycles(plugins, edges, manifest, refused);
    return waves(plugins, edges, manifest, refused);
  }

  /** Orders the rest in waves, refusing a plugin whose required dependency was refused. */
  private static <P> Plan<P> waves(
      List<P> plugins,
      Map<P, List<Edge<P>>> edges,
      Function<P, PluginManifest> manifest,
      Map<P, Refusal> refused) {
    Map<P, Integer> wave = new IdentityHashMap<>();
    Map<P, List<Edge<P>>> kept = new IdentityHashMap<>();
    List<List<P>> waves = new ArrayList<>();
    List<P> open = new ArrayList<>(plugins);
    while (!open.isEmpty()) {
      List<P> next = new ArrayList<>();
      Map<P, Integer> settled = new IdentityHashMap<>();
      for (P p : open) {
        if (refused.containsKey(p)) {
          continue;
        }
        Optional<Integer> at = settle(p, edges.get(p), wave, refused, manifest, kept);
        if (at == null) {
          next.add(p);
        } else {
          at.ifPresent(w -> settled.put(p, w));
        }
      }
      if (settled.isEmpty() && next.size() == open.size()) {
        break; // cannot happen once cycles are refused; guards the loop all the same
      }
      for (P p : open) {
        Integer w = settled.get(p);
        if (w != null) {
          wave.put(p, w);
          while (waves.size() <= w) {
            waves.add(new ArrayList<>());
          }
          waves.get(w).add(p);
        }
      }
      open = next;
    }
    return new Plan<>(waves.stream().map(List::copyOf).toList(), kept, refused);
  }

  /**
   * The wave of a plugin whose dependencies are all settled, or empty when it is refused; {@code
   * null} while a dependency is not settled yet.
   */
  private static <P> Optional<Integer> settle(
      P p,
      List<Edge<P>> out,
      Map<P, Integer> wave,
      Map<P, Refusal> refused,
      Function<P, PluginManifest> manifest,
      Map<P, List<Edge<P>>> kept) {
    int at = 0;
    List<Edge<P>> usable = new ArrayList<>();
    for (Edge<P> e : out) {
      Refusal r = refused.get(e.target());
      if (r != null) {
        if (!e.declared().optional()) {
          refused.put(p, failed(e.declared(), r.rule()));
          return Optional.empty();
        }
        continue;
      }
      Integer w = wave.get(e.target());
      if (w == null) {
        return null;
      }
      at = Math.max(at, w + 1);
      usable.add(e);
    }
    kept.put(p, List.copyOf(usable));
    return Optional.of(at);
  }

  /** Refuses every plugin on a cycle, naming the cycle it is on. */
  private static <P> void cycles(
      List<P> plugins,
      Map<P, List<Edge<P>>> edges,
      Function<P, PluginManifest> manifest,
      Map<P, Refusal> refused) {
    Map<P, Integer> state = new IdentityHashMap<>(); // 1: on the path, 2: done
    for (P start : plugins) {
      if (state.containsKey(start)) {
        continue;
      }
      // Depth-first, without recursion: a long chain of dependencies must not overflow the stack.
      List<P> path = new ArrayList<>();
      List<Integer> next = new ArrayList<>();
      path.add(start);
      next.add(0);
      state.put(start, 1);
      while (!path.isEmpty()) {
        int top = path.size() - 1;
        P p = path.get(top);
        List<Edge<P>> out = edges.get(p);
        int i = next.get(top);
        if (i == out.size()) {
          state.put(p, 2);
          path.remove(top);
          next.remove(top);
          continue;
        }
        next.set(top, i + 1);
        P t = out.get(i).target();
        Integer s = state.get(t);
        if (s == null) {
          state.put(t, 1);
          path.add(t);
          next.add(0);
        } else if (s == 1) {
          List<P> cycle = path.subList(path.indexOf(t), path.size());
          StringBuilder named = new StringBuilder();
          for (P c : cycle) {
            named.append(manifest.apply(c).name()).append(" -> ");
          }
          named.append(manifest.apply(t).name());
          for (P c : cycle) {
            refused.putIfAbsent(
                c,
                new Refusal(
                    Rule.DEPENDENCY_CYCLE,
                    "is on the dependency cycle "
                        + named
                        + "; plugins on a cycle cannot load, since each layer needs its"
                        + " dependencies' layers first: remove one of these dependencies"));
          }
        }
      }
    }
  }

  private static Refusal missing(PluginDependency d) {
    return new Refusal(
        Rule.DEPENDENCY_MISSING,
        "depends on '"
            + d.name()
            + "' "
            + d.range()
            + ", which no plugin folder holds; add a plugin '"
            + d.name()
            + "' in that range, or mark the dependency optional");
  }

  private static Refusal incompatible(PluginDependency d, PluginManifest found) {
    return new Refusal(
        Rule.DEPENDENCY_INCOMPATIBLE,
        "depends on '"
            + d.name()
            + "' "
            + d.range()
            + ", but the plugin folders hold "
            + found.coordinates()
            + "; install a version of '"
            + d.name()
            + "' in that range, or change the range");
  }

  /**
   * The refusal of a plugin whose dependency was refused.
   *
   * @param d the dependency
   * @param why the rule the dependency broke
   * @return the refusal, rule {@link Rule#DEPENDENCY_FAILED}
   */
  public static Refusal failed(PluginDependency d, Rule why) {
    return new Refusal(
        Rule.DEPENDENCY_FAILED,
        "depends on '"
            + d.name()
            + "' "
            + d.range()
            + ", which was refused in this pass (rule ["
            + why.code()
            + "]); fix '"
            + d.name()
            + "' first");
  }
}
