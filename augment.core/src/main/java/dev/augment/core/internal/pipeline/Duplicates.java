package dev.augment.core.internal.pipeline;

import dev.augment.api.Api;
import dev.augment.core.PluginDependency;
import dev.augment.core.PluginFailure;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Prepared;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rule {@link Rule#DUPLICATE_NAME}: settles plugins that share a name, from their manifests alone,
 * before any layer is built, for a host and for {@code augment list} alike.
 *
 * <p>A host holds one plugin per name. Of several plugins of one name, the one chosen is the
 * highest version that every plugin depending on that name accepts (the dependents' {@code
 * dependencies} ranges, optional ones included); when no plugin depends on it, or no version is in
 * every range, the highest version. Between equal versions the first in scan order wins (folders in
 * the order the host gave them, then file names in order). The dependents whose ranges count are
 * the plugins chosen by version alone, read once: settling is one pass, not a search. Every other
 * plugin of that name is refused, naming the one that was chosen, and none of its code runs.
 */
@Api.Internal
public final class Duplicates {

  private Duplicates() {}

  /**
   * A plugin that lost to another of its name.
   *
   * @param plugin the loser
   * @param failure why it is refused
   */
  public record Lost(Prepared plugin, PluginFailure failure) {}

  /**
   * What settling gave.
   *
   * @param chosen the plugins to go on with, in scan order
   * @param lost the plugins refused, in scan order
   */
  public record Choice(List<Prepared> chosen, List<Lost> lost) {}

  /** A dependent's range on a name. */
  private record Wanted(String by, PluginDependency dependency) {}

  /**
   * Settles name conflicts.
   *
   * @param inScanOrder the prepared plugins in scan order
   * @return the chosen and the refused plugins
   */
  public static Choice choose(List<Prepared> inScanOrder) {
    Map<String, Prepared> winners = new HashMap<>();
    Map<String, List<Prepared>> byName = new LinkedHashMap<>();
    for (Prepared p : inScanOrder) {
      // merge keeps the earlier plugin unless the later one has a strictly higher version.
      winners.merge(p.name(), p, (a, b) -> higher(b, a) ? b : a);
      byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
    }
    Map<String, List<Wanted>> ranges = new HashMap<>();
    Map<String, Prepared> byRange = new HashMap<>();
    if (byName.values().stream().anyMatch(l -> l.size() > 1)) {
      for (Prepared w : winners.values()) {
        for (PluginDependency d : w.manifest().dependencies()) {
          if (byName.getOrDefault(d.name(), List.of()).size() > 1 && !d.name().equals(w.name())) {
            ranges.computeIfAbsent(d.name(), n -> new ArrayList<>()).add(new Wanted(w.name(), d));
          }
        }
      }
      ranges.forEach(
          (name, wanted) -> {
            Prepared best = null;
            for (Prepared p : byName.get(name)) {
              boolean inEvery =
                  wanted.stream()
                      .allMatch(x -> x.dependency().range().test(p.manifest().version()));
              if (inEvery && (best == null || higher(p, best))) {
                best = p;
              }
            }
            if (best != null) {
              winners.put(name, best);
              byRange.put(name, best);
            }
          });
    }
    List<Prepared> chosen = new ArrayList<>();
    List<Lost> lost = new ArrayList<>();
    for (Prepared p : inScanOrder) {
      Prepared winner = winners.get(p.name());
      if (winner == p) {
        chosen.add(p);
      } else {
        List<Wanted> wanted = new ArrayList<>(ranges.getOrDefault(p.name(), List.of()));
        wanted.sort((a, b) -> a.by().compareTo(b.by()));
        lost.add(new Lost(p, lostTo(p, winner, wanted, byRange.containsKey(p.name()))));
      }
    }
    return new Choice(chosen, lost);
  }

  private static boolean higher(Prepared a, Prepared b) {
    return a.manifest().version().compareTo(b.manifest().version()) > 0;
  }

  private static PluginFailure lostTo(
      Prepared p, Prepared winner, List<Wanted> wanted, boolean inRange) {
    String needs =
        wanted.stream()
            .map(w -> w.by() + " needs " + w.dependency().range())
            .collect(Collectors.joining(", "));
    String rule;
    if (wanted.isEmpty()) {
      rule = "the highest version wins, then the first in scan order";
    } else if (inRange) {
      rule =
          "the highest version in the ranges of the plugins that depend on it wins ("
              + needs
              + "), then the first in scan order";
    } else {
      rule =
          "no version is in every range of the plugins that depend on it ("
              + needs
              + "), so the highest version wins, then the first in scan order";
    }
    return PluginFailure.of(
        p.name(),
        p.source().path(),
        Rule.DUPLICATE_NAME,
        "version "
            + p.manifest().version()
            + " lost to "
            + winner.source().path()
            + " (version "
            + winner.manifest().version()
            + "), which has the same name; "
            + rule);
  }
}
