package dev.augment.bench;

import static dev.augment.bench.Report.num;

import java.util.List;

/** The figure tables of the report, one section per benchmark, and how each was measured. */
final class Sections {

  private static final List<String> NAMES = List.of("Augment", "PF4J", "raw JDK");

  private final Bench b;
  private final StringBuilder md;

  Sections(Bench bench, StringBuilder md) {
    this.b = bench;
    this.md = md;
  }

  void render() {
    startUp("cold", "Cold start: load, activate, first lookup");
    line(
        "Cold: a fresh JVM over a fresh folder of zips and an empty cache (Augment's cache, PF4J's");
    line("expanded folders; the OS file cache is warm). Time from the JVM's start");
    line("(`RuntimeMXBean.getStartTime()`) to the first answered call: the boot layer, each");
    line(
        "framework's own classes, then the plugins. Of that, `main` to the first call at "
            + largest()
            + " plugins: "
            + perSystem("cold", "main.ms")
            + " ms.");
    line(
        "The raw JDK gets the plugins' module jars directly (no zip, no manifest, no checks): it is");
    line("the floor, not a competitor.");
    startUp("warm", "Warm start: the same folder again");
    line(
        "Warm: a second fresh JVM over the folder and cache the cold run left (the raw JDK simply");
    line(
        "runs again). Same clock as the cold start; `main` to the first call at "
            + largest()
            + " plugins: "
            + perSystem("warm", "main.ms")
            + " ms.");
    reloads();
    graph();
    lookups();
    callOverhead();
    memory();
    hooks();
    cycles();
    image();
  }

  private void startUp(String kind, String title) {
    line("");
    line("## " + title);
    line("");
    line("Milliseconds, median of the rounds (min–max).");
    line("");
    line("| plugins | Augment | PF4J | raw JDK | Augment / PF4J | Augment / raw JDK |");
    line("|---:|---:|---:|---:|---:|---:|");
    for (int n : b.options.sizes) {
      StringBuilder row = new StringBuilder("| " + n);
      for (String s : Bench.SYSTEMS) {
        row.append(" | ").append(range(kind + "." + s + "." + n + ".start.ms"));
      }
      double aug = b.median(kind + ".augment." + n + ".start.ms");
      row.append(" | ").append(num(aug / b.median(kind + ".pf4j." + n + ".start.ms"))).append("×");
      row.append(" | ").append(num(aug / b.median(kind + ".jdk." + n + ".start.ms"))).append("×");
      line(row + " |");
    }
    line("");
  }

  private int largest() {
    return b.options.sizes.get(b.options.sizes.size() - 1);
  }

  private String perSystem(String kind, String figure) {
    return String.join(
        " / ",
        Bench.SYSTEMS.stream()
            .map(
                s ->
                    NAMES.get(Bench.SYSTEMS.indexOf(s))
                        + " "
                        + num(b.median(kind + "." + s + "." + largest() + "." + figure)))
            .toList());
  }

  private void reloads() {
    line("");
    line("## Reload");
    line("");
    line("Milliseconds, median of " + b.options.reloads + " reloads in one JVM after a start over");
    line(
        "the folder. Changed: one plugin's file replaced by a new version (written before the clock");
    line(
        "starts), then Augment's `reload()`; PF4J's stop, unload, load (which re-extracts it), start");
    line(
        "and `getExtensions(type, id)`; the raw JDK's new layer for it. Nothing changed: `reload()`");
    line("over the same folder (PF4J and the raw JDK have no such operation). The first reload");
    line(
        "after the start is timed on its own; then "
            + Child.WARM_UP_RELOADS
            + " more run untimed (a host that has run a while,");
    line("its JIT warm) before the timed ones, for each system alike.");
    line("");
    line(
        "| plugins | Augment, 1 changed | PF4J, 1 changed | raw JDK, 1 changed | Augment, nothing changed | Augment / PF4J | first reload after start: Augment | PF4J |");
    line("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : b.options.reloadSizes) {
      String p = "steady.%s." + n + ".reload.";
      double aug = b.median(p.formatted("augment") + "changed.ms");
      line(
          "| "
              + n
              + " | "
              + num(aug)
              + " | "
              + num(b.median(p.formatted("pf4j") + "changed.ms"))
              + " | "
              + num(b.median(p.formatted("jdk") + "changed.ms"))
              + " | "
              + num(b.median(p.formatted("augment") + "unchanged.ms"))
              + " | "
              + num(aug / b.median(p.formatted("pf4j") + "changed.ms"))
              + "× | "
              + num(b.median(p.formatted("augment") + "first.ms"))
              + " | "
              + num(b.median(p.formatted("pf4j") + "first.ms"))
              + " |");
    }
  }

  private void graph() {
    int apis = PluginFactory.graphApis(Bench.GRAPH_SIZE);
    int rounds = b.options.rounds;
    line("");
    line("## A graph of dependent plugins");
    line("");
    line(
        "Augment only. The graph: "
            + apis
            + " API plugins `api-KK`, each an explicit module `bench.api_KK` that exports");
    line(
        "`bench.api` (an interface, `Api`) and provides the contract, and "
            + PluginFactory.GRAPH_DEPENDENTS
            + " dependents of each, `dep-KK-J`:");
    line(
        "`requires bench.api_KK`, `\"dependencies\": {\"api-KK\": \"^1.0.0\"}`, a provider"
            + " that calls into `Api`;");
    line(
        Bench.GRAPH_SIZE
            + " plugins in all, against "
            + Bench.GRAPH_SIZE
            + " independent ones (those of the cold start). One fresh JVM per folder");
    line(
        "and round, "
            + rounds
            + (rounds == 1 ? " round" : " rounds, their order alternating")
            + "; milliseconds, median of the rounds (min–max).");
    line("");
    line("- Cold start: as above (empty cache; the JVM's start, or `main`, to the first answered");
    line("  call).");
    line(
        "- 1 changed: a new version (in range) of one API plugin's zip, then `reload()`, which"
            + " rebuilds");
    line(
        "  it and its dependents (the report's updates are checked, and that a dependent is on"
            + " the new");
    line(
        "  layer); of the independent plugins, one plugin's zip. Median of "
            + b.options.reloads
            + " after the first reload");
    line(
        "  and "
            + Child.WARM_UP_RELOADS
            + " untimed ones, as in the reload section; the first is timed on its own.");
    line(
        "- Nothing changed: `reload()` over the same folder, median of "
            + b.options.reloads
            + ", after those.");
    line("");
    line(
        "| plugins | cold start | `main` to first call | reload, 1 changed | plugins rebuilt |"
            + " first reload after start | reload, nothing changed |");
    line("|---|---:|---:|---:|---:|---:|---:|");
    List<String> figures =
        List.of(
            "start.ms",
            "main.ms",
            "reload.changed.ms",
            "reload.rebuilt",
            "reload.first.ms",
            "reload.unchanged.ms");
    for (String shape : List.of("graph", "flat")) {
      StringBuilder row =
          new StringBuilder(
              shape.equals("graph")
                  ? "| graph: " + apis + " × (1 API + " + PluginFactory.GRAPH_DEPENDENTS + ")"
                  : "| " + Bench.GRAPH_SIZE + " independent");
      for (String f : figures) {
        row.append(" | ").append(range("graph." + shape + "." + f));
      }
      line(row + " |");
    }
    StringBuilder ratio = new StringBuilder("| graph / independent");
    for (String f : figures) {
      ratio
          .append(" | ")
          .append(num(b.median("graph.graph." + f) / b.median("graph.flat." + f)))
          .append("×");
    }
    line(ratio + " |");
  }

  private void lookups() {
    line("");
    line("## Lookup");
    line("");
    line("Nanoseconds per call, median of 7 batches of about 50 ms after 0.5 s of warm-up, in the");
    line("same JVMs as the reloads (a careful `nanoTime` loop; the results feed a sink).");
    line("`get(name)` and `find(...)` look up the plugin in the middle of the name order.");
    line("");
    line(
        "| plugins | `getAll()` | `get(name)` | `find(name equals)` | PF4J `getExtensions(type)` | PF4J `getExtensions(type, id)` | `getAll()` / `getExtensions(type)` |");
    line("|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : b.options.reloadSizes) {
      String a = "steady.augment." + n + ".lookup.";
      String p = "steady.pf4j." + n + ".lookup.";
      double all = b.median(a + "getAll().ns");
      line(
          "| "
              + n
              + " | "
              + num(all)
              + " | "
              + num(b.median(a + "get(name).ns"))
              + " | "
              + num(b.median(a + "find(name equals).ns"))
              + " | "
              + num(b.median(p + "getExtensions(type).ns"))
              + " | "
              + num(b.median(p + "getExtensions(type, id).ns"))
              + " | "
              + num(all / b.median(p + "getExtensions(type).ns"))
              + "× |");
    }
  }

  private void callOverhead() {
    double plugin = b.median("call.plugin.ns");
    double direct = b.median("call.direct.ns");
    line("");
    line("## Call overhead (JMH)");
    line("");
    line(
        "`greet(\"bench\")` through `Greeter` on a provider held from `PluginHost.getAll()` and on");
    line("the same class compiled into the host; JMH average time, 1 fork, 3 × 1 s warm-up,");
    line("5 × 1 s measurement, in Augment's module layout.");
    line("");
    line("| plugin provider | direct | plugin / direct |");
    line("|---:|---:|---:|");
    line("| " + num(plugin) + " ns | " + num(direct) + " ns | " + num(plugin / direct) + "× |");
  }

  private void memory() {
    line("");
    line("## Memory at 1,000 plugins");
    line("");
    line(
        "After two `System.gc()` at the end of each cold start: `VmRSS` from `/proc/self/status`,");
    line("used heap (`MemoryMXBean`) and used `Metaspace` (`MemoryPoolMXBean`), medians of the");
    line("rounds. Per plugin: (at 1,000 − at 1) / 999.");
    line("");
    line("| system | RSS | heap | metaspace | RSS / plugin | heap / plugin | metaspace / plugin |");
    line("|---|---:|---:|---:|---:|---:|---:|");
    for (String s : Bench.SYSTEMS) {
      String k = "cold." + s + ".";
      StringBuilder row = new StringBuilder("| " + NAMES.get(Bench.SYSTEMS.indexOf(s)));
      for (String w : List.of("rss", "heap", "metaspace")) {
        row.append(" | ").append(num(b.median(k + "1000." + w) / 1048576)).append(" MiB");
      }
      for (String w : List.of("rss", "heap", "metaspace")) {
        double per = (b.median(k + "1000." + w) - b.median(k + "1." + w)) / 999 / 1024;
        row.append(" | ").append(num(per)).append(" KiB");
      }
      line(row + " |");
    }
  }

  private void hooks() {
    line("");
    line("## One hook event, 10 subscribed plugins");
    line("");
    line(
        "Ten Augment plugins declare the capability `bench.observe`, which grants the event `Ping`,");
    line(
        "and subscribe to it in `setup`. Microseconds, median of "
            + b.options.hookEvents
            + " events after as many for warm-up.");
    line("");
    line("| `emit` returns | `emit` until all 10 handlers ran | `emitAndWait` |");
    line("|---:|---:|---:|");
    line(
        "| "
            + num(b.median("hooks.emit.us"))
            + " µs | "
            + num(b.median("hooks.delivered.us"))
            + " µs | "
            + num(b.median("hooks.emitAndWait.us"))
            + " µs |");
  }

  private void cycles() {
    line("");
    line("## Reload cycles of one plugin");
    line("");
    line(
        "One Augment plugin replaced by a new version and reloaded in one JVM, "
            + num(b.median("cycles.count"))
            + " times ("
            + num(b.median("cycles.asked"))
            + " asked, within a budget of "
            + b.options.cyclesBudget
            + " s). \"Start\" is after "
            + num(b.median("cycles.warmup"))
            + " warm-up cycles and two `System.gc()`:");
    line(
        "min(100, cycles / 10), then rounds of "
            + Child.WARM_UP_ROUND
            + " until a round adds less than 1 % to metaspace after GC (at most cycles / 2);");
    line(
        "\"end\" after the cycles and full GCs until every dropped loader was collected (at most 2 s).");
    line(
        "Loaders unloaded: weak references to each dropped version's class loader that were cleared;");
    line("classes: `ClassLoadingMXBean`.");
    line("");
    line(
        "| cycles | took | reload (median) | loaders unloaded | classes unloaded | heap start → end | metaspace start → end |");
    line("|---:|---:|---:|---:|---:|---:|---:|");
    line(
        "| "
            + num(b.median("cycles.count"))
            + " | "
            + num(b.median("cycles.total.s"))
            + " s | "
            + num(b.median("cycles.reload.ms"))
            + " ms | "
            + num(b.median("cycles.loaders.unloaded"))
            + " | "
            + num(b.median("cycles.classes.unloaded"))
            + " | "
            + mib("cycles.start.heap")
            + " → "
            + mib("cycles.end.heap")
            + " MiB | "
            + mib("cycles.start.metaspace")
            + " → "
            + mib("cycles.end.metaspace")
            + " MiB |");
    line("");
    line(
        "Half way through the cycles (after a full GC): heap "
            + mib("cycles.mid.heap")
            + " MiB, metaspace "
            + mib("cycles.mid.metaspace")
            + " MiB; so the second half of the cycles changed the heap by "
            + ratio("cycles.end.heap", "cycles.mid.heap")
            + " and metaspace by "
            + ratio("cycles.end.metaspace", "cycles.mid.metaspace")
            + " (growth that stops is warm-up; growth that goes on is a leak).");
    line("");
    line(
        "After the first "
            + num(Math.min(100, b.median("cycles.asked") / 10))
            + " cycles only (\"early\", before the rounds): heap "
            + mib("cycles.early.heap")
            + " MiB, metaspace "
            + mib("cycles.early.metaspace")
            + " MiB; end / early: heap "
            + ratio("cycles.end.heap", "cycles.early.heap")
            + ", metaspace "
            + ratio("cycles.end.metaspace", "cycles.early.metaspace")
            + ". What the warm-up rounds add is the JIT's profiles of the code the cycles run"
            + " (`MethodData`, kept in metaspace): with `-XX:TieredStopAtLevel=1` (C1 without"
            + " profiling) or `-Xint`, metaspace after GC stays within 1 % from the first cycle"
            + " to the last (see \"What is left\").");
  }

  private void image() {
    line("");
    line("## Runtime image start-up");
    line("");
    line(
        "`jlink/target/image` measured by its own `StartupBenchmark` (start of the JVM to the first");
    line(
        "answered plugin request, polled every 5 ms, median of "
            + b.options.imageRuns
            + "), against");
    line(
        "a hello-world module linked by the same JDK with `--generate-cds-archive` (start to exit).");
    line("");
    line(
        "Each Augment start but the restart has an empty plugin cache (a first start: every zip"
            + " is");
    line(
        "extracted and checked); the restart is started as the launchers start it, over the cache"
            + " of");
    line("the run before (a host restarted over its folder).");
    line("");
    line(
        "| hello-world image, CDS | Augment image, application archive (its launchers) | Augment"
            + " image,"
            + " JDK CDS only | Augment image, no CDS | Augment (launchers) / hello | restart, cache"
            + " kept | restart / hello |");
    line("|---:|---:|---:|---:|---:|---:|---:|");
    double hello = b.median("image.hello.ms");
    boolean app = !b.values("image.augment.appcds.ms").isEmpty();
    double best = app ? b.median("image.augment.appcds.ms") : b.median("image.augment.cds.ms");
    line(
        "| "
            + num(hello)
            + " ms | "
            + (app ? num(best) + " ms" : "– (no lib/app.jsa or lib/app.aot)")
            + " | "
            + num(b.median("image.augment.cds.ms"))
            + " ms | "
            + num(b.median("image.augment.nocds.ms"))
            + " ms | "
            + num(best / hello)
            + "× | "
            + (b.values("image.augment.restart.ms").isEmpty()
                ? "– | – |"
                : num(b.median("image.augment.restart.ms"))
                    + " ms | "
                    + num(b.median("image.augment.restart.ms") / hello)
                    + "× |"));
  }

  private String range(String key) {
    List<Double> v = b.values(key);
    if (v.isEmpty()) {
      return "–";
    }
    String median = num(Stats.median(v));
    return v.size() == 1
        ? median
        : median + " (" + num(Stats.min(v)) + "–" + num(Stats.max(v)) + ")";
  }

  /** The ratio of two figures' medians, as {@code 1.23 ×}. */
  private String ratio(String key, String over) {
    return String.format(java.util.Locale.ROOT, "%.2f ×", b.median(key) / b.median(over));
  }

  private String mib(String key) {
    return num(b.median(key) / 1048576);
  }

  private void line(String s) {
    md.append(s).append('\n');
  }
}
