package dev.augment.core;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.Layers;
import dev.augment.core.host.PluginHost;
import dev.augment.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin code never stalls the host: static initializers and constructors that sleep forever,
 * ignore interrupts or spin fail only their own plugin, within the provider budget.
 */
class BudgetTest {

  private static final Duration BUDGET = Duration.ofMillis(500);

  /** Generous: a loaded 2-core machine; what matters is that the calls return at all. */
  private static final Duration RETURNS_WITHIN = Duration.ofSeconds(60);

  private static final String SLEEP_FOREVER_IGNORING_INTERRUPTS =
      "while (true) { try { Thread.sleep(60_000); } catch (InterruptedException e) { } }";

  @TempDir Path tmp;
  private Path plugins;

  @BeforeEach
  void folder() throws IOException {
    plugins = Files.createDirectories(tmp.resolve("plugins"));
  }

  private void plugin(String name, Fixtures.GreeterJar jar) {
    String module = "fixture.budget" + name.replace("-", "");
    pluginDir(
        plugins.resolve(name), manifest(name, "1.0.0", module), jar.writeTo(tmp.resolve(name)));
  }

  private static Fixtures.GreeterJar jar(String name) {
    return greeterJar("fixture.budget" + name.replace("-", ""));
  }

  @Test
  void aPluginThatHungIsNotRunAgainUntilItsBytesChange() {
    plugin("hangs", jar("hangs").constructor(SLEEP_FOREVER_IGNORING_INTERRUPTS));
    plugin("fine", jar("fine"));
    try (PluginHost<Object> host =
        TestHosts.builder(tmp, plugins).providerTimeout(BUDGET).build()) {
      assertTimeoutPreemptively(
          RETURNS_WITHIN,
          () -> {
            ReloadReport first = host.reload();
            ReloadReport again = host.reload();
            ReloadReport third = host.reload();
            assertEquals(first.failures(), again.failures(), "the same verdict, word for word");
            assertEquals(first.failures(), third.failures());
            assertEquals(Rule.PROVIDER_FAILED, third.failures().get(0).rule());
            assertTrue(again.timings().isEmpty(), "nothing was run: " + again.timings());
          });
      assertEquals(1, threadsNamed("augment-provider-hangs"), "one abandoned thread, not three");
      // New bytes are a new plugin: they run (and here, hang) again.
      Fixtures.deleteTree(plugins.resolve("hangs"));
      plugin("hangs", jar("hangs").constructor("int v2 = 2; " + SLEEP_FOREVER_IGNORING_INTERRUPTS));
      assertTimeoutPreemptively(RETURNS_WITHIN, () -> host.reload());
      assertEquals(2, threadsNamed("augment-provider-hangs"));
      assertEquals(List.of("fine"), host.getAll().stream().map(Plugin::name).toList());
    }
  }

  private static long threadsNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals(name))
        .count();
  }

  @Test
  void providersThatNeverReturnFailOnlyThemselvesAndNeverHoldUpTheHost() {
    plugin("sleeper", jar("sleeper").constructor(SLEEP_FOREVER_IGNORING_INTERRUPTS));
    plugin(
        "spinner",
        // Spins well past the budget, then stops, so the test JVM gets its core back.
        jar("spinner")
            .constructor(
                "long end = System.nanoTime() + 3_000_000_000L;"
                    + " while (System.nanoTime() < end) { Thread.onSpinWait(); }"));
    plugin(
        "static-init",
        jar("static-init")
            .constructor("fixture.budgetstaticinit.Slow.touch();")
            .source(
                "fixture/budgetstaticinit/Slow.java",
                "package fixture.budgetstaticinit; class Slow { static { hang(); } static void"
                    + " hang() { "
                    + SLEEP_FOREVER_IGNORING_INTERRUPTS
                    + " } static void touch() {} }"));
    plugin(
        "plain-sleeper",
        jar("plain-sleeper").plain().constructor(SLEEP_FOREVER_IGNORING_INTERRUPTS));
    for (String healthy : List.of("one", "two", "three")) {
      plugin(healthy, jar(healthy));
    }
    PluginHost<Object> host =
        TestHosts.builder(tmp, plugins)
            .parallelism(2)
            .providerTimeout(BUDGET)
            .unloadCheck(Duration.ofSeconds(2))
            .build();
    ReloadReport report = assertTimeoutPreemptively(RETURNS_WITHIN, host::reload);
    assertEquals(List.of("one", "three", "two"), report.added());
    Map<String, PluginFailure> failures = new TreeMap<>();
    report.failures().forEach(f -> failures.put(f.plugin(), f));
    assertEquals(
        List.of("plain-sleeper", "sleeper", "spinner", "static-init"),
        List.copyOf(failures.keySet()));
    for (PluginFailure f : failures.values()) {
      assertEquals(Rule.PROVIDER_FAILED, f.rule(), f.message());
      assertTrue(f.message().contains("did not finish within the budget of 500 ms"), f.message());
    }
    // The abandoned threads hold their plugins' loaders: the tracker names them.
    for (int i = 0;
        i < 600 && host.leaks().stream().noneMatch(l -> l.plugin().equals("sleeper"));
        i++) {
      sleep(50);
    }
    LeakReport leak =
        host.leaks().stream().filter(l -> l.plugin().equals("sleeper")).findFirst().orElseThrow();
    assertTrue(
        leak.suspects().stream().anyMatch(s -> s.contains("augment-provider-sleeper")),
        leak.message());
    assertTimeoutPreemptively(RETURNS_WITHIN, host::close);
  }

  @Test
  void aValidatorThatNeverReturnsFailsOnlyThatPlugin() {
    plugin("slow-check", jar("slow-check"));
    plugin("quick", jar("quick"));
    try (PluginHost<Object> host =
        TestHosts.builder(tmp, plugins)
            .providerTimeout(BUDGET)
            .validator(
                p -> {
                  if (p.getClass().getName().contains("slowcheck")) {
                    sleep(60_000);
                  }
                  return true;
                })
            .build()) {
      ReloadReport report = assertTimeoutPreemptively(RETURNS_WITHIN, host::reload);
      assertEquals(List.of("quick"), report.added());
      PluginFailure f = report.failures().get(0);
      assertEquals(Rule.VALIDATOR, f.rule());
      assertTrue(f.message().contains("did not finish within the budget of 500 ms"), f.message());
    }
  }

  @Test
  void aFailingStaticInitializerIsReportedByItsRootCause() {
    plugin(
        "bad-init",
        jar("bad-init")
            .constructor("fixture.budgetbadinit.Boom.touch();")
            .source(
                "fixture/budgetbadinit/Boom.java",
                "package fixture.budgetbadinit; class Boom { static { if (true) throw new"
                    + " IllegalStateException(\"boom\"); } static void touch() {} }"));
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      PluginFailure f = host.reload().failures().get(0);
      assertEquals(Rule.PROVIDER_FAILED, f.rule());
      assertTrue(
          f.message().contains("ExceptionInInitializerError")
              && f.message().contains("caused by java.lang.IllegalStateException: boom"),
          f.message());
    }
  }

  @Test
  void aStandaloneLoadCreatesProvidersUnderTheDefaultBudget() {
    plugin("lonely", jar("lonely").constructor("throw new IllegalStateException(\"no\");"));
    try (PluginLayer layer =
        Layers.load(plugins.resolve("lonely"), Fixtures.hostLayer(), tmp.resolve("cache"))) {
      PluginLoadException e =
          assertThrows(PluginLoadException.class, () -> layer.services(Fixtures.contract()));
      assertEquals(Rule.PROVIDER_FAILED, e.rule());
      assertTrue(e.getMessage().contains("java.lang.IllegalStateException: no"), e.getMessage());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
