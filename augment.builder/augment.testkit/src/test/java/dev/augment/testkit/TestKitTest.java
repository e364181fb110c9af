package dev.augment.testkit;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.api.CapabilityException;
import dev.augment.api.Environment;
import dev.augment.api.Subscription;
import dev.augment.core.Capability;
import dev.augment.fixtures.Fixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestKitTest {

  @TempDir Path tmp;

  @Test
  void aTestContextCarriesConfigServicesAndAnExecutor() throws Exception {
    Clock clock = Clock.systemUTC();
    try (TestPluginContext context =
        TestPluginContext.named("greeter")
            .version("2.0.0")
            .environment(Environment.PRODUCTION)
            .config("greeting", "Howdy")
            .service(Clock.class, clock)
            .build()) {
      assertEquals("greeter", context.plugin().name());
      assertEquals("2.0.0", context.plugin().version());
      assertEquals(Environment.PRODUCTION, context.environment());
      assertEquals("Howdy", context.config().string("greeting").orElseThrow());
      assertTrue(context.config().get("absent").isEmpty());
      assertEquals(clock, context.service(Clock.class));
      assertThrows(CapabilityException.class, () -> context.service(Runnable.class));
      assertEquals("augment.plugin.greeter", context.logger().getName());
      assertEquals(42, context.executor().submit(() -> 42).get(5, TimeUnit.SECONDS));
      context.close();
      assertTrue(context.executor().isShutdown());
    }
  }

  @Test
  void theHookRecorderDeliversRecordsAndKeepsFailures() {
    HookRecorder hooks = new HookRecorder();
    StringBuilder seen = new StringBuilder();
    Subscription s = hooks.on(CharSequence.class, seen::append);
    hooks.on(
        String.class,
        e -> {
          throw new IllegalStateException("handler broke on " + e);
        });
    assertTrue(hooks.isSubscribed(String.class));
    assertFalse(hooks.isSubscribed(Integer.class));
    assertEquals(2, hooks.emit("a"));
    assertEquals(0, hooks.emit(7));
    assertEquals("a", seen.toString());
    assertEquals(List.of("a", 7), hooks.emitted());
    assertEquals("handler broke on a", hooks.failures().get(0).getMessage());
    s.close();
    assertEquals(1, hooks.subscriptionCount());
  }

  @Test
  void aCleanPluginUnloads() {
    Path dir =
        pluginDir(
            tmp.resolve("clean"),
            manifest("clean", "1.0.0", "fixture.tkclean"),
            greeterJar("fixture.tkclean").writeTo(tmp.resolve("j1")));
    assertEquals("clean", PluginAssertions.assertUnloadsCleanly(dir, Fixtures.<Object>contract()));
  }

  @Test
  void aPluginThatKeepsAThreadFailsTheUnloadAssertionNamingIt() {
    Path dir =
        pluginDir(
            tmp.resolve("sticky"),
            manifest("sticky", "1.0.0", "fixture.tksticky", "\"capabilities\":[\"threads\"]"),
            greeterJar("fixture.tksticky")
                .constructor(Fixtures.threadThatNeverStops("sticky-worker"))
                .writeTo(tmp.resolve("j2")));
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                PluginAssertions.assertUnloadsCleanly(
                    dir,
                    Fixtures.<Object>contract(),
                    host ->
                        host.capability(Capability.named("threads").permits("threads").build())));
    assertTrue(e.getMessage().contains("'sticky-worker'"), e.getMessage());
  }

  @Test
  void aPluginThatDoesNotLoadFailsTheAssertion() {
    Path dir =
        pluginDir(
            tmp.resolve("broken"),
            manifest("broken", "1.0.0", "fixture.tkbroken"),
            greeterJar("fixture.tkbroken")
                .body("System.exit(1); return \"\";")
                .writeTo(tmp.resolve("j3")));
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> PluginAssertions.assertUnloadsCleanly(dir, Fixtures.<Object>contract()));
    assertTrue(e.getMessage().contains("bytecode-policy"), e.getMessage());
  }

  /**
   * A storage plugin whose module {@code tk.api} a dependent requires; {@code constructor} runs.
   */
  private Path storage(String constructor) {
    Path api =
        dev.augment.fixtures.Jars.of()
            .source("module-info.java", "module tk.api { exports tk.api; }")
            .source(
                "tk/api/Api.java",
                "package tk.api; public class Api { public static String value() { return \"kept\";"
                    + " } }")
            .moduleVersion("1.1.0")
            .writeTo(tmp.resolve("japi/tk.api.jar"));
    return pluginDir(
        tmp.resolve("storage"),
        constructor.isEmpty()
            ? manifest("storage", "1.1.0", "fixture.tkstorage")
            : manifest("storage", "1.1.0", "fixture.tkstorage", "\"capabilities\":[\"threads\"]"),
        api,
        greeterJar("fixture.tkstorage").constructor(constructor).writeTo(tmp.resolve("j4")));
  }

  private Path dependent() {
    return pluginDir(
        tmp.resolve("notes"),
        manifest("notes", "1.0.0", "fixture.tknotes", "\"dependencies\":{\"storage\":\"^1.0.0\"}"),
        greeterJar("fixture.tknotes")
            .requires("tk.api", tmp.resolve("japi/tk.api.jar"))
            .body("return tk.api.Api.value() + who;")
            .writeTo(tmp.resolve("j5")));
  }

  @Test
  void aDependentUnloadsWithItsDependencyInOneHost() {
    Path storage = storage("");
    Path notes = dependent();
    // Alone, the dependent cannot load: the host would refuse it by rule.
    AssertionError alone =
        assertThrows(
            AssertionError.class,
            () -> PluginAssertions.assertUnloadsCleanly(notes, Fixtures.<Object>contract()));
    assertTrue(alone.getMessage().contains("[dependency-missing]"), alone.getMessage());
    assertEquals(
        "notes",
        PluginAssertions.assertUnloadsCleanly(
            notes, List.of(storage), Fixtures.<Object>contract(), host -> {}));
  }

  @Test
  void aDependencyThatLeaksFailsTheDependentsUnloadAssertionNamingIt() {
    Path storage = storage(Fixtures.threadThatNeverStops("storage-worker"));
    Path notes = dependent();
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                PluginAssertions.assertUnloadsCleanly(
                    notes,
                    List.of(storage),
                    Fixtures.<Object>contract(),
                    host ->
                        host.capability(Capability.named("threads").permits("threads").build())));
    assertTrue(
        e.getMessage().contains("plugin 'storage'") && e.getMessage().contains("'storage-worker'"),
        e.getMessage());
  }
}
