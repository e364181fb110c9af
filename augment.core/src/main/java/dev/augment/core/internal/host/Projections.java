package dev.augment.core.internal.host;

import dev.augment.core.LoadTiming;
import dev.augment.core.PluginEvent;
import dev.augment.core.PluginFailure;
import dev.augment.core.ReloadReport;
import dev.augment.core.Version;
import dev.augment.core.internal.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/** What a reload's list of {@link Change}s says to the caller, to listeners and to the log. */
final class Projections {

  private Projections() {}

  /** The caller's report: names by kind of change, failures in the order they were found. */
  static <T> ReloadReport report(List<Change<T>> changes) {
    return report(changes, Map.of());
  }

  /** The report of a reload, with the timings of what it loaded. */
  static <T> ReloadReport report(List<Change<T>> changes, Map<String, LoadTiming> timings) {
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<PluginFailure> failures = new ArrayList<>();
    for (Change<T> c : changes) {
      if (c instanceof Change.Added<T> a) {
        added.add(a.entry().plugin().name());
      } else if (c instanceof Change.Updated<T> u) {
        updated.add(u.to().plugin().name());
      } else if (c instanceof Change.Removed<T> r) {
        removed.add(r.entry().plugin().name());
      } else if (c instanceof Change.Kept<T> k) {
        unchanged.add(k.entry().plugin().name());
      } else if (c instanceof Change.Failed<T> f) {
        failures.add(f.failure().failure());
        f.kept().forEach(e -> unchanged.add(e.plugin().name()));
      }
    }
    return new ReloadReport(
        sorted(added), sorted(updated), sorted(removed), sorted(unchanged), failures, timings);
  }

  /**
   * The report and the log line of a reload that kept every plugin as it was and failed none.
   *
   * @param names the plugins' names, sorted
   * @param folders the host's plugin folders, for the log line
   * @param log the reloader's logger
   * @return the report
   */
  static ReloadReport allKept(List<String> names, List<Path> folders, Logger log) {
    ReloadReport r = new ReloadReport(List.of(), List.of(), List.of(), names, List.of(), Map.of());
    log.info(
        "Reloaded {}: 0 added, 0 updated, 0 removed, {} unchanged, 0 failed",
        folders,
        names.size());
    return r;
  }

  /** The listeners' events: removals, additions, updates, then failures. */
  static <T> List<PluginEvent> events(List<Change<T>> changes) {
    List<PluginEvent> removed = new ArrayList<>();
    List<PluginEvent> added = new ArrayList<>();
    List<PluginEvent> updated = new ArrayList<>();
    List<PluginEvent> failed = new ArrayList<>();
    for (Change<T> c : changes) {
      if (c instanceof Change.Removed<T> r) {
        removed.add(new PluginEvent.Unloaded(r.entry().plugin().name(), version(r.entry())));
      } else if (c instanceof Change.Added<T> a) {
        added.add(new PluginEvent.Loaded(a.entry().plugin().name(), version(a.entry())));
      } else if (c instanceof Change.Updated<T> u) {
        updated.add(
            new PluginEvent.Updated(u.to().plugin().name(), version(u.from()), version(u.to())));
      } else if (c instanceof Change.Failed<T> f) {
        PluginFailure failure = f.failure().failure();
        Optional<Version> kept =
            f.kept().stream()
                .filter(e -> e.plugin().name().equals(failure.plugin()))
                .findFirst()
                .map(Projections::version);
        failed.add(new PluginEvent.Failed(failure.plugin(), failure, kept));
      }
    }
    List<PluginEvent> all = new ArrayList<>(removed);
    all.addAll(added);
    all.addAll(updated);
    all.addAll(failed);
    return all;
  }

  /** The entries to tear down: removed ones and the old versions of updated ones. */
  static <T> List<Registry.Entry<T>> dropped(List<Change<T>> changes) {
    List<Registry.Entry<T>> dropped = new ArrayList<>();
    for (Change<T> c : changes) {
      if (c instanceof Change.Removed<T> r) {
        dropped.add(r.entry());
      } else if (c instanceof Change.Updated<T> u) {
        dropped.add(u.from());
      }
    }
    return dropped;
  }

  /** One line per loaded plugin and per failure, then the summary. */
  static <T> void log(List<Change<T>> changes, ReloadReport r, List<Path> folders, Logger log) {
    for (Change<T> c : changes) {
      if (c instanceof Change.Added<T> a) {
        log.info("Loaded plugin {} from {}", coordinates(a.entry()), where(a.entry()));
      } else if (c instanceof Change.Updated<T> u) {
        log.info(
            "Loaded plugin {} from {} (was {})",
            coordinates(u.to()),
            where(u.to()),
            coordinates(u.from()));
      } else if (c instanceof Change.Failed<T> f) {
        log.warn(
            "Skipped plugin: {}",
            f.failure().failure().message(),
            f.failure().cause().orElse(null));
        f.kept()
            .forEach(
                e ->
                    log.warn(
                        "Keeping {}: its update failed ({})",
                        coordinates(e),
                        f.failure().failure().rule().code()));
      }
    }
    log.info(
        "Reloaded {}: {} added, {} updated, {} removed, {} unchanged, {} failed",
        folders,
        r.added().size(),
        r.updated().size(),
        r.removed().size(),
        r.unchanged().size(),
        r.failures().size());
  }

  /** A source path, printable: a file name may hold a newline. */
  private static <T> String where(Registry.Entry<T> e) {
    return Text.printable(e.source().path().toString());
  }

  private static <T> Version version(Registry.Entry<T> e) {
    return e.plugin().manifest().version();
  }

  private static <T> String coordinates(Registry.Entry<T> e) {
    return e.plugin().manifest().coordinates();
  }

  private static List<String> sorted(List<String> names) {
    return names.stream().sorted().distinct().toList();
  }
}
