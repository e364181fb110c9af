package dev.augment.it;

import static dev.augment.fixtures.Fixtures.event;
import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static dev.augment.fixtures.Fixtures.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.api.HookFailure;
import dev.augment.core.Capability;
import dev.augment.core.LeakReport;
import dev.augment.core.Plugin;
import dev.augment.core.host.HostDescriptions;
import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import dev.augment.fixtures.Fixtures;
import dev.augment.tools.PluginVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The hostile behaviours of the corpus that only show when plugin code runs: hook handlers that
 * throw, stall or are flooded, teardowns that throw or hang, a leaked thread, reflection at the
 * host's internals with the {@code reflection} permission granted. Each is contained to its plugin
 * while the healthy ones go on. The verifier and {@code augment list} cannot see any of this (they
 * run no plugin code): each test asserts that they pass these plugins.
 */
class HostileBehaviourTest {

  private static final String LOG = "fixture.contract.Probe.LOG.add";
  private static final String FOREVER =
      "while (true) { try { Thread.sleep(1_000); } catch (InterruptedException x) { } }";

  @TempDir Path tmp;
  private Path plugins;

  @BeforeEach
  void clean() throws IOException {
    probe().clear();
    plugins = Files.createDirectories(tmp.resolve("plugins"));
  }

  private PluginHostBuilder<Object> builder() {
    return PluginHost.builder(Fixtures.contract())
        .parentLayer(Fixtures.hostLayer())
        .cacheDirectory(tmp.resolve("cache"))
        .folder(plugins)
        .capability(Capability.named("threads").permits("threads").build())
        .capability(Capability.named("reflective").permits("reflection").build())
        .lifecycleTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1))
        .unloadCheck(Duration.ofSeconds(1));
  }

  @Test
  void hookHandlersThatThrowStallOrAreFloodedFailOnlyTheirPlugin() {
    subscriber(
        "thrower",
        "if (e.text().equals(\"n0\")) throw new IllegalStateException(\"handler broke\");");
    subscriber("staller", FOREVER);
    subscriber("steady", LOG + "(\"steady \" + e.text());");
    try (PluginHost<Object> host = builder().hookQueueCapacity(10_000).build()) {
      host.reload();
      List<HookFailure> failures = new CopyOnWriteArrayList<>();
      host.hooks().listen(HookFailure.class, failures::add);
      // A flood: emit never waits for a plugin, however slow.
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> {
            for (int i = 0; i < 5_000; i++) {
              host.hooks().emit(event("Open", "n" + i));
            }
          });
      await(() -> probe().size() == 5_000);
      assertEquals("steady n4999", probe().get(4_999), "in order, none lost");
      // A stalled handler costs emitAndWait one budget, once, and never stalls the caller.
      assertTimeoutPreemptively(
          Duration.ofSeconds(20), () -> host.hooks().emitAndWait(event("Open", "last")));
      assertTimeoutPreemptively(
          Duration.ofSeconds(2), () -> host.hooks().emitAndWait(event("Open", "after")));
      assertEquals(List.of("steady last", "steady after"), probe().subList(5_000, 5_002));
      await(
          () ->
              failures.stream().anyMatch(f -> f.plugin().equals("staller"))
                  && failures.stream().anyMatch(f -> f.plugin().equals("thrower")));
      assertTrue(
          failures.stream()
              .filter(f -> f.plugin().equals("staller"))
              .allMatch(f -> f.error() instanceof java.util.concurrent.TimeoutException),
          failures::toString);
      assertEquals(
          List.of("staller", "steady", "thrower"),
          host.getAll().stream().map(Plugin::name).sorted().toList(),
          "every plugin stays loaded");
    }
    assertTheStaticChecksPass("thrower", "staller", "steady");
  }

  @Test
  void teardownThatThrowsOrHangsFailsOnlyItsPluginAndCloseReturns() {
    lifecycle("bad-teardown", "", "throw new IllegalStateException(\"teardown broke\");");
    lifecycle("hung-teardown", "", FOREVER);
    lifecycle("calm", "", LOG + "(\"calm torn down\");");
    PluginHost<Object> host = builder().build();
    assertEquals(3, host.reload().added().size());
    assertTimeoutPreemptively(Duration.ofSeconds(15), host::close);
    assertTrue(probe().contains("calm torn down"), probe()::toString);
    assertTheStaticChecksPass("bad-teardown", "hung-teardown", "calm");
  }

  @Test
  void aLeakedThreadIsNamedAfterItsPluginAndTheOthersStay() throws IOException {
    Path jar =
        greeterJar("fixture.hb.leaky")
            .constructor(Fixtures.threadThatNeverStops("hostile-leak"))
            .writeTo(tmp.resolve("jars"));
    pluginDir(
        plugins.resolve("leaky"),
        manifest("leaky", "1.0.0", "fixture.hb.leaky", "\"capabilities\":[\"threads\"]"),
        jar);
    lifecycle("calm", "", "");
    try (PluginHost<Object> host = builder().build()) {
      assertEquals(2, host.reload().added().size());
      Fixtures.deleteTree(plugins.resolve("leaky"));
      assertEquals(List.of("leaky"), host.reload().removed());
      await(() -> host.leaks().stream().anyMatch(l -> l.plugin().equals("leaky")));
      LeakReport leak =
          host.leaks().stream().filter(l -> l.plugin().equals("leaky")).findFirst().orElseThrow();
      assertTrue(leak.suspects().stream().anyMatch(s -> s.contains("hostile-leak")), leak::message);
      assertEquals(List.of("calm"), host.getAll().stream().map(Plugin::name).toList());
    }
  }

  @Test
  void reflectionAtTheHostsInternalsStopsAtTheModuleBoundaryEvenWithThePermission() {
    String internal = "Class.forName(\"dev.augment.core.internal.Text\")";
    Path jar =
        greeterJar("fixture.hb.peeker")
            .body(
                "String a; try { a = \"reached \" + "
                    + internal
                    + ".getDeclaredConstructor().newInstance(); } catch (Throwable t) { a ="
                    + " t.getClass().getName(); }"
                    + " String b; try { b = \"reached \" + "
                    + internal
                    + ".getMethod(\"printable\", String.class).invoke(null, \"x\"); } catch"
                    + " (Throwable t) { b = t.getClass().getName(); }"
                    + " String c; try { java.lang.reflect.Constructor<?> k = "
                    + internal
                    + ".getDeclaredConstructor(); k.setAccessible(true); c = \"reached \" +"
                    + " k.newInstance(); } catch (Throwable t) { c = t.getClass().getName(); }"
                    + " return a + \",\" + b + \",\" + c;")
            .writeTo(tmp.resolve("jars"));
    pluginDir(
        plugins.resolve("peeker"),
        manifest("peeker", "1.0.0", "fixture.hb.peeker", "\"capabilities\":[\"reflective\"]"),
        jar);
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      String outcome = Fixtures.greet(host.get("peeker").orElseThrow().provider(), "x");
      assertEquals(
          "java.lang.IllegalAccessException,java.lang.IllegalAccessException,"
              + "java.lang.reflect.InaccessibleObjectException",
          outcome);
    }
    assertTheStaticChecksPass("peeker");
  }

  /** Runtime behaviour is invisible to the verifier and to {@code list}: they pass the plugins. */
  private void assertTheStaticChecksPass(String... names) {
    Path hostFile = tmp.resolve("host.json");
    HostDescriptions.write(builder().describe(), hostFile);
    PluginVerifier verifier =
        new PluginVerifier(HostDescriptions.read(hostFile), List.of(Fixtures.contractJar()));
    Map<String, JsonNode> listed = EntryPoints.list(hostFile, plugins);
    for (String name : names) {
      assertEquals(List.of(), verifier.verify(plugins.resolve(name)).problems(), name);
      assertTrue(listed.get(name).get("loads").asBoolean(), name + ": " + listed.get(name));
    }
  }

  private void subscriber(String name, String handler) {
    lifecycle(
        name, "context.hooks().on(fixture.contract.Open.class, e -> { " + handler + " });", "");
  }

  private void lifecycle(String name, String setup, String teardown) {
    String module = "fixture.hb." + name.replace("-", "");
    Path jar = greeterJar(module).lifecycle(setup, teardown).writeTo(tmp.resolve("jars"));
    pluginDir(plugins.resolve(name), manifest(name, "1.0.0", module), jar);
  }

  /** Waits for a condition with a generous deadline; the assertion after it says what failed. */
  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
