package dev.augment.core;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static dev.augment.fixtures.Fixtures.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.api.CapabilityException;
import dev.augment.api.Environment;
import dev.augment.api.PluginContext;
import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import dev.augment.fixtures.Fixtures;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {

  private static final String LOG = "fixture.contract.Probe.LOG.add";

  @TempDir Path tmp;
  private Path plugins;

  @BeforeEach
  void clean() throws IOException {
    probe().clear();
    Fixtures.kept().clear();
    plugins = Files.createDirectories(tmp.resolve("plugins"));
  }

  private PluginHostBuilder<Object> builder() {
    return TestHosts.builder(tmp, plugins);
  }

  private void plugin(String name, String setup, String teardown, String extraManifest) {
    String module = "fixture.life" + name.replace("-", "");
    Path jar = greeterJar(module).lifecycle(setup, teardown).writeTo(tmp.resolve("j-" + name));
    String json =
        extraManifest == null
            ? manifest(name, "1.0.0", module)
            : manifest(name, "1.0.0", module, extraManifest);
    pluginDir(plugins.resolve(name), json, jar);
  }

  private void plugin(String name, String setup, String teardown) {
    plugin(name, setup, teardown, null);
  }

  @Test
  void setupSeesItsContextAndTeardownRunsOnClose() {
    plugin(
        "life",
        LOG
            + "(\"setup \" + context.plugin().name() + \" \" + context.plugin().version() + \" \""
            + " + context.environment() + \" \" + context.config().string(\"greeting\").orElse(\"-\")"
            + " + \" \" + context.config().string(\"kind\").orElse(\"-\")"
            + " + \" \" + context.logger().getName());",
        LOG + "(\"teardown \" + context.plugin().name());");
    PluginHost<Object> host =
        builder()
            .environment(Environment.DEVELOPMENT)
            .settings("life", Map.of("greeting", "hi"))
            .build();
    host.reload();
    assertEquals(List.of("setup life 1.0.0 DEVELOPMENT hi fixture augment.plugin.life"), probe());
    assertEquals(PluginState.ACTIVE, host.state("life").orElseThrow());
    host.close();
    assertEquals("teardown life", probe().get(1));
    assertTrue(host.state("life").isEmpty());
  }

  @Test
  void aSetupThatThrowsFailsThePluginRunsTeardownAndSparesTheOthers() {
    plugin("bad", "throw new IllegalStateException(\"no database\");", LOG + "(\"teardown bad\");");
    plugin("good", LOG + "(\"setup good\");", "");
    try (PluginHost<Object> host = builder().build()) {
      ReloadReport report = host.reload();
      assertEquals(List.of("good"), report.loaded());
      PluginFailure f = host.failures().get(0);
      assertEquals(Rule.SETUP_FAILED, f.rule());
      assertTrue(f.message().contains("no database"), f.message());
      assertEquals(PluginState.FAILED, host.state("bad").orElseThrow());
      assertTrue(probe().contains("teardown bad"), probe()::toString);
    }
  }

  @Test
  void aSetupThatOverrunsItsBudgetIsFailedAndInterrupted() throws InterruptedException {
    plugin(
        "stuck",
        "try { Thread.sleep(30_000); } catch (InterruptedException e) { "
            + LOG
            + "(\"interrupted\"); }",
        "");
    try (PluginHost<Object> host =
        builder().lifecycleTimeouts(Duration.ofMillis(300), Duration.ofMillis(300)).build()) {
      host.reload();
      PluginFailure f = host.failures().get(0);
      assertEquals(Rule.SETUP_FAILED, f.rule());
      assertTrue(f.message().contains("did not finish within the budget of 300 ms"), f.message());
      for (int i = 0; i < 50 && !probe().contains("interrupted"); i++) {
        Thread.sleep(50);
      }
      assertTrue(probe().contains("interrupted"), "the stuck setup thread was interrupted");
    }
  }

  @Test
  void aTeardownThatThrowsIsLoggedAndUnloadingGoesOn() {
    plugin("grumpy", "", "throw new IllegalStateException(\"will not go\");");
    plugin("polite", "", LOG + "(\"teardown polite\");");
    PluginHost<Object> host = builder().build();
    host.reload();
    Fixtures.deleteTree(plugins.resolve("grumpy"));
    plugin("grumpy", LOG + "(\"grumpy 2\");", "");
    assertEquals(List.of("grumpy"), host.reload().updated(), "the update goes on");
    assertEquals(List.of("grumpy 2"), probe());
    host.close();
    assertEquals(1, probe().stream().filter("teardown polite"::equals).count());
    assertTrue(host.getAll().isEmpty());
  }

  @Test
  void teardownReleasesHooksExecutorAndContextEvenIfThePluginForgets() throws Exception {
    plugin(
        "forgetful",
        "fixture.contract.Probe.KEPT.add(context);"
            + "context.hooks().on(fixture.contract.Open.class, e -> "
            + LOG
            + "(\"open \" + e.text()));"
            + "context.executor().submit(() -> { try { Thread.sleep(60_000); }"
            + " catch (InterruptedException e) { "
            + LOG
            + "(\"task interrupted\"); } });",
        "");
    PluginHost<Object> host = builder().build();
    host.reload();
    host.hooks().emitAndWait(Fixtures.event("Open", "one"));
    assertEquals(List.of("open one"), probe());
    PluginContext context = (PluginContext) Fixtures.kept().get(0);
    host.close();
    host.hooks().emitAndWait(Fixtures.event("Open", "two"));
    assertTrue(probe().contains("task interrupted"), probe()::toString);
    assertTrue(!probe().contains("open two"), "no delivery after teardown");
    assertThrows(IllegalStateException.class, context::hooks);
    assertThrows(IllegalStateException.class, context::executor);
    // A terminated pool's threads may take a moment to exit.
    for (int i = 0; i < 100 && executorThreadsAlive("augment-forgetful-"); i++) {
      Thread.sleep(20);
    }
    assertTrue(!executorThreadsAlive("augment-forgetful-"), "executor threads ended");
  }

  private static boolean executorThreadsAlive(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
  }

  @Test
  void servicesNeedACapabilityThatGrantsThem() {
    Class<?> clockType = Fixtures.contractClass("fixture.contract.Clock");
    Object clock =
        Proxy.newProxyInstance(
            clockType.getClassLoader(), new Class<?>[] {clockType}, (p, m, a) -> 42L);
    plugin(
        "timed",
        LOG + "(\"now \" + context.service(fixture.contract.Clock.class).now());",
        "",
        "\"capabilities\":[\"time\"]");
    plugin(
        "untimed",
        "try { context.service(fixture.contract.Clock.class); } catch"
            + " (dev.augment.api.CapabilityException e) { "
            + LOG
            + "(\"denied: \" + e.getMessage()); }",
        "");
    plugin(
        "greedy",
        "try { context.service(Runnable.class); } catch"
            + " (dev.augment.api.CapabilityException e) { "
            + LOG
            + "(\"none: \" + e.getMessage()); }",
        "",
        "\"capabilities\":[\"runner\"]");
    @SuppressWarnings("unchecked")
    Class<Object> type = (Class<Object>) clockType;
    try (PluginHost<Object> host =
        builder()
            .capability(Capability.named("time").services(clockType).build())
            .capability(Capability.named("runner").services(Runnable.class).build())
            .service(type, clock)
            .build()) {
      host.reload();
      assertTrue(probe().contains("now 42"), probe()::toString);
      assertTrue(
          probe().stream()
              .anyMatch(
                  l ->
                      l.startsWith(
                          "denied: plugin 'untimed' may not obtain fixture.contract.Clock")),
          probe()::toString);
      assertTrue(
          probe().stream().anyMatch(l -> l.startsWith("none: ") && l.contains("offers not")),
          probe()::toString);
    }
    assertEquals(CapabilityException.class.getModule().getName(), "augment.api");
  }

  @Test
  void aStackOverflowInSetupFailsOnlyThatPlugin() {
    plugin(
        "deep",
        "java.util.function.IntUnaryOperator[] f = new java.util.function.IntUnaryOperator[1];"
            + " f[0] = n -> f[0].applyAsInt(n + 1) + 1; f[0].applyAsInt(0);",
        "");
    plugin("shallow", LOG + "(\"shallow\");", "");
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      assertEquals(List.of("shallow"), host.getAll().stream().map(Plugin::name).toList());
      PluginFailure f = host.failures().get(0);
      assertEquals(Rule.SETUP_FAILED, f.rule());
      assertTrue(f.message().contains("StackOverflowError"), f.message());
    }
  }

  @Test
  void builderRefusesBadLifecycleSettings() {
    assertThrows(
        IllegalArgumentException.class,
        () -> builder().lifecycleTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> builder().hookQueueCapacity(0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            builder()
                .capability(Capability.named("x").build())
                .capability(Capability.named("x").build()));
  }
}
