package dev.augment.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs every benchmark of {@code docs/benchmarks.md} and writes that file.
 *
 * <p>{@code ./mvnw -B -Pbench -pl bench/harness -am verify -DskipTests} runs it with the defaults;
 * {@code -Dbench.args="--quick"} runs a few seconds' version of each measurement to try the
 * harness. Each figure comes from child JVMs ({@link Child}) started here: the start-up figures
 * from one JVM per measurement, in rounds that interleave the systems, the others from one JVM per
 * system whose in-process measurements are repeated.
 */
public final class Bench {

  static final List<String> SYSTEMS = List.of("augment", "pf4j", "jdk");

  /** Plugins of the graph benchmark: 10 API plugins with 9 dependents each. */
  static final int GRAPH_SIZE = 100;

  final Options options;
  final Jvm jvm;
  final PluginFactory factory;
  final Path work;

  /** Every figure, by key, with one value per round. */
  final Map<String, List<Double>> results = new LinkedHashMap<>();

  /** What could not be measured, and why. */
  final List<String> notes = new ArrayList<>();

  /** What {@link #main} deletes at the end: run folders and the work folder of the run before. */
  private final List<Path> discarded = new ArrayList<>();

  /** Milliseconds to create one file in the work folder, measured before the first figure. */
  double createMillis;

  private Bench(Options options) {
    this.options = options;
    this.work = options.work;
    this.jvm = new Jvm(work);
    this.factory =
        PluginFactory.compile(
            work.resolve("classes"), jvm.contractJar(), jvm.apiJars(), jvm.pf4jJar());
  }

  /**
   * Runs the benchmarks and writes the report.
   *
   * @param args {@code --work DIR --out FILE}, and the options {@link Options} lists
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    // Nothing is deleted until the figures are taken: on ext4, creating a file in a block group
    // with many inodes deleted in the last minutes is an order of magnitude slower (the allocator
    // skips recently deleted inodes), which slowed every cold start and changed reload measured
    // after a deletion (0.66 ms against 0.04 ms per file on this machine in one such state).
    Path old = null;
    if (Files.exists(options.work)) {
      old = options.work.resolveSibling(options.work.getFileName() + ".old-" + System.nanoTime());
      Files.move(options.work, old);
    }
    Files.createDirectories(options.work);
    double createMillis = fileCreation(options.work.resolve("probe"));
    long t0 = System.nanoTime();
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    Bench bench = new Bench(options);
    if (old != null) {
      bench.discard(old);
    }
    bench.createMillis = createMillis;
    Map<String, Runnable> parts = new LinkedHashMap<>();
    parts.put("start", bench::startUps);
    parts.put("steady", bench::steady);
    parts.put("graph", bench::graph);
    parts.put("hooks", bench::hooks);
    parts.put("cycles", bench::cycles);
    parts.put("calls", bench::callOverhead);
    parts.put("image", bench::image);
    parts.forEach(
        (name, part) -> {
          if (options.only.contains(name)) {
            long p0 = System.nanoTime();
            part.run();
            System.out.printf("%s: %d s%n", name, (System.nanoTime() - p0) / 1_000_000_000);
          } else {
            bench.notes.add(name + ": not run in this run (--only " + options.only + ")");
          }
        });
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    String report =
        handWritten(options.out, new Report(bench, loadBefore, loadAfter, took).render());
    Files.createDirectories(options.out.toAbsolutePath().getParent());
    Files.writeString(options.out, report);
    StringBuilder raw = new StringBuilder();
    bench.results.forEach((k, v) -> raw.append(k).append('\t').append(v).append('\n'));
    Files.writeString(options.work.resolve("results.tsv"), raw);
    System.out.println(report);
    System.out.println("wrote " + options.out + " in " + took.toSeconds() + " s");
    bench.discarded.forEach(Bench::deleteTree);
  }

  /** Milliseconds to create one empty file in a new folder, over 1,000 files (left there). */
  private static double fileCreation(Path folder) throws IOException {
    Files.createDirectories(folder);
    long c0 = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      Files.createFile(folder.resolve("f" + i));
    }
    return (System.nanoTime() - c0) / 1e6 / 1000;
  }

  /** Sets a run folder aside, to be deleted once every figure is taken. */
  private void discard(Path run) {
    discarded.add(run);
  }

  /** Cold and warm starts, in rounds that interleave sizes and systems. */
  private void startUps() {
    for (int round = 0; round < options.rounds; round++) {
      for (int n : options.sizes) {
        for (int s = 0; s < SYSTEMS.size(); s++) {
          String system = SYSTEMS.get((s + round) % SYSTEMS.size());
          int rounds = n >= 1000 ? options.roundsAt1000 : options.rounds;
          if (round >= rounds) {
            continue;
          }
          Path run = freshCopy(system, n);
          measure("cold." + system + "." + n + ".", system, "start", run, n);
          measure("warm." + system + "." + n + ".", system, "start", run, n);
          discard(run);
        }
      }
    }
  }

  /** Lookups and reloads, in one JVM per system and size. */
  private void steady() {
    for (int n : options.reloadSizes) {
      for (String system : SYSTEMS) {
        Path run = freshCopy(system, n);
        measure("steady." + system + "." + n + ".", system, "steady", run, n, options.reloads);
        discard(run);
      }
    }
  }

  /**
   * A graph of {@value #GRAPH_SIZE} Augment plugins against as many independent ones, one fresh JVM
   * each per round, their order alternating: cold start, then reloads of one changed API plugin (it
   * and its dependents rebuilt) against one changed independent plugin, and reloads with nothing
   * changed.
   */
  private void graph() {
    for (int round = 0; round < options.rounds; round++) {
      for (int s = 0; s < 2; s++) {
        boolean graph = (s + round) % 2 == 0;
        PluginFactory.Kind kind =
            graph ? PluginFactory.Kind.AUGMENT_GRAPH : PluginFactory.Kind.AUGMENT;
        String shape = graph ? "graph" : "flat";
        Path run = freshCopy(kind, GRAPH_SIZE);
        measure(
            "graph." + shape + ".",
            "augment",
            "graph",
            run,
            GRAPH_SIZE,
            List.of(String.valueOf(options.reloads), shape));
        discard(run);
      }
    }
  }

  private void hooks() {
    Path run = freshCopy(PluginFactory.Kind.AUGMENT_HOOKED, 10);
    measure("", "augment", "hooks", run, 10, options.hookEvents);
    discard(run);
  }

  private void cycles() {
    Path run = freshCopy("augment", 1);
    measure("", "augment", "cycles", run, 1, options.cycles, options.cyclesBudget);
    discard(run);
  }

  private void callOverhead() {
    Path run = freshCopy("augment", 1);
    try {
      jvm.callOverhead(run.resolve("plugins"), run.resolve("cache"), options.quick)
          .forEach((k, v) -> results.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    } catch (RuntimeException e) {
      notes.add("call overhead (JMH): not measured: " + e.getMessage());
    }
    discard(run);
  }

  private void image() {
    try {
      new ImageStartup(jvm, work.resolve("image"), options.root, options.imageRuns)
          .measure(results, notes);
    } catch (RuntimeException e) {
      notes.add("image start-up: not measured: " + e.getMessage());
    }
  }

  private void measure(
      String prefix, String system, String scenario, Path run, int n, int... counts) {
    measure(
        prefix,
        system,
        scenario,
        run,
        n,
        java.util.Arrays.stream(counts).mapToObj(String::valueOf).toList());
  }

  private void measure(
      String prefix, String system, String scenario, Path run, int n, List<String> extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                scenario,
                system,
                run.resolve("plugins").toString(),
                run.resolve("cache").toString(),
                work.resolve("classes").toString(),
                String.valueOf(n)));
    args.addAll(extra);
    try {
      jvm.child(system, args)
          .forEach((k, v) -> results.computeIfAbsent(prefix + k, x -> new ArrayList<>()).add(v));
    } catch (RuntimeException e) {
      notes.add(scenario + " of " + system + " with " + n + " plugins failed: " + e.getMessage());
      System.err.println(notes.get(notes.size() - 1));
    }
  }

  private Path freshCopy(String system, int n) {
    return freshCopy(PluginSystem.named(system).kind(), n);
  }

  /**
   * A new run folder: {@code plugins/} with copies of the master set of a kind and size (written
   * once), and an empty {@code cache/}. Copied before the child starts, so outside the
   * measurements; copies, not hard links, because Augment does not trust a watch of the folder for
   * a zip that has a second name (it could be rewritten through the other one) and reads such a
   * zip's attributes on every reload, which a deployment by copy or move never pays.
   */
  private Path freshCopy(PluginFactory.Kind kind, int n) {
    try {
      Path master = work.resolve("masters").resolve(kind.name().toLowerCase() + "-" + n);
      if (!Files.isDirectory(master)) {
        factory.writeAll(kind, n, Files.createDirectories(master));
      }
      Path run = Files.createTempDirectory(Files.createDirectories(work.resolve("runs")), "run");
      Path plugins = Files.createDirectories(run.resolve("plugins"));
      Files.createDirectories(run.resolve("cache"));
      try (Stream<Path> files = Files.list(master)) {
        for (Path f : files.toList()) {
          Files.copy(f, plugins.resolve(f.getFileName()));
        }
      }
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The median of a figure over its rounds; NaN when it was not measured. */
  double median(String key) {
    return Stats.median(results.getOrDefault(key, List.of()));
  }

  List<Double> values(String key) {
    return results.getOrDefault(key, List.of());
  }

  /**
   * Appends the hand-written sections of the report already at {@code out} (every section after
   * "Not measured") to a newly generated one, so that regenerating the figures keeps them.
   */
  static String handWritten(Path out, String generated) throws IOException {
    if (!Files.exists(out)) {
      return generated;
    }
    String old = Files.readString(out);
    int notMeasured = old.indexOf("\n## Not measured");
    int next = notMeasured < 0 ? -1 : old.indexOf("\n## ", notMeasured + 1);
    return next < 0 ? generated : generated + old.substring(next);
  }
}
