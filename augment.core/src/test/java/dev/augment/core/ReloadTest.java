package dev.augment.core;

import static dev.augment.fixtures.Fixtures.greet;
import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import dev.augment.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental reload, kept versions, notification and proven unload. */
class ReloadTest {

  @TempDir Path tmp;
  private Path plugins;

  @BeforeEach
  void folders() throws IOException {
    plugins = Files.createDirectories(tmp.resolve("plugins"));
  }

  private PluginHostBuilder<Object> builder() {
    return TestHosts.builder(tmp, plugins);
  }

  /** A zip of plugin {@code name} whose greet returns {@code name@version}. */
  private Path zip(String name, String version, String constructor) {
    String module = "fixture.rl" + name;
    Path dir =
        pluginDir(
            tmp.resolve("src-" + name + "-" + version + "-" + constructor.hashCode()),
            manifest(name, version, module),
            greeterJar(module)
                .version(version)
                .constructor(constructor)
                .body("return \"" + name + "@" + version + "\";")
                .writeTo(tmp.resolve("jar-" + name + "-" + version + constructor.hashCode())));
    return Fixtures.zip(
        dir, tmp.resolve(name + "-" + version + "-" + constructor.hashCode() + ".zip"));
  }

  private void install(Path zip, String name) throws IOException {
    Path target = plugins.resolve(name + ".zip");
    Path partial = plugins.resolve("." + name + ".partial");
    Files.copy(zip, partial, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
      Thread.sleep(20);
    }
    assertTrue(condition.getAsBoolean(), what);
  }

  @Test
  void anUpdatedPluginChangesWhatGetAllReturns() throws IOException {
    install(zip("flip", "1.0.0", ""), "flip");
    try (PluginHost<Object> host = builder().build()) {
      assertEquals(List.of("flip"), host.reload().added());
      assertEquals("flip@1.0.0", greet(host.getAll().get(0).provider(), ""));
      install(zip("flip", "2.0.0", ""), "flip");
      ReloadReport report = host.reload();
      assertEquals(List.of("flip"), report.updated());
      assertEquals("flip@2.0.0", greet(host.getAll().get(0).provider(), ""));
      assertEquals(Version.parse("2.0.0"), host.getAll().get(0).manifest().version());
      assertEquals(List.of("flip"), host.reload().unchanged());
    }
  }

  @Test
  void aFailedUpdateKeepsTheOldVersionActive() throws IOException {
    install(zip("keep", "1.0.0", ""), "keep");
    List<PluginEvent> events = new CopyOnWriteArrayList<>();
    try (PluginHost<Object> host = builder().listener(events::add).build()) {
      host.reload();
      Object working = host.get("keep").orElseThrow().provider();
      install(zip("keep", "1.1.0", "throw new IllegalStateException(\"broken update\");"), "keep");
      ReloadReport report = host.reload();
      assertEquals(List.of("keep"), report.unchanged());
      assertEquals(Rule.PROVIDER_FAILED, report.failures().get(0).rule());
      assertTrue(working == host.get("keep").orElseThrow().provider(), "the old one stays");
      assertEquals(PluginState.ACTIVE, host.state("keep").orElseThrow());

      Files.writeString(plugins.resolve("keep.zip"), "not a zip any more");
      host.reload();
      assertTrue(working == host.get("keep").orElseThrow().provider(), "still the old one");
      assertEquals(Rule.ARCHIVE, host.failures().get(0).rule());

      install(zip("keep", "1.2.0", ""), "keep");
      assertEquals(List.of("keep"), host.reload().updated());
      assertEquals("keep@1.2.0", greet(host.get("keep").orElseThrow().provider(), ""));
      assertEquals(
          List.of(
              PluginEvent.Kind.LOADED,
              PluginEvent.Kind.FAILED,
              PluginEvent.Kind.FAILED,
              PluginEvent.Kind.UPDATED),
          events.stream().map(PluginEvent::kind).toList());
      assertEquals(
          new PluginEvent.Updated("keep", Version.parse("1.0.0"), Version.parse("1.2.0")),
          events.get(3));
      PluginEvent.Failed failed = (PluginEvent.Failed) events.get(1);
      assertEquals(Rule.PROVIDER_FAILED, failed.failure().rule());
      assertEquals(
          Optional.of(Version.parse("1.0.0")), failed.kept(), "the failure says what stays");
    }
  }

  @Test
  void aPluginFolderThatCannotBeListedKeepsItsPlugins() throws IOException {
    install(zip("stay", "1.0.0", ""), "stay");
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      Fixtures.deleteTree(plugins);
      ReloadReport report = host.reload();
      assertEquals(List.of("stay"), report.unchanged());
      assertEquals(Rule.SOURCE, report.failures().get(0).rule());
      assertEquals("stay@1.0.0", greet(host.get("stay").orElseThrow().provider(), ""));
    }
  }

  @Test
  void listenersHearEveryChangeBlockingOrThroughAnExecutor() throws Exception {
    install(zip("a", "1.0.0", ""), "a");
    List<String> blocking = new CopyOnWriteArrayList<>();
    List<String> async = new CopyOnWriteArrayList<>();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (PluginHost<Object> host =
        builder()
            .listener(e -> blocking.add(e.kind() + " " + e.plugin()))
            .listener(e -> async.add(e.kind() + " " + e.plugin()), executor)
            .listener(
                e -> {
                  throw new IllegalStateException("a listener that throws changes nothing");
                })
            .build()) {
      host.reloadAsync().get(30, TimeUnit.SECONDS);
      install(zip("b", "1.0.0", ""), "b");
      Files.delete(plugins.resolve("a.zip"));
      ReloadReport report = host.reload();
      assertEquals(List.of("b"), report.added());
      assertEquals(List.of("a"), report.removed());
      assertEquals(List.of("LOADED a", "UNLOADED a", "LOADED b"), blocking);
      await(() -> async.size() == 3, "async listener: " + async);
      assertEquals(blocking, async);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void droppedPluginsUnloadAndTheHostSaysSo() throws Exception {
    install(zip("gc", "1.0.0", ""), "gc");
    try (PluginHost<Object> host = builder().unloadCheck(Duration.ofSeconds(20)).build()) {
      host.reload();
      java.lang.ref.WeakReference<ClassLoader> loader =
          new java.lang.ref.WeakReference<>(
              host.get("gc").orElseThrow().provider().getClass().getClassLoader());
      Files.delete(plugins.resolve("gc.zip"));
      host.reload();
      await(
          () -> {
            System.gc();
            return loader.get() == null;
          },
          "the dropped plugin's class loader was collected");
      assertEquals(List.of(), host.leaks());
    }
  }

  @Test
  void aPluginThatStartsItsOwnThreadIsNamedInTheLeakReport() throws Exception {
    String module = "fixture.rlleaky";
    Path dir =
        pluginDir(
            tmp.resolve("leaky-src"),
            manifest("leaky", "1.0.0", module, "\"capabilities\":[\"threads\"]"),
            greeterJar(module)
                .constructor(Fixtures.threadThatNeverStops("leaky-worker"))
                .writeTo(tmp.resolve("leaky-jar")));
    Files.move(dir, plugins.resolve("leaky"));
    List<PluginEvent> events = new CopyOnWriteArrayList<>();
    try (PluginHost<Object> host =
        builder()
            .capability(Capability.named("threads").permits("threads").build())
            .unloadCheck(Duration.ofMillis(800))
            .listener(events::add)
            .build()) {
      host.reload();
      assertEquals(List.of("leaky"), host.getAll().stream().map(Plugin::name).toList());
      Fixtures.deleteTree(plugins.resolve("leaky"));
      host.reload();
      await(() -> !host.leaks().isEmpty(), "a leak is reported");
      LeakReport leak = host.leaks().get(0);
      assertEquals("leaky", leak.plugin());
      assertTrue(
          leak.suspects().stream().anyMatch(s -> s.contains("'leaky-worker'")), leak.toString());
      assertTrue(leak.message().contains("plugin 'leaky' version 1.0.0"), leak.message());
      await(
          () -> events.stream().anyMatch(e -> e.kind() == PluginEvent.Kind.LEAKED),
          "listeners hear about the leak");
    }
  }

  @Test
  void aPluginRefusedAfterItsCodeRanIsStillWatchedUntilItUnloads() throws Exception {
    String module = "fixture.rlhalf";
    Path dir =
        pluginDir(
            tmp.resolve("half-src"),
            manifest("half", "1.0.0", module, "\"capabilities\":[\"threads\"]"),
            greeterJar(module)
                .constructor(
                    Fixtures.threadThatNeverStops("half-worker")
                        + " if (true) throw new IllegalStateException(\"gave up halfway\");")
                .writeTo(tmp.resolve("half-jar")));
    Files.move(dir, plugins.resolve("half"));
    try (PluginHost<Object> host =
        builder()
            .capability(Capability.named("threads").permits("threads").build())
            .unloadCheck(Duration.ofMillis(800))
            .build()) {
      host.reload();
      assertEquals(Rule.PROVIDER_FAILED, host.failures().get(0).rule());
      await(() -> !host.leaks().isEmpty(), "the refused plugin's leak is reported");
      LeakReport leak = host.leaks().get(0);
      assertEquals("half", leak.plugin());
      assertTrue(
          leak.suspects().stream().anyMatch(s -> s.contains("'half-worker'")), leak.toString());
    }
  }

  @Test
  void aLargeFolderReloadsRightAfterEachChangeLikeASmallOne() throws IOException {
    // Above the size from which a host watches its folder instead of reading every entry again.
    int n = dev.augment.core.internal.discovery.FolderScans.WATCH_FROM + 6;
    Path jar = greeterJar("fixture.rlmany").body("return \"many\";").writeTo(tmp.resolve("many"));
    for (int i = 0; i < n; i++) {
      String name = String.format("m%03d", i);
      Path dir =
          pluginDir(tmp.resolve("src-" + name), manifest(name, "1.0.0", "fixture.rlmany"), jar);
      install(Fixtures.zip(dir, tmp.resolve(name + ".zip")), name);
    }
    try (PluginHost<Object> host = builder().build()) {
      assertEquals(n, host.reload().added().size());
      // The second pass reads the folder in full and starts watching it; the ones after read only
      // what changed, and with nothing changed keep the very snapshot.
      assertEquals(n, host.reload().unchanged().size());
      var all = host.getAll();
      assertEquals(n, host.reload().unchanged().size());
      assertTrue(all == host.getAll(), "a reload that finds nothing changed keeps the snapshot");
      for (int k = 1; k <= 20; k++) {
        install(zip("m005", "2.0." + k, ""), "m005");
        ReloadReport r = host.reload();
        assertEquals(List.of("m005"), r.updated(), "reload " + k + " right after the write");
        assertEquals(n - 1, r.unchanged().size());
        assertEquals("m005@2.0." + k, greet(host.get("m005").orElseThrow().provider(), ""));
      }
      Files.delete(plugins.resolve("m010.zip"));
      assertEquals(List.of("m010"), host.reload().removed());
      install(zip("late", "1.0.0", ""), "late");
      assertEquals(List.of("late"), host.reload().added());
      Files.writeString(plugins.resolve("m020.zip"), "no longer a zip");
      ReloadReport broken = host.reload();
      assertEquals(1, broken.failures().size(), broken.toString());
      assertTrue(host.get("m020").isPresent(), "a failed update keeps the version it replaced");
      assertEquals(n, host.getAll().size());
    }
  }

  @Test
  void soakReloadsLeaveNoClassLoaderBehindAndTheHeapFlat() throws Exception {
    int cycles = Integer.getInteger("augment.soak.cycles", 1000);
    Path v1 = zip("soak", "1.0.0", "");
    Path v2 = zip("soak", "2.0.0", "");
    List<java.lang.ref.WeakReference<ClassLoader>> loaders = new java.util.ArrayList<>();
    long warmHeap = 0;
    try (PluginHost<Object> host = builder().unloadCheck(Duration.ZERO).build()) {
      for (int i = 0; i < cycles; i++) {
        install(i % 2 == 0 ? v1 : v2, "soak");
        ReloadReport report = host.reload();
        assertEquals(List.of("soak"), i == 0 ? report.added() : report.updated(), "cycle " + i);
        loaders.add(
            new java.lang.ref.WeakReference<>(
                host.get("soak").orElseThrow().provider().getClass().getClassLoader()));
        if (i == Math.min(100, cycles / 2)) {
          warmHeap = heapAfterGc();
        }
      }
    }
    await(
        () -> {
          System.gc();
          return loaders.stream().allMatch(r -> r.get() == null);
        },
        "every class loader of "
            + cycles
            + " loads is collected; left: "
            + loaders.stream().filter(r -> r.get() != null).count());
    long growth = heapAfterGc() - warmHeap;
    System.out.printf(
        "soak: %d cycles, %d class loaders collected, heap growth after GC %d KiB%n",
        cycles, loaders.size(), growth / 1024);
    assertTrue(growth < 16L * 1024 * 1024, "heap grew by " + growth / 1024 + " KiB");
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  @Test
  void callersNeverSeeAHalfFinishedReload() throws Exception {
    int reloads = Integer.getInteger("augment.concurrency.reloads", 200);
    Path v1 = zip("busy", "1.0.0", "");
    Path v2 = zip("busy", "2.0.0", "");
    install(v1, "busy");
    java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
    List<String> errors = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      List<Thread> callers = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Thread caller =
            new Thread(
                () -> {
                  while (!stop.get()) {
                    try {
                      List<Plugin<Object>> all = host.getAll();
                      if (all.size() != 1) {
                        errors.add("saw " + all.size() + " plugins");
                      }
                      for (Plugin<Object> p : all) {
                        String answer = greet(p.provider(), "");
                        String expected = p.name() + "@" + p.manifest().version();
                        if (!answer.equals(expected)) {
                          errors.add(answer + " from a plugin whose manifest says " + expected);
                        }
                        calls.incrementAndGet();
                      }
                    } catch (RuntimeException e) {
                      errors.add(e.toString());
                    }
                  }
                },
                "caller-" + t);
        callers.add(caller);
        caller.start();
      }
      for (int i = 0; i < reloads; i++) {
        install(i % 2 == 0 ? v2 : v1, "busy");
        host.reload();
      }
      stop.set(true);
      for (Thread caller : callers) {
        caller.join(10_000);
      }
    }
    System.out.printf(
        "concurrency: %d reloads, %d calls, %d errors%n", reloads, calls.get(), errors.size());
    assertEquals(List.of(), errors.stream().distinct().limit(5).toList());
    assertTrue(calls.get() > reloads, "the callers made " + calls.get() + " calls");
  }

  @Test
  void watchModePicksUpNewUpdatedAndDeletedZipsAndWaitsForHalfWrittenOnes() throws Exception {
    List<PluginEvent> events = new CopyOnWriteArrayList<>();
    try (PluginHost<Object> host =
        builder().watchDebounce(Duration.ofMillis(150)).listener(events::add).build()) {
      host.reload();
      host.watch();
      host.watch();
      install(zip("w", "1.0.0", ""), "w");
      await(() -> host.get("w").isPresent(), "a new zip is loaded");

      install(zip("w", "2.0.0", ""), "w");
      await(
          () -> host.get("w").map(p -> p.manifest().version().major() == 2).orElse(false),
          "an updated zip replaces the old version");

      Files.delete(plugins.resolve("w.zip"));
      await(() -> host.get("w").isEmpty(), "a deleted zip is unloaded");

      byte[] bytes = Files.readAllBytes(zip("slow", "1.0.0", ""));
      Path slow = plugins.resolve("slow.zip");
      Files.write(slow, java.util.Arrays.copyOf(bytes, bytes.length / 2));
      Thread.sleep(350);
      Files.write(slow, bytes);
      await(() -> host.get("slow").isPresent(), "a zip copied slowly is loaded once complete");
      assertTrue(
          events.stream().noneMatch(e -> e.kind() == PluginEvent.Kind.FAILED),
          "no half-written zip was loaded: " + events);
    }
  }
}
