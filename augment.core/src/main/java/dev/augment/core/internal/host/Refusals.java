package dev.augment.core.internal.host;

import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.Prepared;
import dev.augment.core.internal.plugin.Source;
import dev.augment.core.internal.plugin.Staged;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The plugins refused after their code ran (a provider, the validator or a setup failed or
 * overran), each with the content it was refused for: while a plugin's bytes stay the same, later
 * passes report the same failure without running its code again, so that a plugin that hangs costs
 * one abandoned thread, not one per reload.
 *
 * <p>Safe for the loader threads of one pass to read while the pass's own thread changes it.
 */
final class Refusals {

  private record Refused(Staged staged, Failures.Item failure) {
    boolean sameBytes(Prepared p) {
      return p.source().kind() == staged.source().kind()
          && p.staged().sha256().equals(staged.sha256());
    }
  }

  private final Map<Path, Refused> bySource = new ConcurrentHashMap<>();

  /** Whether no plugin is remembered as refused. */
  boolean isEmpty() {
    return bySource.isEmpty();
  }

  /**
   * The failure a plugin was refused for, when its source holds the very bytes it was refused for.
   *
   * @param p the plugin as prepared now
   * @return the failure to report again instead of running its code
   */
  Optional<Failures.Item> sameAsRefused(Prepared p) {
    Refused r = bySource.get(p.source().path());
    return r != null && r.sameBytes(p) ? Optional.of(r.failure()) : Optional.empty();
  }

  /** Remembers a plugin refused after its code ran. */
  void refused(Prepared p, Failures.Item failure) {
    bySource.put(p.source().path(), new Refused(p.staged(), failure));
  }

  /** Forgets a plugin that loaded from the same source. */
  void loaded(Prepared p) {
    bySource.remove(p.source().path());
  }

  /** Forgets plugins whose file is gone; through a set, so that this stays O(N) for any number. */
  void keepOnly(List<Source> sources) {
    if (!bySource.isEmpty()) {
      bySource.keySet().retainAll(sources.stream().map(Source::path).collect(Collectors.toSet()));
    }
  }
}
