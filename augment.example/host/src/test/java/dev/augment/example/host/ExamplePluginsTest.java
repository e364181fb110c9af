package dev.augment.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.Layers;
import dev.augment.core.Plugin;
import dev.augment.core.PluginHost;
import dev.augment.core.PluginLayer;
import dev.augment.core.ReloadReport;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private static final String LANG3 = "org.apache.commons.lang3";

  @TempDir static Path cache;

  private static PluginHost<Route> host;

  @BeforeAll
  static void loadPlugins() {
    host = PluginHost.builder(Route.class).folder(PLUGINS).cacheDirectory(cache).build();
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
  void eachPluginSeesItsOwnCommonsLang3() throws ClassNotFoundException {
    ModuleLayer greeterLayer = layerOf(plugin("greeter"));
    ModuleLayer legacyLayer = layerOf(plugin("legacy"));
    Module greeterLang = greeterLayer.findModule(LANG3).orElseThrow();
    Module legacyLang = legacyLayer.findModule(LANG3).orElseThrow();

    assertTrue(ModuleLayer.boot().findModule(LANG3).isEmpty(), "the host has no commons-lang3");
    assertSame(greeterLayer, greeterLang.getLayer());
    assertSame(legacyLayer, legacyLang.getLayer());
    ModuleDescriptor greeterLangDescriptor = greeterLang.getDescriptor();
    ModuleDescriptor legacyLangDescriptor = legacyLang.getDescriptor();
    assertEquals("3.18.0", greeterLangDescriptor.rawVersion().orElseThrow());
    assertFalse(greeterLangDescriptor.isAutomatic(), "3.18.0 is an explicit module");
    assertEquals("3.12.0", legacyLangDescriptor.rawVersion().orElseThrow());
    assertTrue(legacyLangDescriptor.isAutomatic(), "3.12.0 is a plain jar");

    Class<?> greeterStringUtils = Class.forName(greeterLang, LANG3 + ".StringUtils");
    Class<?> legacyStringUtils = Class.forName(legacyLang, LANG3 + ".StringUtils");
    assertNotSame(greeterStringUtils, legacyStringUtils);
    assertSame(
        plugin("greeter").provider().getClass().getClassLoader(),
        greeterStringUtils.getClassLoader());
    assertSame(
        plugin("legacy").provider().getClass().getClassLoader(),
        legacyStringUtils.getClassLoader());
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
}
