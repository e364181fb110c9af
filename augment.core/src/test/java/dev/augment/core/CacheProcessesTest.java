package dev.augment.core;

import static dev.augment.fixtures.Fixtures.greet;
import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.PluginHost;
import dev.augment.fixtures.Fixtures;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One cache directory shared by real host processes, and a host killed while it extracts. */
class CacheProcessesTest {

  @TempDir Path tmp;

  private Path zip(String name, String version) {
    String module = "fixture.cp" + name;
    Path dir =
        pluginDir(
            tmp.resolve("src-" + name + version),
            manifest(name, version, module),
            greeterJar(module)
                .version(version)
                .body("return \"" + name + "@" + version + "\";")
                .writeTo(tmp.resolve("jar-" + name + version)));
    return Fixtures.zip(dir, tmp.resolve(name + "-" + version + ".zip"));
  }

  private Process start(Path log, String... args) throws IOException {
    return start(log, List.of(), args);
  }

  /**
   * Starts {@link CacheHostMain} in a JVM of its own, on this test's module and class path.
   *
   * @param log where its output goes
   * @param jvm options for the JVM
   * @param args the arguments of {@link CacheHostMain}
   */
  static Process start(Path log, List<String> jvm, String... args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvm);
    command.add("--module-path");
    command.add(System.getProperty("jdk.module.path"));
    String classPath = System.getProperty("java.class.path");
    String testClasses = classPath.split(File.pathSeparator)[0];
    command.add("--patch-module");
    command.add("augment.core=" + testClasses);
    command.add("--add-reads");
    command.add("augment.core=ALL-UNNAMED");
    command.add("--add-modules");
    command.add("java.compiler");
    command.add("--add-reads");
    command.add("augment.core=java.compiler");
    command.add("-cp");
    command.add(classPath);
    command.add("-m");
    command.add("augment.core/" + CacheHostMain.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  @Test
  void twoHostProcessesSharingOneCacheNeverRemoveWhatTheOtherUses() throws Exception {
    Path v1 = zip("p", "1.0.0");
    Path v2 = zip("p", "2.0.0");
    Path cache = tmp.resolve("shared-cache");
    int reloads = Integer.getInteger("augment.processes.reloads", 40);
    List<Process> hosts = new ArrayList<>();
    for (String who : List.of("a", "b")) {
      Path plugins = Files.createDirectories(tmp.resolve("plugins-" + who));
      hosts.add(
          start(
              tmp.resolve(who + ".log"),
              "churn",
              plugins.toString(),
              cache.toString(),
              who.equals("a") ? v1.toString() : v2.toString(),
              who.equals("a") ? v2.toString() : v1.toString(),
              Integer.toString(reloads)));
    }
    for (int i = 0; i < hosts.size(); i++) {
      Process host = hosts.get(i);
      assertTrue(host.waitFor(5, TimeUnit.MINUTES), "host " + i + " finished");
      String log = Files.readString(tmp.resolve((i == 0 ? "a" : "b") + ".log"));
      assertEquals(0, host.exitValue(), log);
      assertTrue(log.contains("ok " + reloads), log);
    }
    try (Stream<Path> leases = Files.list(cache.resolve(".leases"))) {
      assertEquals(List.of(), leases.toList(), "both hosts gave their leases up");
    }
  }

  @Test
  void aHostKilledWhileExtractingLeavesACacheTheNextStartCanUse() throws Exception {
    Path cache = tmp.resolve("cache");
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Path big = Files.createDirectories(tmp.resolve("big/modules"));
    byte[] noise = new byte[24 * 1024 * 1024];
    new Random(42).nextBytes(noise);
    Files.write(big.resolve("noise.bin"), noise);
    Files.writeString(big.getParent().resolve("plugin.manifest.json"), "{}");
    Process host =
        start(
            tmp.resolve("killed.log"),
            "extract",
            plugins.toString(),
            cache.toString(),
            big.getParent().toString());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    boolean caught = false;
    while (!caught && host.isAlive() && System.nanoTime() < deadline) {
      caught = extracting(cache);
      if (!caught) {
        Thread.sleep(2);
      }
    }
    host.destroyForcibly();
    host.waitFor(1, TimeUnit.MINUTES);
    assertTrue(
        caught,
        "the host was killed in the middle of an extraction: "
            + Files.readString(tmp.resolve("killed.log")));

    Files.delete(plugins.resolve("big.zip"));
    Files.copy(zip("after", "1.0.0"), plugins.resolve("after.zip"));
    try (PluginHost<Object> restarted =
        TestHosts.builder(tmp, plugins).cacheRetention(Duration.ZERO).build()) {
      ReloadReport report = restarted.reload();
      assertEquals(List.of("after"), report.added(), report.toString());
      assertEquals("after@1.0.0", greet(restarted.get("after").orElseThrow().provider(), ""));
      assertTrue(!extracting(cache), "the start swept the half-written extraction");
      try (Stream<Path> leases = Files.list(cache.resolve(".leases"))) {
        assertEquals(1, leases.count(), "the killed host's lease is gone, ours is there");
      }
      assertEquals(1, restarted.cache().entries(), "only the loaded plugin's copy is left");
    }
  }

  private static boolean extracting(Path cache) throws IOException {
    if (!Files.isDirectory(cache)) {
      return false;
    }
    try (Stream<Path> list = Files.list(cache)) {
      return list.anyMatch(p -> p.getFileName().toString().startsWith(".extracting-"));
    } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException racing) {
      return false;
    }
  }
}
