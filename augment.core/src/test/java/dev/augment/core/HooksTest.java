package dev.augment.core;

import static dev.augment.fixtures.Fixtures.event;
import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static dev.augment.fixtures.Fixtures.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.api.HookFailure;
import dev.augment.api.Subscription;
import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import dev.augment.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HooksTest {

  private static final String LOG = "fixture.contract.Probe.LOG.add";

  @TempDir Path tmp;
  private Path plugins;

  @BeforeEach
  void clean() throws IOException {
    probe().clear();
    plugins = Files.createDirectories(tmp.resolve("plugins"));
  }

  private PluginHostBuilder<Object> builder() {
    return TestHosts.builder(tmp, plugins);
  }

  /** A plugin whose setup subscribes {@code handler} (a lambda body over e) to an event type. */
  private void subscriber(String name, String eventType, String handler, String extraManifest) {
    String module = "fixture.hook" + name;
    Path jar =
        greeterJar(module)
            .lifecycle("context.hooks().on(" + eventType + ".class, e -> { " + handler + " });", "")
            .writeTo(tmp.resolve("j-" + name));
    String json =
        extraManifest == null
            ? manifest(name, "1.0.0", module)
            : manifest(name, "1.0.0", module, extraManifest);
    pluginDir(plugins.resolve(name), json, jar);
  }

  private void subscriber(String name, String eventType, String handler) {
    subscriber(name, eventType, handler, null);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(25);
    }
  }

  @Test
  void coreListenersRunFirstThenPluginsInRegistrationOrder() {
    subscriber("b", "fixture.contract.Open", LOG + "(\"b \" + e.text());");
    subscriber("a", "fixture.contract.Open", LOG + "(\"a \" + e.text());");
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      Subscription core = host.hooks().listen(Object.class, e -> probe().add("core"));
      host.hooks().emitAndWait(event("Open", "x"));
      assertEquals(List.of("core", "a x", "b x"), probe());
      core.close();
      host.hooks().emitAndWait(event("Open", "y"));
      assertEquals(List.of("core", "a x", "b x", "a y", "b y"), probe());
    }
  }

  @Test
  void emitDoesNotWaitAndAStalledPluginDelaysOnlyItself() throws InterruptedException {
    subscriber(
        "slow",
        "fixture.contract.Open",
        "try { Thread.sleep(20_000); } catch (InterruptedException x) { }");
    subscriber("fast", "fixture.contract.Open", LOG + "(\"fast \" + e.text());");
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      long start = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        host.hooks().emit(event("Open", "n" + i));
      }
      long emitMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(emitMillis < 2_000, "emit waited " + emitMillis + " ms for a stalled plugin");
      await(() -> probe().size() == 3);
      assertEquals(List.of("fast n0", "fast n1", "fast n2"), probe(), "order kept per plugin");
    }
  }

  @Test
  void aFailingHandlerIsReportedToEveryoneElseOnceAndTheOthersStillRun()
      throws InterruptedException {
    subscriber(
        "bad",
        "Object",
        "if (e instanceof fixture.contract.Open) throw new"
            + " IllegalStateException(\"handler broke\"); "
            + LOG
            + "(\"bad saw \" + e.getClass().getSimpleName());");
    subscriber("good", "fixture.contract.Open", LOG + "(\"good \" + e.text());");
    subscriber(
        "watcher",
        "dev.augment.api.HookFailure",
        LOG
            + "(\"watcher saw \" + e.plugin() + \" \" + e.error().getMessage());"
            + " throw new IllegalStateException(\"watcher broke too\");");
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      List<HookFailure> coreSaw = new CopyOnWriteArrayList<>();
      host.hooks().listen(HookFailure.class, coreSaw::add);
      host.hooks().emitAndWait(event("Open", "x"));
      await(() -> probe().contains("watcher saw bad handler broke"));
      Thread.sleep(200);
      assertTrue(probe().contains("good x"), probe()::toString);
      assertEquals(1, probe().stream().filter(l -> l.startsWith("watcher saw")).count());
      assertTrue(
          probe().stream().noneMatch(l -> l.startsWith("bad saw")),
          "the failing handler never gets its own failure: " + probe());
      assertEquals(1, coreSaw.size());
      assertEquals("bad", coreSaw.get(0).plugin());
      assertEquals(Fixtures.contractClass("fixture.contract.Open"), coreSaw.get(0).eventType());
    }
  }

  @Test
  void aFailingCoreListenerIsReportedAsTheHost() throws InterruptedException {
    subscriber("watch", "dev.augment.api.HookFailure", LOG + "(\"saw \" + e.plugin());");
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      host.hooks()
          .listen(
              Object.class,
              e -> {
                if (!(e instanceof HookFailure)) {
                  throw new IllegalStateException("core broke");
                }
              });
      host.hooks().emit(event("Open", "x"));
      await(() -> probe().contains("saw host"));
      assertEquals(List.of("saw host"), probe());
    }
  }

  @Test
  void guardedEventsNeedACapability() {
    subscriber(
        "pinger",
        "fixture.contract.Ping",
        LOG + "(\"ping \" + e.text());",
        "\"capabilities\":[\"pings\"]");
    subscriber("sneaky", "fixture.contract.Ping", LOG + "(\"sneaky\");");
    try (PluginHost<Object> host =
        builder()
            .capability(
                Capability.named("pings")
                    .description("observe pings")
                    .events(Fixtures.contractClass("fixture.contract.Ping"))
                    .build())
            .build()) {
      host.reload();
      assertEquals(List.of("pinger"), host.getAll().stream().map(Plugin::name).toList());
      PluginFailure f = host.failures().get(0);
      assertEquals(Rule.SETUP_FAILED, f.rule());
      assertTrue(f.message().contains("may not observe fixture.contract.Ping"), f.message());
      host.hooks().emitAndWait(event("Ping", "p"));
      assertEquals(List.of("ping p"), probe());
    }
  }

  @Test
  void subscribingToASupertypeDoesNotUnlockGuardedEvents() {
    subscriber("wide", "Object", LOG + "(\"wide \" + e.getClass().getSimpleName());");
    try (PluginHost<Object> host =
        builder()
            .capability(
                Capability.named("pings")
                    .events(Fixtures.contractClass("fixture.contract.Ping"))
                    .build())
            .build()) {
      host.reload();
      host.hooks().emitAndWait(event("Ping", "secret"));
      host.hooks().emitAndWait(event("Open", "public"));
      assertEquals(List.of("wide Open"), probe());
    }
  }

  @Test
  void aFullQueueDropsNewEventsForThatPluginOnly() throws InterruptedException {
    subscriber(
        "clogged",
        "fixture.contract.Open",
        "try { Thread.sleep(20_000); } catch (InterruptedException x) { }");
    subscriber("fine", "fixture.contract.Open", LOG + "(\"fine\");");
    try (PluginHost<Object> host = builder().hookQueueCapacity(2).build()) {
      host.reload();
      for (int i = 0; i < 10; i++) {
        host.hooks().emit(event("Open", "n" + i));
      }
      assertTrue(
          host.hooks().dropped("clogged") >= 7, "dropped " + host.hooks().dropped("clogged"));
      await(() -> probe().size() + host.hooks().dropped("fine") >= 10);
      assertEquals(10, probe().size() + host.hooks().dropped("fine"));
      assertEquals(0, host.hooks().dropped("nobody"));
    }
  }
}
