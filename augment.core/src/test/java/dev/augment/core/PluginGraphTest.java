package dev.augment.core;

import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.PluginHost;
import dev.augment.fixtures.Fixtures;
import dev.augment.fixtures.Jars;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graphs of plugins with real layers: diamond, teardown order, versions, failed updates. */
class PluginGraphTest {

  @TempDir Path tmp;
  private Path plugins;
  private GraphPlugins jars;
  private int dirs;

  @BeforeEach
  void folders() throws IOException {
    plugins = Files.createDirectories(tmp.resolve("plugins"));
    jars = new GraphPlugins(tmp);
    Fixtures.probe().clear();
    Fixtures.kept().clear();
  }

  private static String greet(PluginHost<Object> host, String name) {
    return Fixtures.greet(host.get(name).orElseThrow().provider(), "");
  }

  private static List<String> log(String prefix) {
    return Fixtures.probe().stream().filter(s -> s.startsWith(prefix)).toList();
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(condition.getAsBoolean(), what);
  }

  private static Set<String> names(List<String> l) {
    return new TreeSet<>(l);
  }

  /** A plugin on base that exports {@code <side>.api.Side.value()} and provides Codec. */
  private Path sideJar(Path api, String side) {
    String m = "fixture." + side;
    return Jars.of()
        .source(
            "module-info.java",
            "module "
                + m
                + " { requires fixture.contract; requires st.api; requires augment.api; exports "
                + side
                + ".api; provides fixture.contract.Greeter with "
                + m
                + ".Impl; provides st.api.Codec with "
                + m
                + ".Impl; }")
        .source(
            side + "/api/Side.java",
            "package "
                + side
                + ".api; public final class Side { private Side() {} public static String value()"
                + " { return \""
                + side
                + " sees \" + st.api.Api.value(); } }")
        .source(
            m.replace('.', '/') + "/Impl.java",
            "package "
                + m
                + "; public class Impl implements fixture.contract.Greeter, st.api.Codec,"
                + " dev.augment.api.Lifecycle { public String greet(String who) { return name(); }"
                + " public String name() { return "
                + side
                + ".api.Side.value(); } public void teardown(dev.augment.api.PluginContext c) {"
                + " fixture.contract.Probe.LOG.add(\"teardown "
                + side
                + "\"); } }")
        .modulePath(Fixtures.contractJar(), api, Fixtures.apiJars()[0], Fixtures.apiJars()[1])
        .moduleVersion("1.0.0")
        .writeTo(tmp.resolve("side-" + side + "-" + ++dirs).resolve(m + ".jar"));
  }

  private Path topJar(Path left, Path right) {
    return Jars.of()
        .source(
            "module-info.java",
            "module fixture.top { requires fixture.contract; requires fixture.left; requires"
                + " fixture.right; requires augment.api; provides fixture.contract.Greeter with"
                + " fixture.top.Impl; }")
        .source(
            "fixture/top/Impl.java",
            "package fixture.top; public class Impl implements fixture.contract.Greeter,"
                + " dev.augment.api.Lifecycle { public String greet(String who) { return"
                + " left.api.Side.value() + \" & \" + right.api.Side.value(); } public void"
                + " teardown(dev.augment.api.PluginContext c) {"
                + " fixture.contract.Probe.LOG.add(\"teardown top\"); } }")
        .modulePath(
            Fixtures.contractJar(), left, right, Fixtures.apiJars()[0], Fixtures.apiJars()[1])
        .moduleVersion("1.0.0")
        .writeTo(tmp.resolve("top-" + ++dirs).resolve("fixture.top.jar"));
  }

  @Test
  void aDiamondReloadsAsOneGraphAndTearsDownDependentsFirst() throws Exception {
    Path v1 = jars.api("1.0.0");
    Path owner = jars.ownerJar(v1);
    Path left = sideJar(v1, "left");
    Path right = sideJar(v1, "right");
    GraphPlugins.owner(plugins, "base", "1.0.0", v1, owner);
    String onBase = "\"dependencies\":{\"base\":\"^1.0.0\"}";
    pluginDir(plugins.resolve("left"), manifest("left", "1.0.0", "fixture.left", onBase), left);
    pluginDir(plugins.resolve("right"), manifest("right", "1.0.0", "fixture.right", onBase), right);
    pluginDir(
        plugins.resolve("top"),
        manifest(
            "top", "1.0.0", "fixture.top", "\"dependencies\":{\"left\":\"^1\",\"right\":\"^1\"}"),
        topJar(left, right));
    List<PluginEvent> events = new CopyOnWriteArrayList<>();
    PluginHost<Object> host = TestHosts.builder(tmp, plugins).listener(events::add).build();
    try {
      host.reload();
      assertEquals(List.of(), host.failures());
      assertEquals("left sees 1.0.0 & right sees 1.0.0", greet(host, "top"));
      // Only direct dependents count: top builds on base through left and right, and is not one.
      assertEquals("base@1.0.0 [left sees 1.0.0,right sees 1.0.0]", greet(host, "base"));

      Fixtures.deleteTree(plugins.resolve("base"));
      Path v2 = jars.api("1.1.0");
      GraphPlugins.owner(plugins, "base", "1.1.0", v2, owner);
      Fixtures.probe().clear();
      ReloadReport report = host.reload();
      assertEquals(List.of(), report.failures());
      assertEquals(Set.of("base", "left", "right", "top"), names(report.updated()));
      // Rebuilt only because their dependency changed, the dependents are updates to listeners
      // too: a host that caches what a plugin answered hears of each.
      assertEquals(
          Set.of("base", "left", "right", "top"),
          events.stream()
              .filter(e -> e.kind() == PluginEvent.Kind.UPDATED)
              .map(PluginEvent::plugin)
              .collect(Collectors.toSet()));
      assertEquals("left sees 1.1.0 & right sees 1.1.0", greet(host, "top"));
      assertEquals("base@1.1.0 [left sees 1.1.0,right sees 1.1.0]", greet(host, "base"));
      assertTornDownDependentsFirst(log("teardown"));
    } finally {
      Fixtures.probe().clear();
      host.close();
    }
    assertTornDownDependentsFirst(log("teardown"));
  }

  private static void assertTornDownDependentsFirst(List<String> order) {
    assertEquals(4, order.size(), order.toString());
    assertEquals("teardown top", order.get(0), order.toString());
    assertEquals(
        Set.of("teardown left", "teardown right"), Set.copyOf(order.subList(1, 3)), "" + order);
    assertEquals("teardown base", order.get(3), order.toString());
  }

  @Test
  void removingADependencyTearsDownItsDependentsBeforeIt() throws Exception {
    Path api = jars.api("1.0.0");
    Path dep = jars.dependentJar(api, "");
    GraphPlugins.owner(plugins, "storage", "1.0.0", api, jars.ownerJar(api));
    GraphPlugins.dependent(plugins, "codec-a", "storage", "^1.0.0", dep);
    GraphPlugins.dependent(plugins, "codec-b", "storage", "^1.0.0", dep);
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      Fixtures.deleteTree(plugins.resolve("storage"));
      Fixtures.probe().clear();
      host.reload();
      List<String> order = log("teardown");
      assertEquals(3, order.size(), order.toString());
      assertEquals("teardown storage", order.get(2), order.toString());
    }
  }

  @Test
  void aFailedUpdateOfADependencyIsReportedOnceOnItAndItsDependentsStayUnreported()
      throws Exception {
    Path api = jars.api("1.0.0");
    Path dep = jars.dependentJar(api, "");
    GraphPlugins.owner(plugins, "storage", "1.0.0", api, jars.ownerJar(api));
    GraphPlugins.dependent(plugins, "codec-a", "storage", "^1.0.0", dep);
    GraphPlugins.dependent(plugins, "codec-b", "storage", "^1.0.0", dep);
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      Map<String, Object> before =
          host.getAll().stream().collect(Collectors.toMap(Plugin::name, Plugin::provider));
      Fixtures.deleteTree(plugins.resolve("storage"));
      Path broken =
          Fixtures.greeterJar("fixture.owner")
              .constructor("throw new RuntimeException(\"no disk\");")
              .writeTo(tmp.resolve("broken"));
      pluginDir(
          plugins.resolve("storage"),
          manifest("storage", "1.1.0", "fixture.owner"),
          jars.api("1.1.0"),
          broken);
      Fixtures.probe().clear();
      ReloadReport report = host.reload();
      assertEquals(1, report.failures().size(), report.failures().toString());
      PluginFailure f = report.failures().get(0);
      assertEquals("storage", f.plugin());
      assertEquals(Rule.PROVIDER_FAILED, f.rule());
      assertEquals(List.of(f), host.failures());
      assertEquals(Set.of("codec-a", "codec-b", "storage"), names(report.unchanged()));
      assertEquals(List.of(), report.updated());
      for (Plugin<Object> p : host.getAll()) {
        assertSame(before.get(p.name()), p.provider(), p.name() + " kept as it was");
      }
      assertEquals(List.of(), log("teardown"), "nothing active was torn down");
      assertEquals("storage@1.0.0 [codec-a sees 1.0.0,codec-b sees 1.0.0]", greet(host, "storage"));
      // The next reload with the same broken bytes says the same, once, and keeps all three.
      ReloadReport again = host.reload();
      assertEquals(List.of(f.rule()), again.failures().stream().map(PluginFailure::rule).toList());
      assertEquals(3, host.getAll().size());
    }
  }

  @Test
  void ofSeveralVersionsOfADependencyTheHighestInItsDependentsRangesIsChosen() throws Exception {
    Path v15 = jars.api("1.5.0");
    Path v20 = jars.api("2.0.0");
    Path dep = jars.dependentJar(v15, "");
    Path owner = jars.ownerJar(v15);
    pluginDir(
        plugins.resolve("storage-1.4"), manifest("storage", "1.4.0", "fixture.owner"), v15, owner);
    pluginDir(
        plugins.resolve("storage-1.5"), manifest("storage", "1.5.0", "fixture.owner"), v15, owner);
    pluginDir(
        plugins.resolve("storage-2.0"), manifest("storage", "2.0.0", "fixture.owner"), v20, owner);
    GraphPlugins.dependent(plugins, "app", "storage", "^1.0.0", dep);
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals("1.5.0", host.get("storage").orElseThrow().manifest().version().toString());
      assertEquals("app sees 1.5.0", greet(host, "app"));
      assertEquals(
          Map.of("storage-1.4", Rule.DUPLICATE_NAME, "storage-2.0", Rule.DUPLICATE_NAME),
          host.failures().stream()
              .collect(
                  Collectors.toMap(x -> x.file().getFileName().toString(), PluginFailure::rule)));
      String message =
          host.failures().stream()
              .filter(x -> x.file().endsWith("storage-2.0"))
              .findFirst()
              .orElseThrow()
              .message();
      assertTrue(
          message.contains("(version 1.5.0)") && message.contains("app needs ^1.0.0"), message);

      // A second dependent that needs ^2: no version is in both ranges; the highest wins.
      GraphPlugins.dependent(plugins, "app2", "storage", "^2.0.0", jars.dependentJar(v20, ""));
      host.reload();
      assertEquals("2.0.0", host.get("storage").orElseThrow().manifest().version().toString());
      assertEquals("app2 sees 2.0.0", greet(host, "app2"));
      PluginFailure app =
          host.failures().stream().filter(x -> x.plugin().equals("app")).findFirst().orElseThrow();
      assertEquals(Rule.DEPENDENCY_INCOMPATIBLE, app.rule());
      assertTrue(
          host.failures().stream()
              .anyMatch(x -> x.message().contains("no version is in every range")),
          host.failures().toString());
    }
  }

  @Test
  void withoutDependentsTheHighestVersionOfANameStillWins() throws Exception {
    Path v1 = jars.api("1.0.0");
    Path owner = jars.ownerJar(v1);
    pluginDir(plugins.resolve("s-1"), manifest("storage", "1.0.0", "fixture.owner"), v1, owner);
    pluginDir(plugins.resolve("s-2"), manifest("storage", "2.0.0", "fixture.owner"), v1, owner);
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals("2.0.0", host.get("storage").orElseThrow().manifest().version().toString());
      String message = host.failures().get(0).message();
      assertTrue(
          message.endsWith("the highest version wins, then the first in scan order"), message);
    }
  }

  /** Installs a zip under {@code name}.zip in one atomic step. */
  static void install(Path zip, Path folder, String name) throws IOException {
    Path partial = folder.resolve("." + name + ".partial");
    Files.copy(zip, partial, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        partial,
        folder.resolve(name + ".zip"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Zips a plugin folder built under tmp into {@code tmp/zips}. */
  static Path zipOf(Path tmp, Path folder, String zipName) throws IOException {
    Path zips = Files.createDirectories(tmp.resolve("zips"));
    return Fixtures.zip(folder, zips.resolve(zipName + ".zip"));
  }

  @Test
  void aHundredPluginGraphReloadedAThousandTimesLeavesEveryClassLoaderCollected() throws Exception {
    int reloads = Integer.getInteger("augment.graph.reloads", 1000);
    Path v1 = jars.api("1.0.0");
    Path v2 = jars.api("1.1.0");
    Path owner = jars.ownerJar(v1);
    Path dep = jars.dependentJar(v1, "");
    Path src = Files.createDirectories(tmp.resolve("src"));
    List<Path[]> owners = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      String name = "api-" + k;
      Path a =
          zipOf(
              tmp, GraphPlugins.owner(src.resolve("a" + k), name, "1.0.0", v1, owner), name + "-1");
      Path b =
          zipOf(
              tmp, GraphPlugins.owner(src.resolve("b" + k), name, "1.1.0", v2, owner), name + "-2");
      owners.add(new Path[] {a, b});
      install(a, plugins, name);
      for (int j = 0; j < 9; j++) {
        String d = "dep-" + k + "-" + j;
        install(zipOf(tmp, GraphPlugins.dependent(src, d, name, "^1.0.0", dep), d), plugins, d);
      }
    }
    List<WeakReference<ClassLoader>> dropped = new ArrayList<>();
    long start;
    long took;
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      ReloadReport first = host.reload();
      assertEquals(100, first.added().size(), first.failures().toString());
      start = System.nanoTime();
      for (int i = 0; i < reloads; i++) {
        int k = i % 10;
        String name = "api-" + k;
        for (Plugin<Object> p : host.getAll()) {
          if (p.name().equals(name) || p.name().startsWith("dep-" + k + "-")) {
            dropped.add(new WeakReference<>(p.provider().getClass().getClassLoader()));
          }
        }
        install(owners.get(k)[(i / 10) % 2 == 0 ? 1 : 0], plugins, name);
        Fixtures.probe().clear(); // the fixtures' log is a copy-on-write list: keep it short
        ReloadReport report = host.reload();
        assertEquals(List.of(), report.failures(), "reload " + i);
        assertEquals(10, report.updated().size(), "reload " + i + ": " + report.updated());
      }
      took = System.nanoTime() - start;
      String version = (reloads / 10) % 2 == 0 ? "1.0.0" : "1.1.0";
      assertEquals("dep-3-4 sees " + version, greet(host, "dep-3-4"));
      assertEquals(List.of(), host.leaks());
    }
    System.out.printf(
        "graph soak: %d reloads of a 100-plugin graph (10 plugins rebuilt each) in %d ms, %.1f ms"
            + " per reload%n",
        reloads, took / 1_000_000, took / 1e6 / Math.max(1, reloads));
    await(
        () -> {
          System.gc();
          return dropped.stream().allMatch(r -> r.get() == null);
        },
        "every dropped class loader of "
            + dropped.size()
            + " is collected; left: "
            + dropped.stream().filter(r -> r.get() != null).count());
    assertEquals(reloads * 10, dropped.size());
    assertTrue(
        took < Duration.ofSeconds(180).toNanos(),
        "the graph soak took " + took / 1_000_000 + " ms; budget 60 s on a loaded 2-core machine");
  }

  @Test
  void callersOnEightThreadsNeverSeeAMixOfTwoGraphsWhileADependencyIsUpdated() throws Exception {
    int reloads = Integer.getInteger("augment.graph.concurrentReloads", 24);
    Path v1 = jars.api("1.0.0");
    Path v2 = jars.api("1.1.0");
    Path owner = jars.ownerJar(v1);
    Path dep = jars.dependentJar(v1, "");
    Path src = Files.createDirectories(tmp.resolve("src"));
    Path[] storage = {
      zipOf(tmp, GraphPlugins.owner(src.resolve("a"), "storage", "1.0.0", v1, owner), "s1"),
      zipOf(tmp, GraphPlugins.owner(src.resolve("b"), "storage", "1.1.0", v2, owner), "s2")
    };
    install(storage[0], plugins, "storage");
    List<String> codecs = List.of("codec-1", "codec-2", "codec-3", "codec-4");
    for (String c : codecs) {
      install(zipOf(tmp, GraphPlugins.dependent(src, c, "storage", "^1.0.0", dep), c), plugins, c);
    }
    java.util.Queue<String> mixes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.Queue<Throwable> thrown = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong views = new java.util.concurrent.atomic.AtomicLong();
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Thread th =
            new Thread(
                () -> {
                  while (!stop.get()) {
                    try {
                      check(host, codecs, mixes, calls, views);
                    } catch (Throwable e) {
                      thrown.add(e);
                      return;
                    }
                  }
                },
                "caller-" + t);
        callers.add(th);
        th.start();
      }
      for (int i = 0; i < reloads; i++) {
        install(storage[(i + 1) % 2], plugins, "storage");
        ReloadReport report = host.reload();
        assertEquals(List.of(), report.failures(), "reload " + i);
        assertEquals(5, report.updated().size(), "reload " + i + ": " + report.updated());
        long seen = calls.get();
        await(() -> calls.get() > seen + 8, "callers go on calling after reload " + i);
      }
      stop.set(true);
      for (Thread th : callers) {
        th.join(Duration.ofSeconds(30).toMillis());
      }
    }
    assertEquals(List.of(), List.copyOf(thrown), "no caller saw an exception");
    assertEquals(List.of(), List.copyOf(mixes), "no caller saw a mix of two graphs");
    assertTrue(views.get() > 0, "some calls read a full view");
  }

  /** One round of a caller: everything it sees from one snapshot must be of one graph. */
  private static void check(
      PluginHost<Object> host,
      List<String> codecs,
      java.util.Queue<String> mixes,
      java.util.concurrent.atomic.AtomicLong calls,
      java.util.concurrent.atomic.AtomicLong views)
      throws Exception {
    List<Plugin<Object>> all = host.getAll();
    Map<String, String> said = new java.util.HashMap<>();
    Object storage = null;
    for (Plugin<Object> p : all) {
      said.put(p.name(), Fixtures.greet(p.provider(), ""));
      if (p.name().equals("storage")) {
        storage = p.provider();
      }
    }
    String s = said.get("storage");
    String version = s.substring("storage@".length(), s.indexOf(' '));
    for (String c : codecs) {
      if (!(c + " sees " + version).equals(said.get(c))) {
        mixes.add("storage@" + version + " with " + said.get(c));
      }
    }
    String full =
        codecs.stream().map(c -> c + " sees " + version).collect(Collectors.joining(",", "[", "]"));
    // The owner's view reads the registry now: its own graph's providers, or none once replaced.
    String viewed = s.substring(s.indexOf(' ') + 1);
    if (viewed.equals(full)) {
      views.incrementAndGet();
    } else if (!viewed.equals("[]")) {
      mixes.add("view of storage@" + version + ": " + viewed);
    }
    Class<?> codec =
        storage.getClass().getModule().getLayer().findLoader("st.api").loadClass("st.api.Codec");
    List<?> extensions = host.extensions(codec);
    String named =
        extensions.stream()
            .map(
                x -> {
                  try {
                    return (String) codec.getMethod("name").invoke(x);
                  } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .collect(Collectors.joining(",", "[", "]"));
    if (!named.equals(full) && !named.equals("[]")) {
      mixes.add("host.extensions of storage@" + version + ": " + named);
    }
    calls.incrementAndGet();
  }
}
