package dev.augment.core.internal.lifecycle;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.greeterType;
import static dev.augment.fixtures.Fixtures.hostLayer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.LeakReport;
import dev.augment.core.Version;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proven unload with real layers: the tracker learns of collections without polling, asks for at
 * most one full collection per plugin within its rate bound, and blames only the layer's own
 * threads.
 */
class UnloadTrackerTest {

  /** Every thread the fixture plugins start has a name with this prefix. */
  private static final String WORKER = "ut-";

  @TempDir Path tmp;

  /** What the tests' {@code fullGc} was asked for: the time of each call. */
  private final List<Long> gcCalls = new CopyOnWriteArrayList<>();

  private final List<LeakReport> heard = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopPluginThreads() {
    Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(WORKER))
        .forEach(Thread::interrupt);
  }

  private UnloadTracker.Options options(Duration limit) {
    return UnloadTracker.Options.of(limit)
        .withFullGc(
            () -> {
              gcCalls.add(System.nanoTime());
              System.gc();
            });
  }

  private UnloadTracker tracker(UnloadTracker.Options options) {
    return new UnloadTracker(options, heard::add);
  }

  /** Plugin code that starts a daemon thread which runs until it is interrupted. */
  private static String worker(String name) {
    return "Thread t = new Thread(() -> { try { while (true) { Thread.sleep(20); } }"
        + " catch (InterruptedException e) { } }, \""
        + WORKER
        + name
        + "\"); t.setDaemon(true); t.start();";
  }

  private Path jar(String module, String version, String constructor) {
    return greeterJar(module)
        .version(version)
        .constructor(constructor)
        .writeTo(tmp.resolve(module + "-" + version + "-" + constructor.hashCode()));
  }

  /** A layer over the fixtures' host layer with one loader, as the host builds them. */
  private static ModuleLayer layer(Path jar, String module) {
    Configuration cf =
        hostLayer()
            .configuration()
            .resolve(ModuleFinder.of(jar), ModuleFinder.of(), Set.of(module));
    return ModuleLayer.defineModulesWithOneLoader(
            cf, List.of(hostLayer()), ClassLoader.getSystemClassLoader())
        .layer();
  }

  /**
   * Creates the layer's provider, which runs its constructor; with {@code asHost}, on a thread
   * whose context class loader is the plugin's, as the host's calls into a plugin do.
   */
  private static Object provider(ModuleLayer layer, boolean asHost) {
    UnloadTrackerTest.class.getModule().addUses(greeterType());
    Thread me = Thread.currentThread();
    ClassLoader before = me.getContextClassLoader();
    if (asHost) {
      me.setContextClassLoader(layer.modules().iterator().next().getClassLoader());
    }
    try {
      return ServiceLoader.load(layer, greeterType()).stream()
          .filter(p -> p.type().getModule().getLayer() == layer)
          .findFirst()
          .orElseThrow()
          .get();
    } finally {
      me.setContextClassLoader(before);
    }
  }

  /**
   * Loads a plugin, runs its constructor and tracks its layer; keeps nothing of it on the caller's
   * stack, so that only {@code keep} (when given) and the plugin's own threads hold it.
   */
  private void load(
      UnloadTracker tracker,
      Path jar,
      String module,
      boolean asHost,
      AtomicReference<Object> keep,
      boolean track) {
    ModuleLayer layer = layer(jar, module);
    Object provider = provider(layer, asHost);
    if (keep != null) {
      keep.set(provider);
    }
    if (track) {
      String version = layer.findModule(module).orElseThrow().getDescriptor().rawVersion().get();
      tracker.track(module, Version.parse(version), layer);
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(20);
    }
    assertTrue(condition.getAsBoolean(), what);
  }

  /** Loads a dependency and a leaking dependent built on its layer, and tracks both. */
  private void loadDependencyAndLeakingDependent(UnloadTracker tracker) {
    ModuleLayer dependency = layer(jar("fixture.utdep", "1.0.0", ""), "fixture.utdep");
    provider(dependency, true);
    Path dependentJar = jar("fixture.utdependent", "1.0.0", worker("dependent"));
    Configuration cf =
        Configuration.resolve(
            ModuleFinder.of(dependentJar),
            List.of(dependency.configuration(), hostLayer().configuration()),
            ModuleFinder.of(),
            Set.of("fixture.utdependent"));
    ModuleLayer dependent =
        ModuleLayer.defineModulesWithOneLoader(
                cf, List.of(dependency, hostLayer()), ClassLoader.getSystemClassLoader())
            .layer();
    provider(dependent, false);
    tracker.track("fixture.utdep", Version.parse("1.0.0"), dependency);
    tracker.track("fixture.utdependent", Version.parse("1.0.0"), dependent);
  }

  @Test
  void aDependencyHeldByItsLeakingDependentIsNamedInTheDependentsReportNotAsALeak()
      throws Exception {
    UnloadTracker tracker = tracker(options(Duration.ofMillis(300)));
    loadDependencyAndLeakingDependent(tracker);
    await(() -> tracker.pending() == 0, "both are settled");
    assertEquals(1, tracker.leaks().size(), tracker.leaks()::toString);
    LeakReport leak = tracker.leaks().get(0);
    assertEquals("fixture.utdependent", leak.plugin());
    assertTrue(
        leak.suspects().stream()
            .anyMatch(s -> s.contains("its dependency fixture.utdep@1.0.0, which cannot unload")),
        leak.toString());
  }

  @Test
  void aCleanLayerIsProvenCollectedWithOneRequestedCollectionAtMost() throws Exception {
    UnloadTracker tracker = tracker(options(Duration.ofMillis(400)));
    load(tracker, jar("fixture.utclean", "1.0.0", ""), "fixture.utclean", true, null, true);
    assertEquals(1, tracker.pending());
    await(() -> tracker.pending() == 0, "the clean layer is settled");
    assertEquals(1, tracker.unloaded());
    assertEquals(List.of(), tracker.leaks());
    assertTrue(gcCalls.size() <= 1, "full collections asked for: " + gcCalls.size());
    await(() -> !tracker.watching(), "the watcher ends once nothing is pending");
    Thread.sleep(600);
    assertTrue(gcCalls.size() <= 1, "no collection is asked for afterwards: " + gcCalls.size());
  }

  @Test
  void aLayerCollectedByTheJvmBeforeItsLimitCostsNoRequestedCollection() throws Exception {
    UnloadTracker tracker = tracker(options(Duration.ofSeconds(60)));
    load(tracker, jar("fixture.utearly", "1.0.0", ""), "fixture.utearly", true, null, true);
    System.gc(); // the JVM's own collection, which the tracker hears of through its queue
    await(
        () -> tracker.pending() == 0, "the tracker hears of the collection long before the limit");
    assertEquals(1, tracker.unloaded());
    assertEquals(List.of(), gcCalls);
    await(() -> !tracker.watching(), "the watcher ends once nothing is pending");
  }

  @Test
  void aLeakingLayerIsReportedWithThePluginsThreadAsSuspect() throws Exception {
    UnloadTracker tracker = tracker(options(Duration.ofMillis(300)));
    Path jar = jar("fixture.utleak", "1.0.0", worker("leak-worker"));
    load(tracker, jar, "fixture.utleak", false, null, true);
    await(() -> !tracker.leaks().isEmpty(), "the leak is reported");
    LeakReport leak = tracker.leaks().get(0);
    assertEquals("fixture.utleak", leak.plugin());
    assertEquals(Version.parse("1.0.0"), leak.version());
    assertTrue(leak.waited().compareTo(Duration.ofMillis(300)) >= 0, leak.toString());
    assertTrue(
        leak.suspects().stream()
            .anyMatch(
                s -> s.startsWith("thread 'ut-leak-worker' runs plugin code: fixture.utleak")),
        leak.toString());
    assertEquals(List.of(leak), heard);
    assertEquals(1, gcCalls.size(), "one full collection decides it");
    assertEquals(0, tracker.pending());
    await(() -> !tracker.watching(), "the watcher ends once the leak is reported");
  }

  @Test
  void aLayerHeldOnlyWhileTheFirstCollectionRunsIsNotALeak() throws Exception {
    AtomicReference<Object> heldForOneCollection = new AtomicReference<>();
    UnloadTracker tracker =
        tracker(
            UnloadTracker.Options.of(Duration.ofMillis(300))
                .withFullGc(
                    () -> {
                      gcCalls.add(System.nanoTime());
                      System.gc(); // finds the layer reachable
                      heldForOneCollection.set(null);
                    }));
    Path jar = jar("fixture.utinstant", "1.0.0", "");
    load(tracker, jar, "fixture.utinstant", true, heldForOneCollection, true);
    await(() -> gcCalls.size() == 1, "the tracker asks for its one collection");
    await(
        () -> {
          System.gc(); // the JVM's own collections: the next one confirms or clears the verdict
          return tracker.pending() == 0;
        },
        "the layer is settled");
    assertEquals(List.of(), tracker.leaks());
    assertEquals(1, tracker.unloaded());
    assertEquals(1, gcCalls.size(), "no second collection asked for");
  }

  @Test
  void twoVersionsOfOneModuleBlameOnlyTheDroppedOnesThreads() throws Exception {
    UnloadTracker tracker = tracker(options(Duration.ofMillis(300)));
    String module = "fixture.uttwin";
    // The new version runs on; the old one is dropped and leaks through its own worker.
    load(tracker, jar(module, "2.0.0", worker("twin-new")), module, false, null, false);
    load(tracker, jar(module, "1.0.0", worker("twin-old")), module, false, null, true);
    await(() -> !tracker.leaks().isEmpty(), "the old version's leak is reported");
    List<String> suspects = tracker.leaks().get(0).suspects();
    assertTrue(suspects.stream().anyMatch(s -> s.contains("'ut-twin-old'")), suspects::toString);
    assertTrue(suspects.stream().noneMatch(s -> s.contains("'ut-twin-new'")), suspects::toString);
  }

  @Test
  void twoCopiesWithTheSameNameAndVersionAreToldApartByTheirLoaders() throws Exception {
    UnloadTracker tracker = tracker(options(Duration.ofMillis(300)));
    String module = "fixture.utsame";
    Path leaky = jar(module, "1.0.0", worker("same-dropped"));
    load(tracker, jar(module, "1.0.0", worker("same-live")), module, true, null, false);
    load(tracker, leaky, module, true, null, true);
    load(tracker, jar(module, "1.0.0", ""), module, true, null, true);
    await(() -> tracker.pending() == 0, "both dropped copies are settled");
    assertEquals(1, tracker.leaks().size(), tracker.leaks()::toString);
    assertEquals(1, tracker.unloaded(), "the clean copy was collected");
    List<String> suspects = tracker.leaks().get(0).suspects();
    assertEquals(
        List.of(
            "thread 'ut-same-dropped' has the plugin's class loader as its context class loader",
            "thread 'ut-same-dropped' runs plugin code: "),
        suspects.stream().map(s -> s.replaceAll("code: .*", "code: ")).toList());
  }

  @Test
  void eachPluginsClockStartsWhenItIsTrackedAndAReleasedOneIsNotReported() throws Exception {
    UnloadTracker tracker = tracker(options(Duration.ofMillis(800)));
    Path slow = jar("fixture.utslow", "1.0.0", "");
    Path next = jar("fixture.utnext", "1.0.0", "");
    AtomicReference<Object> stillOnTheStack = new AtomicReference<>();
    load(tracker, slow, "fixture.utslow", true, stillOnTheStack, true);
    Thread.sleep(500); // another plugin's slow teardown, while the host still holds this one
    stillOnTheStack.set(null);
    load(tracker, next, "fixture.utnext", true, null, true);
    await(() -> tracker.pending() == 0, "both are settled");
    assertEquals(List.of(), tracker.leaks());
    assertEquals(2, tracker.unloaded());
    assertTrue(gcCalls.size() <= 1, "one collection serves both: " + gcCalls.size());
  }

  @Test
  void anIneffectiveRequestedCollectionIsNotRepeated() throws Exception {
    UnloadTracker tracker =
        tracker(
            UnloadTracker.Options.of(Duration.ofMillis(200))
                .withGcInterval(Duration.ofSeconds(30))
                .withFullGc(() -> gcCalls.add(System.nanoTime())));
    load(
        tracker,
        jar("fixture.utnoop", "1.0.0", worker("noop")),
        "fixture.utnoop",
        false,
        null,
        true);
    Thread.sleep(700);
    assertEquals(1, gcCalls.size(), "asked once, even though nothing was unloaded");
    // The JVM's own collection decides it, with no further request.
    await(
        () -> {
          System.gc();
          return !tracker.leaks().isEmpty();
        },
        "the leak is decided at the next collection that unloads classes");
    assertEquals(1, gcCalls.size());
    assertTrue(tracker.leaks().get(0).suspects().stream().anyMatch(s -> s.contains("'ut-noop'")));
  }

  @Test
  void requestedCollectionsAreAtLeastTheIntervalApart() throws Exception {
    Duration interval = Duration.ofMillis(1200);
    UnloadTracker tracker = tracker(options(Duration.ofMillis(200)).withGcInterval(interval));
    load(
        tracker,
        jar("fixture.utfirst", "1.0.0", worker("first")),
        "fixture.utfirst",
        false,
        null,
        true);
    await(() -> tracker.leaks().size() == 1, "the first leak is reported");
    load(
        tracker,
        jar("fixture.utsecond", "1.0.0", worker("second")),
        "fixture.utsecond",
        false,
        null,
        true);
    await(() -> tracker.leaks().size() == 2, "the second leak is reported");
    assertTrue(gcCalls.size() <= 2, "asked " + gcCalls.size() + " times");
    if (gcCalls.size() == 2) {
      assertTrue(gcCalls.get(1) - gcCalls.get(0) >= interval.toNanos(), "the second waited");
      assertTrue(
          tracker.leaks().get(1).waited().compareTo(Duration.ofMillis(200)) > 0,
          "the second leak waited past its limit for the interval");
    }
  }

  @Test
  void withPolicyNeverTheTrackerNeverAsksAndDecidesAtTheJvmsOwnCollection() throws Exception {
    UnloadTracker tracker =
        tracker(options(Duration.ofMillis(200)).withGc(UnloadTracker.GcPolicy.NEVER));
    load(
        tracker,
        jar("fixture.utnever", "1.0.0", worker("never")),
        "fixture.utnever",
        false,
        null,
        true);
    Thread.sleep(400);
    System.gc();
    await(() -> !tracker.leaks().isEmpty(), "the leak is decided at the JVM's collection");
    assertEquals(List.of(), gcCalls);
    assertTrue(tracker.leaks().get(0).suspects().stream().anyMatch(s -> s.contains("'ut-never'")));
  }

  @Test
  void nothingWakesTheTrackerBeforeALimitOrWhileNothingIsPending() throws Exception {
    UnloadTracker tracker = tracker(options(Duration.ofMillis(1500)));
    assertFalse(tracker.watching(), "no thread before anything is tracked");
    load(
        tracker,
        jar("fixture.utidle", "1.0.0", worker("idle")),
        "fixture.utidle",
        false,
        null,
        true);
    Thread.sleep(1000);
    assertEquals(0, tracker.wakeups(), "the watcher sleeps until the limit");
    assertEquals(List.of(), gcCalls);
    await(() -> !tracker.leaks().isEmpty(), "the leak is reported at the limit");
    await(() -> !tracker.watching(), "the watcher ends once nothing is pending");
    long wakeups = tracker.wakeups();
    Thread.sleep(500);
    assertEquals(wakeups, tracker.wakeups());
    assertFalse(tracker.watching());
  }

  @Test
  void anEmptyLayerIsNotTracked() {
    UnloadTracker tracker = new UnloadTracker(Duration.ofSeconds(1), heard::add);
    tracker.track("empty", Version.parse("1.0.0"), ModuleLayer.empty());
    assertEquals(0, tracker.pending());
    assertFalse(tracker.watching());
  }

  @Test
  void optionsRefuseANonPositiveLimitAndANegativeInterval() {
    assertThrows(IllegalArgumentException.class, () -> UnloadTracker.Options.of(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            UnloadTracker.Options.of(Duration.ofSeconds(1)).withGcInterval(Duration.ofMillis(-1)));
    UnloadTracker.Options o = UnloadTracker.Options.of(Duration.ofSeconds(10));
    assertEquals(UnloadTracker.GcPolicy.ONCE, o.gc());
    assertEquals(Duration.ofSeconds(10), o.gcInterval());
  }
}
