package dev.augment.core.internal.pipeline;

import dev.augment.api.Api;
import dev.augment.core.PluginFailure;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Prepared;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule {@link Rule#DUPLICATE_NAME}: settles plugins that share a name, from their manifests alone,
 * before any layer is built, for a host and for {@code augment list} alike.
 *
 * <p>The highest version wins; between equal versions the first in scan order wins (folders in the
 * order the host gave them, then file names in order). Every other plugin of that name is refused,
 * naming the one that was chosen, and none of its code runs.
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

  /**
   * Settles name conflicts.
   *
   * @param inScanOrder the prepared plugins in scan order
   * @return the chosen and the refused plugins
   */
  public static Choice choose(List<Prepared> inScanOrder) {
    Map<String, Prepared> winners = new HashMap<>();
    for (Prepared p : inScanOrder) {
      // merge keeps the earlier plugin unless the later one has a strictly higher version.
      winners.merge(
          p.name(),
          p,
          (a, b) -> b.manifest().version().compareTo(a.manifest().version()) > 0 ? b : a);
    }
    List<Prepared> chosen = new ArrayList<>();
    List<Lost> lost = new ArrayList<>();
    for (Prepared p : inScanOrder) {
      Prepared winner = winners.get(p.name());
      if (winner == p) {
        chosen.add(p);
      } else {
        lost.add(
            new Lost(
                p,
                PluginFailure.of(
                    p.name(),
                    p.source().path(),
                    Rule.DUPLICATE_NAME,
                    "version "
                        + p.manifest().version()
                        + " lost to "
                        + winner.source().path()
                        + " (version "
                        + winner.manifest().version()
                        + "), which has the same name; the highest version wins, then the first"
                        + " in scan order")));
      }
    }
    return new Choice(chosen, lost);
  }
}
