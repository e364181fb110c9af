package dev.augment.bench;

import dev.augment.bench.contract.Greeter;
import dev.augment.bench.contract.Ping;
import dev.augment.core.HostHooks;
import dev.augment.core.ReloadReport;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One measurement in a fresh JVM, started by {@link Bench}: {@code Child <scenario> <system>
 * <folder> <cache> <classes> <n> [count]}. It prints each figure as a line {@code @ key=value} on
 * standard output and exits.
 *
 * <ul>
 *   <li>{@code start}: load, start and look up {@code n} plugins; the time from {@code main} to the
 *       first answered call, then memory after full collections. Run twice over the same folder and
 *       cache, it gives the cold and the warm start.
 *   <li>{@code steady}: load {@code n} plugins, time the lookups, time the first reload of one
 *       changed plugin after the start, run {@value #WARM_UP_RELOADS} more untimed (a host that has
 *       run a while), then time {@code count} reloads of one changed plugin and {@code count}
 *       reloads with nothing changed.
 *   <li>{@code hooks}: Augment only; {@code n} subscribed plugins, {@code count} events.
 *   <li>{@code cycles}: Augment only; {@code count} reloads of one changed plugin (fewer if they
 *       take longer than the time budget, in seconds, after {@code count}), then what was unloaded
 *       and what the heap and metaspace hold compared to the start.
 *   <li>{@code graph}: Augment only; {@code Child graph augment <folder> <cache> <classes> <n>
 *       <count> graph|flat}. The cold start of {@code start} over a graph of {@code n} plugins
 *       ({@link PluginFactory.Kind#AUGMENT_GRAPH}) or, {@code flat}, over {@code n} independent
 *       ones; then, as {@code steady}, the first reload of one changed plugin after the start,
 *       {@value #WARM_UP_RELOADS} untimed, {@code count} timed, and {@code count} with nothing
 *       changed. The changed plugin of a graph is an API plugin, so each of its reloads rebuilds it
 *       and its {@value PluginFactory#GRAPH_DEPENDENTS} dependents; of the flat folder, one plugin.
 * </ul>
 */
public final class Child {

  /** Reloads of one changed plugin run untimed between the first reload and the timed ones. */
  static final int WARM_UP_RELOADS = 20;

  /** Reload cycles between two looks at metaspace while the cycles warm up. */
  static final int WARM_UP_ROUND = 500;

  private static long sink;

  private Child() {}

  /**
   * Runs one scenario.
   *
   * @param args scenario, system, plugin folder, cache folder, compiled plugin classes, n, count
   */
  public static void main(String[] args) throws Exception {
    long entered = System.nanoTime();
    String scenario = args[0];
    String system = args[1];
    Path folder = Path.of(args[2]);
    Path cache = Path.of(args[3]);
    PluginFactory factory = new PluginFactory(Path.of(args[4]));
    int n = Integer.parseInt(args[5]);
    int count = args.length > 6 ? Integer.parseInt(args[6]) : 0;
    try (PluginSystem s = PluginSystem.named(system)) {
      switch (scenario) {
        case "start" -> start(s, folder, cache, n, entered, true);
        case "steady" -> steady(s, factory, folder, cache, n, count);
        case "hooks" -> hooks((AugmentSystem) s, folder, cache, n, count);
        case "graph" ->
            graph((AugmentSystem) s, factory, folder, cache, n, count, args[7], entered);
        case "cycles" ->
            cycles((AugmentSystem) s, factory, folder, cache, count, Integer.parseInt(args[7]));
        default -> throw new IllegalArgumentException("unknown scenario " + scenario);
      }
    }
    System.out.flush();
    // Hook threads and unload trackers must not keep a finished measurement alive.
    System.exit(0);
  }

  static void result(String key, double value) {
    System.out.println("@ " + key + "=" + value);
  }

  private static void start(
      PluginSystem s, Path folder, Path cache, int n, long entered, boolean memory) {
    s.start(folder, cache, n);
    long done = System.nanoTime();
    long now = System.currentTimeMillis();
    // From the JVM's own start (a millisecond clock): the launcher, the boot layer, then main.
    result("start.ms", now - ManagementFactory.getRuntimeMXBean().getStartTime());
    result("main.ms", (done - entered) / 1e6);
    if (memory) {
      Memory.afterGc().print("");
    }
  }

  private static void steady(
      PluginSystem s, PluginFactory factory, Path folder, Path cache, int n, int count) {
    s.start(folder, cache, n);
    String some = PluginFactory.name((n + 1) / 2);
    for (Map.Entry<String, Supplier<Object>> lookup : s.lookups(some).entrySet()) {
      result("lookup." + lookup.getKey() + ".ns", nanosPerCall(lookup.getValue()));
    }
    factory.write(s.kind(), some, "0.9.0", folder);
    long first = System.nanoTime();
    s.reloadChanged(some);
    result("reload.first.ms", (System.nanoTime() - first) / 1e6);
    for (int k = 1; k <= WARM_UP_RELOADS; k++) {
      factory.write(s.kind(), some, "0.9." + k, folder);
      s.reloadChanged(some);
    }
    List<Double> changed = new ArrayList<>();
    for (int k = 1; k <= count; k++) {
      factory.write(s.kind(), some, "1.0." + k, folder);
      long t0 = System.nanoTime();
      s.reloadChanged(some);
      changed.add((System.nanoTime() - t0) / 1e6);
    }
    result("reload.changed.ms", Stats.median(changed));
    List<Double> unchanged = new ArrayList<>();
    for (int k = 1; k <= count; k++) {
      long t0 = System.nanoTime();
      if (!s.reloadUnchanged()) {
        return;
      }
      unchanged.add((System.nanoTime() - t0) / 1e6);
    }
    result("reload.unchanged.ms", Stats.median(unchanged));
  }

  private static void graph(
      AugmentSystem s,
      PluginFactory factory,
      Path folder,
      Path cache,
      int n,
      int count,
      String shape,
      long entered) {
    boolean graph =
        switch (shape) {
          case "graph" -> true;
          case "flat" -> false;
          default -> throw new IllegalArgumentException("graph or flat, not " + shape);
        };
    start(s, folder, cache, n, entered, false);
    PluginFactory.Kind kind = graph ? PluginFactory.Kind.AUGMENT_GRAPH : PluginFactory.Kind.AUGMENT;
    int api = (PluginFactory.graphApis(n) + 1) / 2;
    String changed = graph ? PluginFactory.apiName(api) : PluginFactory.name((n + 1) / 2);
    // A plugin built on the changed one, looked up after each reload: it must be on the new layer.
    String probe = graph ? PluginFactory.dependentName(api, 1) : changed;
    int rebuilt = graph ? 1 + PluginFactory.GRAPH_DEPENDENTS : 1;
    // Versions stay in the dependents' range (^1.0.0): a version out of it would unload them.
    factory.write(kind, changed, "1.1.0", folder);
    long first = System.nanoTime();
    reloadGraph(s, changed, probe, rebuilt);
    result("reload.first.ms", (System.nanoTime() - first) / 1e6);
    for (int k = 1; k <= WARM_UP_RELOADS; k++) {
      factory.write(kind, changed, "1.1." + k, folder);
      reloadGraph(s, changed, probe, rebuilt);
    }
    List<Double> times = new ArrayList<>();
    for (int k = 1; k <= count; k++) {
      factory.write(kind, changed, "1.2." + k, folder);
      long t0 = System.nanoTime();
      reloadGraph(s, changed, probe, rebuilt);
      times.add((System.nanoTime() - t0) / 1e6);
    }
    result("reload.changed.ms", Stats.median(times));
    result("reload.rebuilt", rebuilt);
    times.clear();
    for (int k = 1; k <= count; k++) {
      long t0 = System.nanoTime();
      s.reloadUnchanged();
      times.add((System.nanoTime() - t0) / 1e6);
    }
    result("reload.unchanged.ms", Stats.median(times));
    if (s.host().getAll().size() != n) {
      throw new IllegalStateException("the host holds " + s.host().getAll().size() + " of " + n);
    }
  }

  /**
   * One reload after {@code changed}'s file was replaced: {@code rebuilt} plugins updated (the
   * changed one and its dependents), none failed; then {@code probe}'s provider is looked up and
   * called, as {@link AugmentSystem#reloadChanged} does, and must be on the changed plugin's new
   * layer. The checks run inside the caller's clock, as that method's do; they cost microseconds.
   */
  private static void reloadGraph(AugmentSystem s, String changed, String probe, int rebuilt) {
    ReloadReport report = s.host().reload();
    Greeter provider = s.host().get(probe).orElseThrow().provider();
    provider.greet("bench");
    if (report.updated().size() != rebuilt || !report.failures().isEmpty()) {
      throw new IllegalStateException(
          "expected " + rebuilt + " updates for " + changed + ", got " + report);
    }
    if (!probe.equals(changed)) {
      ModuleLayer layer =
          s.host().get(changed).orElseThrow().provider().getClass().getModule().getLayer();
      if (!provider.getClass().getModule().getLayer().parents().contains(layer)) {
        throw new IllegalStateException(probe + " is not built on the new layer of " + changed);
      }
    }
  }

  /**
   * The median time of one call, over batches of about 50 ms after half a second of warm-up; the
   * results feed a sink so that the JIT cannot drop the calls.
   */
  static double nanosPerCall(Supplier<Object> call) {
    long warmEnd = System.nanoTime() + 500_000_000L;
    long calls = 0;
    while (System.nanoTime() < warmEnd) {
      sink += System.identityHashCode(call.get());
      calls++;
    }
    long batch = Math.max(1, calls / 10);
    List<Double> perCall = new ArrayList<>();
    for (int b = 0; b < 7; b++) {
      long t0 = System.nanoTime();
      for (long i = 0; i < batch; i++) {
        sink += System.identityHashCode(call.get());
      }
      perCall.add((System.nanoTime() - t0) / (double) batch);
    }
    return Stats.median(perCall);
  }

  private static void hooks(AugmentSystem s, Path folder, Path cache, int n, int count)
      throws InterruptedException {
    s.start(folder, cache, n);
    HostHooks hooks = s.host().hooks();
    List<Double> emit = new ArrayList<>();
    List<Double> delivered = new ArrayList<>();
    List<Double> emitAndWait = new ArrayList<>();
    for (int i = 0; i < count * 2; i++) {
      long expected = Ping.SEEN.get() + n;
      long t0 = System.nanoTime();
      hooks.emit(new Ping(i));
      long t1 = System.nanoTime();
      while (Ping.SEEN.get() < expected) {
        Thread.onSpinWait();
      }
      long t2 = System.nanoTime();
      hooks.emitAndWait(new Ping(i));
      long t3 = System.nanoTime();
      if (Ping.SEEN.get() != expected + n) {
        throw new IllegalStateException("emitAndWait reached " + (Ping.SEEN.get() - expected));
      }
      if (i >= count) { // the first half warms up
        emit.add((t1 - t0) / 1e3);
        delivered.add((t2 - t0) / 1e3);
        emitAndWait.add((t3 - t2) / 1e3);
      }
    }
    result("hooks.emit.us", Stats.median(emit));
    result("hooks.delivered.us", Stats.median(delivered));
    result("hooks.emitAndWait.us", Stats.median(emitAndWait));
  }

  private static void cycles(
      AugmentSystem s, PluginFactory factory, Path folder, Path cache, int count, int seconds)
      throws InterruptedException {
    String name = PluginFactory.name(1);
    s.start(folder, cache, 1);
    // A short warm-up first, so that Augment's own classes are loaded ("early" is after it) ...
    int warmUp = Math.max(1, Math.min(100, count / 10));
    int version = 0;
    for (int k = 0; k < warmUp; k++) {
      factory.write(s.kind(), name, "1.0." + ++version, folder);
      s.reloadChanged(name);
    }
    // ... then on, in rounds, until a round adds less than 1 % to metaspace after GC, at most
    // count / 2 cycles: the JIT's profiles of the code the cycles run (MethodData, in metaspace)
    // are made over the first thousands of cycles; with -Xint or C1 alone there are none, and
    // metaspace stays flat from the first cycle. "Start" is after this; a leak goes on growing
    // through the warm-up to its limit and through the measured cycles after it.
    Memory early = Memory.afterGc();
    Memory round = early;
    while (warmUp < count / 2) {
      for (int k = 0; k < WARM_UP_ROUND; k++, warmUp++) {
        factory.write(s.kind(), name, "1.0." + ++version, folder);
        s.reloadChanged(name);
      }
      Memory now = Memory.afterGc();
      boolean settled = now.metaspaceBytes() < round.metaspaceBytes() * 1.01;
      round = now;
      if (settled) {
        break;
      }
    }
    // The harness's own bookkeeping must not grow with the cycles, or the heap figures measure it:
    // the times go into an array made before the start figure, and a loader's weak reference is
    // dropped as soon as the loader is collected (one reference and one boxed time per cycle
    // were ~80 bytes a cycle, all of the heap's growth over a long run).
    double[] cycle = new double[count];
    ReferenceQueue<ClassLoader> collected = new ReferenceQueue<>();
    Set<Reference<ClassLoader>> pending = new HashSet<>(4096);
    long unloaded = 0;
    Memory start = Memory.afterGc();
    var classLoading = ManagementFactory.getClassLoadingMXBean();
    long unloadedBefore = classLoading.getUnloadedClassCount();
    long t0 = System.nanoTime();
    long deadline = t0 + seconds * 1_000_000_000L;
    Memory mid = null;
    int done = 0;
    while (done < count && System.nanoTime() < deadline) {
      if (mid == null && (done == count / 2 || System.nanoTime() - t0 > (deadline - t0) / 2)) {
        // Half way: growth from here to the end is what each cycle leaves, past any warm-up.
        mid = Memory.afterGc();
      }
      pending.add(
          new WeakReference<>(
              s.host().get(name).orElseThrow().provider().getClass().getClassLoader(), collected));
      factory.write(s.kind(), name, "1.0." + ++version, folder);
      long c0 = System.nanoTime();
      s.reloadChanged(name);
      cycle[done++] = (System.nanoTime() - c0) / 1e6;
      unloaded += drain(collected, pending);
    }
    double took = (System.nanoTime() - t0) / 1e9;
    for (int i = 0; i < 20 && !pending.isEmpty(); i++) {
      System.gc();
      Thread.sleep(100);
      unloaded += drain(collected, pending);
    }
    Memory end = Memory.afterGc();
    List<Double> times = new ArrayList<>(done);
    for (int i = 0; i < done; i++) {
      times.add(cycle[i]);
    }
    result("cycles.total.s", took);
    result("cycles.reload.ms", Stats.median(times));
    result("cycles.count", done);
    result("cycles.asked", count);
    result("cycles.loaders.unloaded", unloaded);
    result("cycles.classes.unloaded", classLoading.getUnloadedClassCount() - unloadedBefore);
    result("cycles.warmup", warmUp);
    early.print("cycles.early.");
    start.print("cycles.start.");
    (mid == null ? start : mid).print("cycles.mid.");
    end.print("cycles.end.");
  }

  /** Forgets the references whose loaders were collected; returns how many. */
  private static int drain(
      ReferenceQueue<ClassLoader> collected, Set<Reference<ClassLoader>> pending) {
    int n = 0;
    for (Reference<? extends ClassLoader> r; (r = collected.poll()) != null; ) {
      pending.remove(r);
      n++;
    }
    return n;
  }
}
