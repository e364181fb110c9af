package dev.augment.core;

import static dev.augment.fixtures.Fixtures.greet;
import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.hostLayer;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.Layers;
import dev.augment.fixtures.Fixtures;
import dev.augment.fixtures.Jars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayersTest {

  @TempDir Path tmp;

  private PluginLayer load(Path plugin) {
    return Layers.load(plugin, hostLayer(), tmp.resolve("cache"));
  }

  private Path explicitPlugin(String name, String module) {
    Path jar = greeterJar(module).writeTo(tmp.resolve("jars-" + name));
    return pluginDir(tmp.resolve(name), manifest(name, "1.0.0", module), jar);
  }

  @Test
  void loadsAnExplicitModulePluginIntoItsOwnLayer() {
    try (PluginLayer plugin = load(explicitPlugin("hello", "fixture.hello"))) {
      assertEquals("hello", plugin.manifest().name());
      assertEquals(List.of(hostLayer()), plugin.layer().parents());
      Object greeter = plugin.services(Fixtures.greeterType()).get(0);
      assertEquals("hello world", greet(greeter, "world"));
      assertSame(plugin.layer(), greeter.getClass().getModule().getLayer());
      assertEquals("fixture.hello", greeter.getClass().getModule().getName());
    }
  }

  @Test
  void loadsAPlainJarAsAnAutomaticModule() {
    Path jar = greeterJar("fixture.plain").plain().body("return \"plain \" + who;").writeTo(tmp);
    Path dir = pluginDir(tmp.resolve("plain"), manifest("plain", "1.0.0", "fixture.plain"), jar);
    try (PluginLayer plugin = load(dir)) {
      Object greeter = plugin.services(Fixtures.greeterType()).get(0);
      assertEquals("plain world", greet(greeter, "world"));
      assertTrue(greeter.getClass().getModule().getDescriptor().isAutomatic());
    }
  }

  @Test
  void loadsAZipFromItsExtractedCopyInTheCache() {
    Path zip = Fixtures.zip(explicitPlugin("zipped", "fixture.zipped"), tmp.resolve("z.zip"));
    try (PluginLayer plugin = load(zip)) {
      assertEquals(zip.toAbsolutePath(), plugin.source());
      assertTrue(plugin.directory().startsWith(tmp.resolve("cache")));
      assertEquals(1, plugin.services(Fixtures.greeterType()).size());
    }
  }

  @Test
  void servicesIgnoresProvidersOfParentLayers() {
    try (PluginLayer plugin = load(explicitPlugin("own", "fixture.own"))) {
      // The host's contract module provides a built-in greeter; ServiceLoader sees it too.
      LayersTest.class.getModule().addUses(Fixtures.greeterType());
      List<String> all =
          ServiceLoader.load(plugin.layer(), Fixtures.greeterType()).stream()
              .map(p -> p.type().getName())
              .toList();
      assertTrue(all.contains("fixture.contract.internal.Builtin"), all::toString);
      List<?> own = plugin.services(Fixtures.greeterType());
      assertEquals(1, own.size());
      assertEquals("fixture.own.Impl", own.get(0).getClass().getName());
    }
  }

  @Test
  void stackTraceShowsModuleVersionSourceFileAndLine() {
    Path jar =
        greeterJar("fixture.boom")
            .version("1.2.0")
            .body("throw new IllegalStateException(\"boom\");")
            .writeTo(tmp);
    Path dir = pluginDir(tmp.resolve("boom"), manifest("boom", "1.2.0", "fixture.boom"), jar);
    try (PluginLayer plugin = load(dir)) {
      Object greeter = plugin.services(Fixtures.greeterType()).get(0);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> greet(greeter, "x"));
      String top = e.getStackTrace()[0].toString();
      assertEquals("fixture.boom@1.2.0/fixture.boom.Impl.greet(Impl.java:7)", top);
    }
  }

  @Test
  void twoPluginsBundlingDifferentVersionsOfALibraryEachSeeTheirOwn() {
    Path v1 = Fixtures.libJar(tmp.resolve("lib1"), "1.0.0");
    Path v2 = Fixtures.libJar(tmp.resolve("lib2"), "2.0.0");
    Path a =
        pluginDir(
            tmp.resolve("a"),
            manifest("a", "1.0.0", "fixture.a"),
            greeterJar("fixture.a")
                .requires("fixture.lib", v1)
                .body("return fixture.lib.Lib.version();")
                .writeTo(tmp.resolve("ja")),
            v1);
    Path b =
        pluginDir(
            tmp.resolve("b"),
            manifest("b", "1.0.0", "fixture.b"),
            greeterJar("fixture.b")
                .requires("fixture.lib", v2)
                .body("return fixture.lib.Lib.version();")
                .writeTo(tmp.resolve("jb")),
            v2);
    try (PluginLayer pa = load(a);
        PluginLayer pb = load(b)) {
      assertEquals("1.0.0", greet(pa.services(Fixtures.greeterType()).get(0), ""));
      assertEquals("2.0.0", greet(pb.services(Fixtures.greeterType()).get(0), ""));
      assertNotSame(pa.layer().findLoader("fixture.lib"), pb.layer().findLoader("fixture.lib"));
    }
  }

  @Test
  void refusesAPluginThatCarriesTheContractModule() {
    Path jar = greeterJar("fixture.carrier").writeTo(tmp.resolve("j"));
    Path dir =
        pluginDir(
            tmp.resolve("carrier"),
            manifest("carrier", "1.0.0", "fixture.carrier"),
            jar,
            Fixtures.contractJar());
    PluginLoadException e = assertThrows(PluginLoadException.class, () -> load(dir));
    assertEquals(Rule.SHADOWS_HOST_MODULE, e.rule());
    assertTrue(e.getMessage().contains("'fixture.contract'"), e.getMessage());
    assertTrue(e.getMessage().contains("plugin 'carrier'"), e.getMessage());
    assertEquals("fixture.contract.jar", e.file().getFileName().toString());
  }

  @Test
  void refusesAPluginThatCarriesAnAutomaticModuleNamedLikeAHostModule() throws Exception {
    Path jar = greeterJar("fixture.withslf").writeTo(tmp.resolve("j"));
    Path fakeSlf4j =
        Fixtures.greeterJar("org.slf4j").plain().withoutProvider().writeTo(tmp.resolve("s"));
    Path dir =
        pluginDir(
            tmp.resolve("withslf"),
            manifest("withslf", "1.0.0", "fixture.withslf"),
            jar,
            fakeSlf4j);
    PluginLoadException e = assertThrows(PluginLoadException.class, () -> load(dir));
    assertEquals(Rule.SHADOWS_HOST_MODULE, e.rule());
    assertTrue(e.getMessage().contains("'org.slf4j'"), e.getMessage());
    assertTrue(Files.exists(e.file()));
  }

  @Test
  void refusesTwoJarsHoldingOneModule() {
    Path one = greeterJar("fixture.twin").writeTo(tmp.resolve("one"));
    Path other = greeterJar("fixture.twin").version("2.0.0").writeTo(tmp.resolve("other"));
    Path dir =
        pluginDir(tmp.resolve("twin"), manifest("twin", "1.0.0", "fixture.twin"), one, other);
    PluginLoadException e = assertThrows(PluginLoadException.class, () -> load(dir));
    assertEquals(Rule.LAYOUT, e.rule());
    assertTrue(e.getMessage().contains("holds module 'fixture.twin'"), e.getMessage());
  }

  @Test
  void findsAProviderInABundledModuleThatNothingUses() {
    Path helper = greeterJar("fixture.bundled").writeTo(tmp.resolve("h"));
    Path entry =
        Jars.of()
            .source("module-info.java", "module fixture.entry { }")
            .source("fixture/entry/Marker.java", "package fixture.entry; class Marker {}")
            .writeTo(tmp.resolve("e/fixture.entry.jar"));
    Path dir =
        pluginDir(
            tmp.resolve("bundled"), manifest("bundled", "1.0.0", "fixture.entry"), entry, helper);
    try (PluginLayer plugin = load(dir)) {
      assertEquals(1, plugin.services(Fixtures.greeterType()).size());
    }
  }

  @Test
  void failuresInsideAZipNameTheZip() {
    Path dir =
        pluginDir(
            tmp.resolve("zipped-bad"),
            manifest("zipped-bad", "1.0.0", "fixture.absent"),
            greeterJar("fixture.other").writeTo(tmp.resolve("zb")));
    Path zip = Fixtures.zip(dir, tmp.resolve("zipped-bad.zip"));
    PluginLoadException e = assertThrows(PluginLoadException.class, () -> load(zip));
    assertEquals(zip.toAbsolutePath(), e.file());
    assertTrue(e.getMessage().contains("modules "), e.getMessage());
  }

  @Test
  void refusesAPluginWhoseEntryModuleIsMissing() {
    Path jar = greeterJar("fixture.present").writeTo(tmp.resolve("j"));
    Path dir = pluginDir(tmp.resolve("p"), manifest("p", "1.0.0", "fixture.absent"), jar);
    PluginLoadException e = assertThrows(PluginLoadException.class, () -> load(dir));
    assertEquals(Rule.ENTRY_MODULE, e.rule());
    assertTrue(e.getMessage().contains("[fixture.present]"), e.getMessage());
  }

  @Test
  void refusesAPluginWhoseModulesDoNotResolve() {
    Path lib = Fixtures.libJar(tmp.resolve("lib"), "1.0.0");
    Path jar = greeterJar("fixture.needy").requires("fixture.lib", lib).writeTo(tmp.resolve("j"));
    Path dir = pluginDir(tmp.resolve("needy"), manifest("needy", "1.0.0", "fixture.needy"), jar);
    PluginLoadException e = assertThrows(PluginLoadException.class, () -> load(dir));
    assertEquals(Rule.RESOLUTION, e.rule());
    assertTrue(e.getMessage().contains("fixture.lib"), e.getMessage());
  }

  @Test
  void refusesAPluginWithoutModulesFolderOrJars() throws Exception {
    Path dir = tmp.resolve("empty");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("plugin.manifest.json"), manifest("empty", "1.0.0", "x.y"));
    assertEquals(Rule.LAYOUT, assertThrows(PluginLoadException.class, () -> load(dir)).rule());
    Files.createDirectories(dir.resolve("modules"));
    assertEquals(Rule.LAYOUT, assertThrows(PluginLoadException.class, () -> load(dir)).rule());
    Files.writeString(dir.resolve("modules/broken.jar"), "not a jar");
    assertEquals(Rule.LAYOUT, assertThrows(PluginLoadException.class, () -> load(dir)).rule());
  }

  @Test
  void refusesASourceThatIsNeitherFolderNorZip() throws Exception {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "hi");
    PluginLoadException e = assertThrows(PluginLoadException.class, () -> load(file));
    assertEquals(Rule.SOURCE, e.rule());
    assertEquals(
        Rule.SOURCE,
        assertThrows(PluginLoadException.class, () -> load(tmp.resolve("missing"))).rule());
  }

  @Test
  void wrapsAProviderWhoseConstructorThrows() {
    Path jar =
        greeterJar("fixture.ctor")
            .constructor("throw new IllegalStateException(\"no config\");")
            .writeTo(tmp.resolve("j"));
    Path dir = pluginDir(tmp.resolve("ctor"), manifest("ctor", "1.0.0", "fixture.ctor"), jar);
    try (PluginLayer plugin = load(dir)) {
      PluginLoadException e =
          assertThrows(PluginLoadException.class, () -> plugin.services(Fixtures.greeterType()));
      assertEquals(Rule.PROVIDER_FAILED, e.rule());
      assertTrue(e.getMessage().contains("no config"), e.getMessage());
    }
  }

  @Test
  void aClosedHandleRefusesToServe() {
    PluginLayer plugin = load(explicitPlugin("closing", "fixture.closing"));
    plugin.close();
    plugin.close();
    assertTrue(plugin.isClosed());
    assertThrows(IllegalStateException.class, plugin::layer);
    assertThrows(IllegalStateException.class, () -> plugin.services(Fixtures.greeterType()));
    assertTrue(plugin.toString().contains("closing@1.0.0"));
  }

  @Test
  void defaultCacheIsInTheTemporaryDirectory() {
    assertEquals(
        Path.of(System.getProperty("java.io.tmpdir"), "augment-cache"),
        Layers.defaultCacheDirectory());
  }
}
