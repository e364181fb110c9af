package dev.augment.core;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import dev.augment.fixtures.Fixtures;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watch mode and the cache of a real host, with real folders and zips. */
class WatchTest {

  @TempDir Path tmp;
  private Path plugins;

  @BeforeEach
  void folders() throws IOException {
    plugins = Files.createDirectories(tmp.resolve("plugins"));
  }

  private PluginHostBuilder<Object> builder() {
    return TestHosts.builder(tmp, plugins)
        .watchDebounce(Duration.ofMillis(150))
        .watchMaxWait(Duration.ofMillis(1_000))
        .watchPollInterval(Duration.ofMillis(200));
  }

  /** A plugin folder of {@code name} whose greet returns {@code name@version}. */
  private Path folder(String name, String version, Path where) {
    String module = "fixture.wt" + name;
    return pluginDir(
        where,
        manifest(name, version, module),
        greeterJar(module)
            .version(version)
            .body("return \"" + name + "@" + version + "\";")
            .writeTo(tmp.resolve("jar-" + name + "-" + version)));
  }

  private Path zip(String name, String version) {
    Path zip = tmp.resolve(name + "-" + version + ".zip");
    if (!Files.exists(zip)) {
      Fixtures.zip(folder(name, version, tmp.resolve("src-" + name + "-" + version)), zip);
    }
    return zip;
  }

  private void install(Path zip, String name) throws IOException {
    Path partial = plugins.resolve("." + name + ".partial");
    Files.copy(zip, partial, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        partial,
        plugins.resolve(name + ".zip"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean version(PluginHost<Object> host, String name, int major) {
    return host.get(name).map(p -> p.manifest().version().major() == major).orElse(false);
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(condition.getAsBoolean(), what);
  }

  @Test
  void aFifoNamedLikeAZipNeverBlocksTheWatcher() throws Exception {
    Path fifo = plugins.resolve("stuck.zip");
    Assumptions.assumeTrue(
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo works here");
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      host.watch();
      install(zip("after", "1.0.0"), "after");
      await(() -> host.get("after").isPresent(), "a zip beside the FIFO is loaded");
    }
  }

  @Test
  void aPluginFolderDeletedAndRecreatedIsWatchedAgain() throws Exception {
    Path greeter = folder("re", "1.0.0", plugins.resolve("re"));
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      host.watch();
      Fixtures.deleteTree(greeter);
      await(() -> host.get("re").isEmpty(), "the deleted folder is unloaded");
      folder("re", "2.0.0", tmp.resolve("staging/re"));
      Files.move(tmp.resolve("staging/re"), greeter, StandardCopyOption.ATOMIC_MOVE);
      await(() -> version(host, "re", 2), "the folder swapped in by a rename is loaded");
      // Only a watcher that registered the new folder sees a change inside it.
      Path jar = Files.list(greeter.resolve("modules")).findFirst().orElseThrow();
      Path v3 =
          greeterJar("fixture.wtre")
              .version("3.0.0")
              .body("return \"re@3.0.0\";")
              .writeTo(tmp.resolve("jar-re-3"));
      Files.writeString(
          greeter.resolve("plugin.manifest.json"), manifest("re", "3.0.0", "fixture.wtre"));
      Files.copy(v3, jar, StandardCopyOption.REPLACE_EXISTING);
      await(() -> version(host, "re", 3), "a change inside the recreated folder is loaded");
      assertEquals(WatchStatus.State.WATCHING, host.watching().state());
    }
  }

  @Test
  void aPluginFolderRootThatDisappearsIsPolledUntilItReturns() throws Exception {
    try (PluginHost<Object> host = builder().build()) {
      assertEquals(WatchStatus.State.OFF, host.watching().state());
      install(zip("root", "1.0.0"), "root");
      host.reload();
      host.watch();
      Fixtures.deleteTree(plugins);
      await(() -> !host.watching().missing().isEmpty(), "the missing folder is reported");
      assertEquals(List.of(plugins.toAbsolutePath()), host.watching().missing());
      assertTrue(host.get("root").isPresent(), "a folder that cannot be listed keeps its plugins");
      Files.createDirectories(plugins);
      install(zip("back", "1.0.0"), "back");
      await(() -> host.get("back").isPresent(), "the returned folder is loaded");
      assertEquals(List.of(), host.watching().missing());
      await(() -> host.get("root").isEmpty(), "and what it no longer holds is unloaded");
    }
    assertEquals(
        WatchStatus.State.OFF,
        PluginHost.builder(Object.class).folder(tmp).build().watching().state());
  }

  @Test
  void steadyChurnStillReloadsWithinTheMaximumWait() throws Exception {
    Path v1 = zip("churn", "1.0.0");
    Path v2 = zip("churn", "2.0.0");
    List<PluginEvent> events = new CopyOnWriteArrayList<>();
    AtomicBoolean churn = new AtomicBoolean(true);
    try (PluginHost<Object> host = builder().listener(events::add).build()) {
      host.watch();
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; churn.get(); i++) {
                  try {
                    install(i % 2 == 0 ? v1 : v2, "churn");
                    Thread.sleep(100);
                  } catch (IOException | InterruptedException e) {
                    return;
                  }
                }
              });
      writer.start();
      java.util.Set<java.time.Instant> reloads = new java.util.concurrent.ConcurrentSkipListSet<>();
      try {
        // A change every 100 ms: a debounce of 150 ms alone would never reload.
        await(
            () -> {
              host.watching().lastChange().ifPresent(reloads::add);
              return reloads.size() >= 3 && !events.isEmpty();
            },
            "three reloads while the churn goes on");
      } finally {
        churn.set(false);
        writer.join();
      }
    }
  }

  @Test
  void aDamagedCacheCopyIsMadeAgainAndThePluginLoads() throws Exception {
    install(zip("dmg", "1.0.0"), "dmg");
    Path copy;
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      copy = cacheEntries().get(0);
    }
    try (Stream<Path> jars = Files.list(copy.resolve("modules"))) {
      Files.writeString(jars.findFirst().orElseThrow(), "damaged");
    }
    try (PluginHost<Object> host = builder().build()) {
      ReloadReport report = host.reload();
      assertEquals(List.of("dmg"), report.added(), report.toString());
      assertEquals("dmg@1.0.0", Fixtures.greet(host.get("dmg").orElseThrow().provider(), ""));
    }
  }

  @Test
  void theCacheKeepsWhatIsLoadedAndWhatAnUncollectedLayerUsesAndDropsTheRest() throws Exception {
    try (PluginHost<Object> host =
        builder().cacheRetention(Duration.ZERO).unloadCheck(Duration.ZERO).build()) {
      install(zip("c", "1.0.0"), "c");
      host.reload();
      Object v1 = host.get("c").orElseThrow().provider();
      for (int v = 2; v <= 4; v++) {
        install(zip("c", v + ".0.0"), "c");
        host.reload();
      }
      await(
          () -> {
            System.gc();
            host.reload();
            return host.cache().entries() == 2;
          },
          "v2 and v3 are collected and their copies removed: " + host.cache());
      Module m = v1.getClass().getModule();
      Path v1Jar =
          Path.of(
              m.getLayer()
                  .configuration()
                  .findModule(m.getName())
                  .orElseThrow()
                  .reference()
                  .location()
                  .orElseThrow());
      assertTrue(Files.exists(v1Jar), "v1's layer is reachable: its copy stays");
      m = null;
      WeakReference<Object> dropped = new WeakReference<>(v1);
      v1 = null;
      await(
          () -> {
            System.gc();
            return dropped.get() == null;
          },
          "v1 is collected");
      await(
          () -> {
            host.reload();
            return host.cache().entries() == 1;
          },
          "only the loaded copy is left: " + host.cache());
      assertTrue(host.cache().bytes() > 0);
    }
  }

  @Test
  void anUnlistableFolderKeepsItsPluginsHoweverItsPathIsSpelled() throws Exception {
    install(zip("spelled", "1.0.0"), "spelled");
    Path oddly = tmp.resolve("plugins/./../plugins/");
    try (PluginHost<Object> host = TestHosts.builder(tmp, oddly).build()) {
      host.reload();
      Fixtures.deleteTree(plugins);
      ReloadReport report = host.reload();
      assertEquals(List.of("spelled"), report.unchanged(), report.toString());
      assertEquals(Rule.SOURCE, report.failures().get(0).rule());
    }
  }

  @Test
  void aRenamedPluginIsJudgedByWhereItsBytesAreNow() throws Exception {
    install(zip("moved", "1.0.0"), "a");
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      Files.move(plugins.resolve("a.zip"), plugins.resolve("b.zip"));
      assertEquals(List.of("moved"), host.reload().unchanged());
      assertEquals(
          plugins.resolve("b.zip").toAbsolutePath(), host.get("moved").orElseThrow().source());
      // The plugin is deleted; a broken file appears under its old name.
      Files.delete(plugins.resolve("b.zip"));
      Files.writeString(plugins.resolve("a.zip"), "not a zip");
      ReloadReport report = host.reload();
      assertEquals(List.of("moved"), report.removed(), "its stale source no longer keeps it");
      assertEquals(Rule.ARCHIVE, report.failures().get(0).rule());
    }
  }

  private List<Path> cacheEntries() throws IOException {
    try (Stream<Path> list = Files.list(tmp.resolve("cache"))) {
      return list.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .toList();
    }
  }
}
