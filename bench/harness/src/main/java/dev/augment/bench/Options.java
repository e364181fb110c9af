package dev.augment.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's settings, from its command line.
 *
 * <pre>
 * --work DIR          scratch folder, emptied first (required)
 * --out FILE          the report to write (required)
 * --root DIR          the project, for the runtime image (default: the parent of --out's folder)
 * --sizes 1,10,100,1000   plugin counts of the start-up runs
 * --rounds 3          interleaved rounds of start-up runs, and of the graph runs
 * --rounds-1000 3     rounds at 1,000 plugins and more, to keep the run short
 * --reload-sizes 100,1000 plugin counts of the lookup and reload runs
 * --reloads 11        reloads timed per run, changed and unchanged each (graph runs too)
 * --hook-events 2000  events timed in the hook run
 * --cycles 10000      reload cycles of the unload run
 * --cycles-budget 240 seconds the cycles may take; fewer cycles are run (and reported) past it
 * --image-runs 7      starts per image
 * --only a,b          run only these parts: start, steady, graph, hooks, cycles, calls, image
 * --quick             a try-out: sizes 1,10, one round, few repetitions, short JMH; writes
 *                     benchmarks-quick.md beside the work folder instead of --out
 * </pre>
 */
final class Options {

  Path work;
  Path out;
  Path root;
  List<Integer> sizes = List.of(1, 10, 100, 1000);
  int rounds = 3;
  int roundsAt1000 = 3;
  List<Integer> reloadSizes = List.of(100, 1000);
  int reloads = 11;
  int hookEvents = 2000;
  int cycles = 10_000;
  int cyclesBudget = 240;
  int imageRuns = 7;
  boolean quick;

  /** The options as given, without the folders, for the report. */
  String given = "";

  List<String> only = List.of("start", "steady", "graph", "hooks", "cycles", "calls", "image");

  private Options() {}

  static Options parse(String... args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.isBlank()) {
        continue;
      }
      if (!List.of("--work", "--out", "--root").contains(a)) {
        o.given += (o.given.isEmpty() ? "" : " ") + a;
        if (!a.equals("--quick") && i + 1 < args.length) {
          o.given += " " + args[i + 1];
        }
      }
      switch (a) {
        case "--work" -> o.work = Path.of(args[++i]);
        case "--out" -> o.out = Path.of(args[++i]);
        case "--root" -> o.root = Path.of(args[++i]);
        case "--sizes" -> o.sizes = ints(args[++i]);
        case "--rounds" -> o.rounds = Integer.parseInt(args[++i]);
        case "--rounds-1000" -> o.roundsAt1000 = Integer.parseInt(args[++i]);
        case "--reload-sizes" -> o.reloadSizes = ints(args[++i]);
        case "--reloads" -> o.reloads = Integer.parseInt(args[++i]);
        case "--hook-events" -> o.hookEvents = Integer.parseInt(args[++i]);
        case "--cycles" -> o.cycles = Integer.parseInt(args[++i]);
        case "--cycles-budget" -> o.cyclesBudget = Integer.parseInt(args[++i]);
        case "--image-runs" -> o.imageRuns = Integer.parseInt(args[++i]);
        case "--only" -> o.only = List.of(args[++i].split(","));
        case "--quick" -> {
          o.quick = true;
          o.sizes = List.of(1, 10);
          o.rounds = 1;
          o.roundsAt1000 = 1;
          o.reloadSizes = List.of(10);
          o.reloads = 3;
          o.hookEvents = 100;
          o.cycles = 50;
          o.cyclesBudget = 20;
          o.imageRuns = 2;
        }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (o.work == null || o.out == null) {
      throw new IllegalArgumentException("--work and --out are required");
    }
    if (o.root == null) {
      o.root = o.out.toAbsolutePath().getParent().getParent();
    }
    if (o.quick) {
      // Rough figures never overwrite the report.
      o.out = o.work.toAbsolutePath().getParent().resolve("benchmarks-quick.md");
    }
    return o;
  }

  private static List<Integer> ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::valueOf).toList();
  }
}
