package dev.augment.core;

import static dev.augment.core.GraphPlugins.dependsOn;
import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.PluginHost;
import dev.augment.fixtures.Fixtures;
import dev.augment.fixtures.Jars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins that build on plugins, with real layers: each rule, and the healthy plugins beside. */
class DependencyTest {

  @TempDir Path tmp;
  private final AtomicInteger jars = new AtomicInteger();
  private Path plugins;

  @BeforeEach
  void pluginsFolder() throws IOException {
    plugins = Files.createDirectories(tmp.resolve("plugins"));
  }

  private Path jarDir() {
    return tmp.resolve("j" + jars.incrementAndGet());
  }

  /** A library module {@code module} exporting its package, with {@code Api.value()}. */
  private Path apiJar(String module, String value) {
    return Jars.of()
        .source("module-info.java", "module " + module + " { exports " + module + "; }")
        .source(
            module.replace('.', '/') + "/Api.java",
            "package "
                + module
                + "; public class Api { public static String value() { return \""
                + value
                + "\"; } }")
        .moduleVersion("1.0.0")
        .writeTo(jarDir().resolve(module + ".jar"));
  }

  /**
   * The manifest of plugin {@code name}, entry point {@code fixture.<name>}, with {@code extra}.
   */
  private static String manifestOf(String name, String version, String extra) {
    String entryPoint = "fixture." + name;
    return extra.isEmpty()
        ? manifest(name, version, entryPoint)
        : manifest(name, version, entryPoint, extra);
  }

  /** A plugin that carries an API module and a provider of the contract. */
  private Path provider(String name, String version, String api, String value) {
    return provider(name, version, api, value, "");
  }

  private Path provider(String name, String version, String api, String value, String deps) {
    Path apiJar = apiJar(api, value);
    Path impl = greeterJar("fixture." + name).writeTo(jarDir());
    return pluginDir(plugins.resolve(name), manifestOf(name, version, deps), apiJar, impl);
  }

  /** A plugin whose provider calls {@code api.Api.value()}, an API of a plugin it depends on. */
  private Path dependent(String name, String api, Path apiJar, String extra) {
    Path impl =
        greeterJar("fixture." + name)
            .requires(api, apiJar)
            .body("return " + api + ".Api.value() + \" \" + who;")
            .writeTo(jarDir());
    return pluginDir(plugins.resolve(name), manifestOf(name, "1.0.0", extra), impl);
  }

  /** A plugin with a plain provider of the contract and the manifest fields {@code extra}. */
  private Path plugin(String name, String extra) {
    return pluginDir(
        plugins.resolve(name),
        manifestOf(name, "1.0.0", extra),
        greeterJar("fixture." + name).writeTo(jarDir()));
  }

  private Path good(String name) {
    return plugin(name, "");
  }

  /** A plugin {@code storage} with {@code apiJar}, whose provider's constructor throws. */
  private Path failingStorage(String version, Path apiJar) {
    Path impl =
        greeterJar("fixture.storage")
            .constructor("throw new RuntimeException(\"no disk\");")
            .writeTo(jarDir());
    return pluginDir(
        plugins.resolve("storage"), manifest("storage", version, "fixture.storage"), apiJar, impl);
  }

  private static PluginFailure failureOf(PluginHost<?> host, String plugin) {
    return host.failures().stream()
        .filter(f -> f.plugin().equals(plugin))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, Rule> rules(PluginHost<?> host) {
    return host.failures().stream()
        .collect(Collectors.toMap(PluginFailure::plugin, PluginFailure::rule));
  }

  private static Set<String> loaded(PluginHost<?> host) {
    return host.getAll().stream()
        .map(p -> p.manifest().name())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String greet(PluginHost<Object> host, String name) {
    return Fixtures.greet(host.get(name).orElseThrow().provider(), "you");
  }

  @Test
  void aDependentRequiresItsDependencysExportedPackageAndCallsIt() throws IOException {
    Path api = apiJar("st.api", "stored");
    provider("storage", "1.2.0", "st.api", "stored");
    dependent("app", "st.api", api, dependsOn("storage", "^1.0.0"));
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals(Map.of(), rules(host));
      assertEquals("stored you", greet(host, "app"));
      Object app = host.get("app").orElseThrow().provider();
      Object storage = host.get("storage").orElseThrow().provider();
      ModuleLayer appLayer = app.getClass().getModule().getLayer();
      ModuleLayer storageLayer = storage.getClass().getModule().getLayer();
      assertEquals(List.of(storageLayer, Fixtures.hostLayer()), appLayer.parents());
      assertEquals(List.of(Fixtures.hostLayer()), storageLayer.parents());
      assertEquals(
          storageLayer, appLayer.findModule("st.api").orElseThrow().getLayer(), "read from parent");
    }
  }

  @Test
  void aDiamondLoadsWithOneLayerOfTheSharedDependency() throws IOException {
    Path base = apiJar("base.api", "base");
    provider("base", "1.0.0", "base.api", "base");
    Path leftApi = apiJar("left.api", "left");
    Path rightApi = apiJar("right.api", "right");
    String onBase = dependsOn("base", "1.x");
    provider("left", "1.0.0", "left.api", "left", onBase);
    provider("right", "1.0.0", "right.api", "right", onBase);
    Path top =
        greeterJar("fixture.top")
            .requires("left.api", leftApi)
            .requires("right.api", rightApi)
            .body("return left.api.Api.value() + right.api.Api.value() + \" \" + who;")
            .writeTo(jarDir());
    pluginDir(
        plugins.resolve("top"),
        manifest("top", "1.0.0", "fixture.top", dependsOn("left", "^1", "right", "^1")),
        top);
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals(Map.of(), rules(host));
      assertEquals("leftright you", greet(host, "top"));
      ModuleLayer baseLayer =
          host.get("base").orElseThrow().provider().getClass().getModule().getLayer();
      for (String side : List.of("left", "right")) {
        ModuleLayer layer =
            host.get(side).orElseThrow().provider().getClass().getModule().getLayer();
        assertEquals(List.of(baseLayer, Fixtures.hostLayer()), layer.parents(), side);
      }
      assertTrue(base.toFile().exists());
    }
  }

  @Test
  void aFolderWithOnePluginWhoseDependencyIsMissingLoadsEveryOtherPlugin() throws IOException {
    good("alpha");
    good("omega");
    Path api = apiJar("st.api", "stored");
    dependent("app", "st.api", api, dependsOn("storage", "^1.0.0"));
    dependent("onapp", "st.api", api, dependsOn("app", "^1.0.0"));
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals(
          Map.of("app", Rule.DEPENDENCY_MISSING, "onapp", Rule.DEPENDENCY_FAILED), rules(host));
      assertEquals(Set.of("alpha", "omega"), loaded(host));
      PluginFailure missing = failureOf(host, "app");
      assertEquals(plugins.resolve("app/plugin.manifest.json"), missing.file());
      assertTrue(
          missing.message().contains("[dependency-missing]")
              && missing.message().contains("'storage' ^1.0.0")
              && missing.message().contains(plugins.resolve("app").toString()),
          missing.message());
      String failed = failureOf(host, "onapp").message();
      assertTrue(
          failed.contains("'app' ^1.0.0") && failed.contains("[dependency-missing]"), failed);
    }
  }

  @Test
  void aDependencyOutOfRangeFailsOnlyItsDependent() throws IOException {
    good("alpha");
    Path api = apiJar("st.api", "stored");
    provider("storage", "1.2.0", "st.api", "stored");
    dependent("app", "st.api", api, dependsOn("storage", "^2.0.0"));
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals(Map.of("app", Rule.DEPENDENCY_INCOMPATIBLE), rules(host));
      assertEquals(Set.of("alpha", "storage"), loaded(host));
      String message = host.failures().get(0).message();
      assertTrue(
          message.contains("'storage' ^2.0.0") && message.contains("storage@1.2.0"), message);
    }
  }

  @Test
  void aDependencyRefusedWhileLoadingFailsItsDependentsTransitively() throws IOException {
    good("alpha");
    Path apiJar = apiJar("st.api", "stored");
    failingStorage("1.0.0", apiJar);
    dependent("app", "st.api", apiJar, dependsOn("storage", "^1.0.0"));
    dependent("onapp", "st.api", apiJar, dependsOn("app", "^1.0.0"));
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals(
          Map.of(
              "storage", Rule.PROVIDER_FAILED,
              "app", Rule.DEPENDENCY_FAILED,
              "onapp", Rule.DEPENDENCY_FAILED),
          rules(host));
      assertEquals(Set.of("alpha"), loaded(host));
      String message = failureOf(host, "app").message();
      assertTrue(
          message.contains("'storage' ^1.0.0") && message.contains("[provider-failed]"), message);
    }
  }

  @Test
  void aCycleIsRefusedWithTheCycleNamedAndTheRestLoads() throws IOException {
    good("alpha");
    plugin("a", dependsOn("b", "^1.0.0"));
    plugin("b", dependsOn("a", "^1.0.0"));
    plugin("c", dependsOn("a", "^1.0.0"));
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals(
          Map.of(
              "a", Rule.DEPENDENCY_CYCLE,
              "b", Rule.DEPENDENCY_CYCLE,
              "c", Rule.DEPENDENCY_FAILED),
          rules(host));
      assertEquals(Set.of("alpha"), loaded(host));
      String message = failureOf(host, "a").message();
      assertTrue(message.contains("a -> b -> a"), message);
    }
  }

  @Test
  void anOptionalDependencyThatIsAbsentLeavesTheDependentLoadedWithoutIt() throws IOException {
    plugin("app", "\"dependencies\":{\"metrics\":{\"version\":\"^1.0.0\",\"optional\":true}}");
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals(Map.of(), rules(host));
      assertEquals(
          List.of(Fixtures.hostLayer()),
          host.get("app").orElseThrow().provider().getClass().getModule().getLayer().parents());
    }
  }

  @Test
  void aDependentCannotSeeAPluginItDidNotDeclare() throws IOException {
    Path api = apiJar("st.api", "stored");
    provider("storage", "1.0.0", "st.api", "stored");
    dependent("sneaky", "st.api", api, "\"capabilities\":[]");
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals(Set.of("storage"), loaded(host));
      // st.api is in a layer that is not among sneaky's parents: it is not found at all.
      assertEquals(Map.of("sneaky", Rule.RESOLUTION), rules(host));
      String message = host.failures().get(0).message();
      assertTrue(message.contains("st.api"), message);
    }
  }

  @Test
  void aDependentCannotRequireTheDependencyOfItsDependency() throws IOException {
    Path base = apiJar("base.api", "base");
    provider("base", "1.0.0", "base.api", "base");
    provider("mid", "1.0.0", "mid.api", "mid", dependsOn("base", "^1.0.0"));
    dependent("top", "base.api", base, dependsOn("mid", "^1.0.0"));
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals(Set.of("base", "mid"), loaded(host));
      assertEquals(Map.of("top", Rule.CAPABILITY_DENIED), rules(host));
    }
  }

  private static ModuleLayer layerOf(PluginHost<Object> host, String name) {
    return host.get(name).orElseThrow().provider().getClass().getModule().getLayer();
  }

  @Test
  void anUpdateOfADependencyRebuildsItsDependentsAgainstTheNewVersion() throws IOException {
    Path api = apiJar("st.api", "v1");
    provider("storage", "1.0.0", "st.api", "v1");
    dependent("app", "st.api", api, dependsOn("storage", "^1.0.0"));
    good("alpha");
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals("v1 you", greet(host, "app"));
      Object alpha = host.get("alpha").orElseThrow().provider();
      Fixtures.deleteTree(plugins.resolve("storage"));
      provider("storage", "1.1.0", "st.api", "v2");
      ReloadReport report = host.reload();
      assertEquals(List.of(), report.failures());
      assertEquals("v2 you", greet(host, "app"));
      assertEquals(
          List.of(layerOf(host, "storage"), Fixtures.hostLayer()), layerOf(host, "app").parents());
      assertTrue(
          alpha == host.get("alpha").orElseThrow().provider(), "an unrelated plugin is kept");
    }
  }

  @Test
  void aFailedUpdateOfADependencyKeepsItsOldVersionAndItsOldDependents() throws IOException {
    Path api = apiJar("st.api", "v1");
    provider("storage", "1.0.0", "st.api", "v1");
    dependent("app", "st.api", api, dependsOn("storage", "^1.0.0"));
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      Object app = host.get("app").orElseThrow().provider();
      Object storage = host.get("storage").orElseThrow().provider();
      Fixtures.deleteTree(plugins.resolve("storage"));
      failingStorage("1.1.0", apiJar("st.api", "v2"));
      host.reload();
      assertEquals(Rule.PROVIDER_FAILED, rules(host).get("storage"));
      assertTrue(storage == host.get("storage").orElseThrow().provider(), "old dependency kept");
      assertTrue(app == host.get("app").orElseThrow().provider(), "old dependent kept");
      assertEquals("v1 you", greet(host, "app"));
    }
  }

  @Test
  void removingADependencyUnloadsItsDependentsByRule() throws IOException {
    Path api = apiJar("st.api", "v1");
    provider("storage", "1.0.0", "st.api", "v1");
    dependent("app", "st.api", api, dependsOn("storage", "^1.0.0"));
    good("alpha");
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals(Set.of("alpha", "app", "storage"), loaded(host));
      Fixtures.deleteTree(plugins.resolve("storage"));
      ReloadReport report = host.reload();
      assertEquals(Set.of("alpha"), loaded(host));
      assertEquals(Map.of("app", Rule.DEPENDENCY_MISSING), rules(host));
      assertTrue(report.removed().containsAll(List.of("storage", "app")), report.toString());
    }
  }

  @Test
  void anUpdateOfADependencyOutOfADependentsRangeUnloadsTheDependentByRule() throws IOException {
    Path api = apiJar("st.api", "v1");
    provider("storage", "1.0.0", "st.api", "v1");
    dependent("app", "st.api", api, dependsOn("storage", "^1.0.0"));
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      Fixtures.deleteTree(plugins.resolve("storage"));
      provider("storage", "2.0.0", "st.api", "v2");
      ReloadReport report = host.reload();
      assertEquals(Set.of("storage"), loaded(host));
      assertEquals(Map.of("app", Rule.DEPENDENCY_INCOMPATIBLE), rules(host));
      assertTrue(report.removed().contains("app"), report.toString());
    }
  }

  /** A plugin whose module provides the contract and {@code st.api.Codec}, named {@code name}. */
  private Path codec(String name, Path api) {
    String module = "fixture." + name.replace("-", "");
    Path jar =
        Jars.of()
            .source(
                "module-info.java",
                "module "
                    + module
                    + " { requires fixture.contract; requires st.api;"
                    + " provides fixture.contract.Greeter with "
                    + module
                    + ".Impl; provides st.api.Codec with "
                    + module
                    + ".CodecImpl; }")
            .source(
                module.replace('.', '/') + "/Impl.java",
                "package "
                    + module
                    + "; public class Impl implements fixture.contract.Greeter {"
                    + " public String greet(String who) { return who; } }")
            .source(
                module.replace('.', '/') + "/CodecImpl.java",
                "package "
                    + module
                    + "; public class CodecImpl implements st.api.Codec {"
                    + " public String toString() { return \""
                    + name
                    + "\"; } }")
            .modulePath(Fixtures.contractJar(), api)
            .moduleVersion("1.0.0")
            .writeTo(jarDir().resolve(module + ".jar"));
    return pluginDir(
        plugins.resolve(name),
        manifest(name, "1.0.0", module, dependsOn("storage", "^1.0.0")),
        jar);
  }

  @Test
  void theHostCollectsTheProvidersOfAPluginsExtensionPointFromItsDependents() throws Exception {
    Path api =
        Jars.of()
            .source("module-info.java", "module st.api { exports st.api; }")
            .source("st/api/Codec.java", "package st.api; public interface Codec { }")
            .moduleVersion("1.0.0")
            .writeTo(jarDir().resolve("st.api.jar"));
    pluginDir(
        plugins.resolve("storage"),
        manifest("storage", "1.0.0", "fixture.storage"),
        api,
        greeterJar("fixture.storage").writeTo(jarDir()));
    codec("codec-a", api);
    codec("codec-b", api);
    good("alpha");
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals(Map.of(), rules(host));
      Class<?> codecType = layerOf(host, "storage").findLoader("st.api").loadClass("st.api.Codec");
      assertEquals(
          List.of("codec-a", "codec-b"),
          host.extensions(codecType).stream().map(Object::toString).toList());
      Fixtures.deleteTree(plugins.resolve("codec-b"));
      host.reload();
      assertEquals(
          List.of("codec-a"), host.extensions(codecType).stream().map(Object::toString).toList());
      org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> host.extensions(Runnable.class));
    }
  }
}
