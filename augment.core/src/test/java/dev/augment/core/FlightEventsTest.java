package dev.augment.core;

import static dev.augment.fixtures.Fixtures.event;
import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.PluginHost;
import dev.augment.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a host's own flight recording shows of Augment, and the timings a reload reports. */
class FlightEventsTest {

  @TempDir Path tmp;

  @Test
  void aHostThatNeverRecordsNeverInitializesTheFlightRecorder() throws Exception {
    // In a JVM of its own: this one records. Making the first event would initialize JFR's
    // metadata, about half a second of every start-up.
    Path plugins = Files.createDirectories(tmp.resolve("quiet-plugins"));
    pluginDir(
        plugins.resolve("quiet"),
        manifest("quiet", "1.0.0", "fixture.flightq"),
        greeterJar("fixture.flightq")
            .lifecycle("context.hooks().on(fixture.contract.Open.class, e -> { });", "")
            .writeTo(tmp.resolve("jq")));
    Path log = tmp.resolve("quiet.log");
    Process host =
        CacheProcessesTest.start(
            log,
            List.of("--add-modules", "jdk.jfr"),
            "quiet",
            plugins.toString(),
            tmp.resolve("quiet-cache").toString());
    assertTrue(host.waitFor(2, TimeUnit.MINUTES), "the host process ends");
    String out = Files.readString(log);
    assertEquals(0, host.exitValue(), out);
    assertTrue(out.contains("loaded 1, recorder false"), out);
  }

  @Test
  void aRecordingShowsEachLoadWithItsStepsTheReloadTheHookCallsAndTheUnload() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Path jar =
        greeterJar("fixture.flighta")
            .lifecycle("context.hooks().on(fixture.contract.Open.class, e -> { });", "")
            .writeTo(tmp.resolve("ja"));
    pluginDir(plugins.resolve("flight-a"), manifest("flight-a", "1.2.3", "fixture.flighta"), jar);
    // Refused once its layer exists: its provider throws.
    pluginDir(
        plugins.resolve("flight-b"),
        manifest("flight-b", "1.0.0", "fixture.flightb"),
        greeterJar("fixture.flightb")
            .constructor("throw new IllegalStateException(\"no\");")
            .writeTo(tmp.resolve("jb")));
    Path recorded = tmp.resolve("augment.jfr");
    ReloadReport first;
    try (Recording recording = new Recording()) {
      for (String name : List.of("PluginLoad", "Reload", "PluginUnload", "HookDispatch")) {
        recording.enable("dev.augment." + name).withThreshold(Duration.ZERO);
      }
      recording.start();
      try (PluginHost<Object> host =
          TestHosts.builder(tmp, plugins).unloadCheck(Duration.ofSeconds(20)).build()) {
        first = host.reload();
        host.hooks().emitAndWait(event("Open", "x"));
        Fixtures.deleteTree(plugins.resolve("flight-a"));
        host.reload();
        // The dropped plugin's unload event comes once a collection has unloaded its loader.
        for (int i = 0; i < 200 && !unloadRecorded(recording, recorded); i++) {
          System.gc();
          Thread.sleep(100);
        }
      }
      recording.stop();
      recording.dump(recorded);
    }

    Map<String, List<RecordedEvent>> byType = byType(recorded);
    List<RecordedEvent> loads = byType.get("dev.augment.PluginLoad");
    RecordedEvent a = only(loads, "flight-a");
    assertEquals("1.2.3", a.getString("version"));
    assertEquals("loaded", a.getString("outcome"));
    assertTrue(a.getDuration("provider").toNanos() > 0, a.toString());
    assertTrue(a.getDuration("setup").toNanos() > 0, a.toString());
    assertEquals("provider-failed", only(loads, "flight-b").getString("outcome"));

    List<RecordedEvent> reloads = byType.get("dev.augment.Reload");
    assertEquals(2, reloads.size(), reloads.toString());
    assertEquals(1, reloads.get(0).getInt("added"));
    assertEquals(1, reloads.get(0).getInt("failed"));
    assertEquals(1, reloads.get(1).getInt("removed"));

    RecordedEvent hook = byType.get("dev.augment.HookDispatch").get(0);
    assertEquals("flight-a", hook.getString("plugin"));
    assertEquals("fixture.contract.Open", hook.getString("eventType"));
    assertFalse(hook.getBoolean("failed"));

    List<RecordedEvent> unloads = byType.get("dev.augment.PluginUnload");
    assertFalse(only(unloads, "flight-a").getBoolean("leaked"), unloads.toString());

    // The same timings reach the caller, for the plugins this reload loaded or refused.
    assertEquals(List.of("flight-a", "flight-b"), List.copyOf(first.timings().keySet()));
    LoadTiming t = first.timings().get("flight-a");
    assertEquals(
        t.prepare().plus(t.check()).plus(t.define()).plus(t.provider()).plus(t.setup()), t.total());
    assertTrue(t.check().toNanos() > 0 && t.define().toNanos() > 0, t.toString());
  }

  private static boolean unloadRecorded(Recording recording, Path file) throws IOException {
    recording.dump(file);
    return byType(file).getOrDefault("dev.augment.PluginUnload", List.of()).stream()
        .anyMatch(e -> "flight-a".equals(e.getString("plugin")));
  }

  private static Map<String, List<RecordedEvent>> byType(Path file) throws IOException {
    return RecordingFile.readAllEvents(file).stream()
        .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
  }

  private static RecordedEvent only(List<RecordedEvent> events, String plugin) {
    List<RecordedEvent> of =
        events.stream().filter(e -> plugin.equals(e.getString("plugin"))).toList();
    assertEquals(1, of.size(), events.toString());
    return of.get(0);
  }

  @Test
  void aReloadThatChangesNothingTimesNothing() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    pluginDir(
        plugins.resolve("still"),
        manifest("still", "1.0.0", "fixture.still"),
        greeterJar("fixture.still").writeTo(tmp.resolve("js")));
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      assertEquals(List.of("still"), List.copyOf(host.reload().timings().keySet()));
      assertEquals(Map.of(), host.reload().timings());
    }
  }
}
