package dev.augment.core.internal.host;

import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
import dev.augment.core.internal.layer.PluginLoader.Prepared;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settles plugins that share a name, from their manifests alone, before any layer is built.
 *
 * <p>The rule: the highest version wins; between equal versions the first in scan order wins
 * (folders in the order the host gave them, then file names in order). Every other plugin of that
 * name is refused with {@link Rule#DUPLICATE_NAME}, naming the one that was chosen.
 */
final class Duplicates {

  private Duplicates() {}

  /**
   * Splits prepared plugins into the chosen ones and the refused ones.
   *
   * @param inScanOrder the prepared plugins in scan order
   * @param refused receives one exception per refused plugin
   * @return the chosen plugins, in scan order
   */
  static List<Prepared> choose(List<Prepared> inScanOrder, List<PluginLoadException> refused) {
    Map<String, List<Prepared>> byName = new LinkedHashMap<>();
    for (Prepared p : inScanOrder) {
      byName.computeIfAbsent(p.manifest().name(), n -> new ArrayList<>()).add(p);
    }
    List<Prepared> chosen = new ArrayList<>();
    for (Prepared p : inScanOrder) {
      List<Prepared> same = byName.get(p.manifest().name());
      Prepared winner =
          same.stream()
              .max(
                  Comparator.comparing((Prepared c) -> c.manifest().version())
                      .thenComparing(c -> -inScanOrder.indexOf(c)))
              .orElseThrow();
      if (winner == p) {
        chosen.add(p);
      } else {
        refused.add(
            new PluginLoadException(
                p.manifest().name(),
                p.source(),
                Rule.DUPLICATE_NAME,
                "version "
                    + p.manifest().version()
                    + " lost to "
                    + winner.source()
                    + " (version "
                    + winner.manifest().version()
                    + "), which has the same name; the highest version wins, then the first in"
                    + " scan order",
                null));
      }
    }
    return chosen;
  }
}
