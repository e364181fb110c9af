package dev.augment.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.CapabilityAudit;
import dev.augment.core.Plugin;
import dev.augment.core.PluginLayer;
import dev.augment.core.PluginState;
import dev.augment.core.ReloadReport;
import dev.augment.core.host.Layers;
import dev.augment.core.host.PluginHost;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the real plugin zips that the reactor built (copied to {@code target/plugins}) into real
 * layers under this module's layer, the boot layer of the test JVM.
 */
class ExamplePluginsTest {

  private static final Path PLUGINS = Path.of(System.getProperty("host.plugins", "target/plugins"));
  private static final String SEMVER = "com.github.zafarkhaja.semver";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path cache;

  private static PluginHost<Route> host;

  @BeforeAll
  static void loadPlugins() {
    host = ExampleHost.builder(PLUGINS, CLOCK).cacheDirectory(cache).build();
  }

  @AfterAll
  static void closeHost() {
    host.close();
  }

  private static ReloadReport reload() {
    return host.reload();
  }

  private static Plugin<Route> plugin(String name) {
    if (host.getAll().isEmpty()) {
      reload();
    }
    return host.get(name).orElseThrow(() -> new AssertionError("plugin " + name + " not loaded"));
  }

  private static Path zip(String artifactId) throws IOException {
    try (Stream<Path> files = Files.list(PLUGINS)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(artifactId + "-"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + artifactId + " zip in " + PLUGINS));
    }
  }

  private static ModuleLayer layerOf(Plugin<Route> plugin) {
    return plugin.provider().getClass().getModule().getLayer();
  }

  @Test
  void bothPluginZipsLoadWithoutFailures() {
    ReloadReport report = reload();

    assertEquals(List.of("greeter", "legacy"), report.loaded());
    assertEquals(List.of(), report.failures());
    assertEquals(List.of(), host.failures());
  }

  @Test
  void pluginsAnswerTheirRoutes() {
    Route hello = plugin("greeter").provider();
    Route shout = plugin("legacy").provider();

    assertEquals("/hello", hello.path());
    assertEquals("Hello, World!", hello.handle(Request.parse("/hello?name=world")));
    assertEquals("Hello, World!", hello.handle(Request.parse("/hello")));
    assertEquals("/shout", shout.path());
    assertEquals("HELLO AUGMENT", shout.handle(Request.parse("/shout?text=hello%20augment")));
  }

  @Test
  void findMatchesOnManifestMeta() {
    plugin("greeter");

    Route shout = host.find(m -> "/shout".equals(m.meta().get("route"))).orElseThrow();

    assertEquals("/shout", shout.path());
    assertTrue(host.find(m -> "/nothing".equals(m.meta().get("route"))).isEmpty());
  }

  @Test
  void eachPluginSeesItsOwnJavaSemver() throws ClassNotFoundException {
    ModuleLayer greeterLayer = layerOf(plugin("greeter"));
    ModuleLayer legacyLayer = layerOf(plugin("legacy"));
    Module greeterSemver = greeterLayer.findModule(SEMVER).orElseThrow();
    Module legacySemver = legacyLayer.findModule(SEMVER).orElseThrow();

    assertTrue(ModuleLayer.boot().findModule(SEMVER).isEmpty(), "the host has no java-semver");
    assertSame(greeterLayer, greeterSemver.getLayer());
    assertSame(legacyLayer, legacySemver.getLayer());
    ModuleDescriptor greeterDescriptor = greeterSemver.getDescriptor();
    ModuleDescriptor legacyDescriptor = legacySemver.getDescriptor();
    assertEquals("0.10.2", greeterDescriptor.rawVersion().orElseThrow());
    assertEquals("0.10.0", legacyDescriptor.rawVersion().orElseThrow());

    Class<?> greeterVersion = Class.forName(greeterSemver, SEMVER + ".Version");
    Class<?> legacyVersion = Class.forName(legacySemver, SEMVER + ".Version");
    assertNotSame(greeterVersion, legacyVersion);
    assertSame(
        plugin("greeter").provider().getClass().getClassLoader(), greeterVersion.getClassLoader());
    assertSame(
        plugin("legacy").provider().getClass().getClassLoader(), legacyVersion.getClassLoader());
    assertEquals(
        "Hello, World! The next minor version after 1.2.3 is 1.3.0.",
        plugin("greeter").provider().handle(Request.parse("/hello?name=world&since=1.2.3")));
    assertEquals(
        "1.2.3 -> 2.0.0", plugin("legacy").provider().handle(Request.parse("/shout?bump=1.2.3")));
  }

  @Test
  void servicesReturnsOnlyThePluginsOwnRouteNeverTheHosts() throws IOException {
    ModuleLayer hostLayer = Route.class.getModule().getLayer();
    assertTrue(Route.class.getModule().isNamed(), "the contract is on the module path");
    assertSame(hostLayer, HealthRoute.class.getModule().getLayer());

    try (PluginLayer greeter = Layers.load(zip("augment-example-greeter"), hostLayer, cache)) {
      List<Route> routes = greeter.services(Route.class);

      assertEquals(1, routes.size());
      assertEquals("dev.augment.example.greeter.HelloRoute", routes.get(0).getClass().getName());
      assertSame(greeter.layer(), routes.get(0).getClass().getModule().getLayer());
      // A plain ServiceLoader walks the parent layers too: it finds the host's own route.
      List<Class<? extends Route>> seenByServiceLoader =
          ServiceLoader.load(greeter.layer(), Route.class).stream()
              .<Class<? extends Route>>map(ServiceLoader.Provider::type)
              .toList();
      assertTrue(seenByServiceLoader.contains(HealthRoute.class), seenByServiceLoader::toString);
      assertTrue(seenByServiceLoader.contains(routes.get(0).getClass()));
    }
  }

  @Test
  void greeterStackTraceNamesModuleVersionFileAndLine() {
    Plugin<Route> greeter = plugin("greeter");
    String version = greeter.manifest().version().toString();

    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> greeter.provider().handle(Request.parse("/hello?fail=true")));

    StackTraceElement top = failure.getStackTrace()[0];
    assertEquals("augment.example.greeter", top.getModuleName());
    assertEquals(version, top.getModuleVersion());
    assertEquals("HelloRoute.java", top.getFileName());
    assertTrue(top.getLineNumber() > 0, "compiled with line numbers");
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    assertTrue(
        trace
            .toString()
            .contains(
                "augment.example.greeter@"
                    + version
                    + "/dev.augment.example.greeter.HelloRoute.handle(HelloRoute.java:"),
        trace::toString);
  }

  @Test
  void examplePluginsUseTheirCapabilitiesAndAreActive() {
    reload();
    assertEquals(PluginState.ACTIVE, host.state("greeter").orElseThrow());
    assertEquals(PluginState.ACTIVE, host.state("legacy").orElseThrow());
    CapabilityAudit greeter = host.audit("greeter").orElseThrow();
    assertEquals(List.of("clock"), greeter.declared());
    assertTrue(greeter.requiredModules().contains("augment.api"), greeter.toString());
    CapabilityAudit legacy = host.audit("legacy").orElseThrow();
    assertEquals(List.of("http.observe"), legacy.declared());
    assertTrue(legacy.referencedModules().contains("augment.example.contract"), legacy.toString());
  }

  @Test
  void hostSettingsOverrideTheGreetingFromTheManifest() {
    try (PluginHost<Route> custom =
        ExampleHost.builder(PLUGINS, CLOCK)
            .cacheDirectory(cache)
            .settings("greeter", java.util.Map.of("greeting", "Howdy"))
            .build()) {
      custom.reload();
      Route hello = custom.get("greeter").orElseThrow().provider();
      assertEquals("Howdy, World!", hello.handle(Request.parse("/hello?name=world")));
    }
  }

  @Test
  void theLegacyPluginCountsRequestsThroughTheRequestEndHook() throws InterruptedException {
    try (PluginHost<Route> own =
        ExampleHost.builder(PLUGINS, CLOCK).cacheDirectory(cache).build()) {
      own.reload();
      RequestDispatcher dispatcher = new RequestDispatcher(own.hooks(), own::getAll, List.of());
      List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      own.hooks().listen(Object.class, seen::add);
      dispatcher.dispatch(Request.parse("/hello?name=a"));
      dispatcher.dispatch(Request.parse("/hello?name=a"));
      dispatcher.dispatch(Request.parse("/nowhere"));
      Route shout = own.get("legacy").orElseThrow().provider();
      String stats = "";
      for (int i = 0; i < 100 && !stats.equals("requests seen: 3"); i++) {
        Thread.sleep(20);
        stats = shout.handle(Request.parse("/shout?stats=true"));
      }
      assertEquals("requests seen: 3", stats);
      List<String> kinds = seen.stream().map(e -> e.getClass().getSimpleName()).toList();
      assertEquals(
          List.of(
              "RequestStart",
              "CacheMiss",
              "RenderStart",
              "RenderEnd",
              "RequestEnd",
              "RequestStart",
              "CacheHit",
              "RequestEnd",
              "RequestStart",
              "CacheMiss",
              "RequestEnd"),
          kinds);
    }
  }
}
