package dev.augment.core;

import dev.augment.core.host.PluginHost;
import dev.augment.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A host in a process of its own, for the tests that share one cache between real processes.
 *
 * <ul>
 *   <li>{@code churn PLUGINS CACHE V1 V2 N}: installs V1 and V2 in turn as {@code p.zip}, reloads N
 *       times with a retention of zero, and checks after each reload that the plugin answers with
 *       its version and that the cache copy it runs from exists; exit status 0 when all held.
 *   <li>{@code extract PLUGINS CACHE DIR}: zips DIR with a new counter again and again and reloads,
 *       until it is killed.
 *   <li>{@code quiet PLUGINS CACHE}: reloads, emits one event, empties the folder, reloads, and
 *       prints how many plugins loaded and whether the Flight Recorder was initialized.
 * </ul>
 */
public final class CacheHostMain {

  private CacheHostMain() {}

  public static void main(String[] args) throws Exception {
    Path plugins = Path.of(args[1]);
    Path cache = Path.of(args[2]);
    try (PluginHost<Object> host =
        PluginHost.builder(Fixtures.contract())
            .parentLayer(Fixtures.hostLayer())
            .folder(plugins)
            .cacheDirectory(cache)
            .cacheRetention(Duration.ZERO)
            .unloadCheck(Duration.ZERO)
            .build()) {
      if (args[0].equals("quiet")) {
        int loaded = host.reload().loaded().size();
        host.hooks().emitAndWait(Fixtures.event("Open", "x"));
        try (var entries = Files.list(plugins)) {
          for (Path p : entries.toList()) {
            Fixtures.deleteTree(p);
          }
        }
        host.reload();
        System.out.println(
            "loaded " + loaded + ", recorder " + jdk.jfr.FlightRecorder.isInitialized());
      } else if (args[0].equals("churn")) {
        churn(
            host, plugins, List.of(Path.of(args[3]), Path.of(args[4])), Integer.parseInt(args[5]));
      } else {
        extract(host, plugins, Path.of(args[3]));
      }
    }
  }

  private static void churn(PluginHost<Object> host, Path plugins, List<Path> zips, int n)
      throws Exception {
    for (int i = 0; i < n; i++) {
      install(zips.get(i % 2), plugins.resolve("p.zip"));
      ReloadReport report = host.reload();
      if (!report.failures().isEmpty()) {
        fail("reload " + i + " failed: " + report.failures());
      }
      Plugin<Object> p = host.get("p").orElseThrow(() -> new AssertionError("p is not loaded"));
      String expected = "p@" + p.manifest().version();
      String answer = Fixtures.greet(p.provider(), "");
      if (!answer.equals(expected)) {
        fail("reload " + i + ": " + answer + " instead of " + expected);
      }
      Module module = p.provider().getClass().getModule();
      Path jar =
          Path.of(
              module
                  .getLayer()
                  .configuration()
                  .findModule(module.getName())
                  .orElseThrow()
                  .reference()
                  .location()
                  .orElseThrow());
      if (!Files.exists(jar)) {
        fail("reload " + i + ": the cache copy " + jar + " of the loaded plugin is gone");
      }
    }
    System.out.println("ok " + n);
  }

  private static void extract(PluginHost<Object> host, Path plugins, Path dir) throws Exception {
    for (int i = 0; ; i++) {
      Files.writeString(dir.resolve("counter.txt"), Integer.toString(i));
      Path partial = Fixtures.zip(dir, plugins.resolve(".big.partial"));
      Files.move(partial, plugins.resolve("big.zip"), StandardCopyOption.REPLACE_EXISTING);
      host.reload();
      System.out.println("reloaded " + i);
    }
  }

  private static void install(Path zip, Path target) throws Exception {
    Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
    Files.copy(zip, partial, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void fail(String why) {
    System.err.println(why);
    System.exit(1);
  }
}
