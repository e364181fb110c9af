package dev.augment.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.PluginFailure;
import dev.augment.core.ReloadReport;
import dev.augment.core.Rule;
import dev.augment.core.host.PluginHost;
import dev.augment.example.contract.Route;
import dev.augment.fixtures.Fixtures;
import dev.augment.fixtures.Jars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin whose constructor never returns, next to the four example plugins: the four load, the
 * hanging one is refused within its budget, and the host closes.
 */
class HangingPluginTest {

  private static final Path ALL_PLUGINS =
      Path.of(System.getProperty("host.all-plugins", "target/all-plugins"));
  private static final Duration BUDGET = Duration.ofSeconds(1);

  @TempDir Path tmp;

  @Test
  void aConstructorThatNeverReturnsHoldsUpNoOtherPluginNorClose() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    try (Stream<Path> zips = Files.list(ALL_PLUGINS)) {
      for (Path zip : zips.toList()) {
        Files.copy(zip, plugins.resolve(zip.getFileName()));
      }
    }
    Duration alone = timeToLoad(plugins, tmp.resolve("cache-alone"));
    hangingPlugin(plugins.resolve("hang"));
    PluginHost<Route> host =
        ExampleHost.builder(plugins, Clock.systemUTC())
            .cacheDirectory(tmp.resolve("cache"))
            .providerTimeout(BUDGET)
            .build();
    long start = System.nanoTime();
    ReloadReport report = assertTimeoutPreemptively(Duration.ofSeconds(60), host::reload);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(List.of("accesslog", "greeter", "legacy", "metrics"), report.added());
    PluginFailure f = report.failures().get(0);
    assertEquals("hang", f.plugin());
    assertEquals(Rule.PROVIDER_FAILED, f.rule());
    assertTrue(f.message().contains("did not finish within the budget of 1000 ms"), f.message());
    // The figures the pipeline issue asks for, in one run; the bound is generous for loaded CI
    // machines.
    System.out.println(
        "Loaded the four example plugins in "
            + alone.toMillis()
            + " ms alone, "
            + took.toMillis()
            + " ms next to a plugin that hangs (budget "
            + BUDGET.toMillis()
            + " ms)");
    assertTrue(took.compareTo(BUDGET.plusSeconds(30)) < 0, "took " + took);
    assertTimeoutPreemptively(Duration.ofSeconds(60), host::close);
  }

  private static Duration timeToLoad(Path plugins, Path cache) {
    try (PluginHost<Route> host =
        ExampleHost.builder(plugins, Clock.systemUTC()).cacheDirectory(cache).build()) {
      long start = System.nanoTime();
      assertEquals(4, host.reload().added().size());
      return Duration.ofNanos(System.nanoTime() - start);
    }
  }

  /** A Route plugin whose constructor sleeps forever and ignores interrupts. */
  private void hangingPlugin(Path dir) throws IOException {
    Path contract;
    try {
      contract = Path.of(Route.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Path jar =
        Jars.of()
            .source(
                "module-info.java",
                "module hang.route { requires augment.example.contract;"
                    + " provides dev.augment.example.contract.Route with hang.route.Hang; }")
            .source(
                "hang/route/Hang.java",
                "package hang.route; import dev.augment.example.contract.*; public class Hang"
                    + " implements Route { public Hang() { while (true) { try {"
                    + " Thread.sleep(60_000); } catch (InterruptedException e) { } } }"
                    + " public String path() { return \"/hang\"; }"
                    + " public String handle(Request r) { return \"\"; } }")
            .modulePath(contract)
            .modulePath(Fixtures.apiJars())
            .moduleVersion("1.0.0")
            .writeTo(tmp.resolve("hang.route.jar"));
    Fixtures.pluginDir(dir, Fixtures.manifest("hang", "1.0.0", "hang.route"), jar);
  }
}
