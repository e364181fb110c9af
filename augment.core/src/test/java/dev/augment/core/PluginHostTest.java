package dev.augment.core;

import static dev.augment.fixtures.Fixtures.greet;
import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.hostLayer;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import dev.augment.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostTest {

  @TempDir Path tmp;

  private PluginHostBuilder<Object> builder(Path... folders) {
    return TestHosts.builder(tmp, folders);
  }

  private Path jar(String module) {
    return greeterJar(module).body("return \"" + module + " \" + who;").writeTo(tmp.resolve("j"));
  }

  private Path good(Path folder, String name, String module) {
    return pluginDir(folder.resolve(name), manifest(name, "1.0.0", module), jar(module));
  }

  private static Map<String, Rule> rules(PluginHost<?> host) {
    return host.failures().stream()
        .collect(Collectors.toMap(PluginFailure::plugin, PluginFailure::rule));
  }

  @Test
  void brokenPluginsAreSkippedWithTheirRuleAndEveryHealthyPluginLoads() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    good(plugins, "alpha", "fixture.alpha");
    Fixtures.zip(good(tmp.resolve("staging"), "beta", "fixture.beta"), plugins.resolve("beta.zip"));
    // bad manifest
    Files.createDirectories(plugins.resolve("badmanifest"));
    Files.writeString(plugins.resolve("badmanifest/plugin.manifest.json"), "{\"name\":1}");
    // no manifest at all
    Files.createDirectories(plugins.resolve("nomanifest"));
    // missing entry module
    pluginDir(plugins.resolve("noentry"), manifest("noentry", "1.0.0", "fixture.nope"), jar("x.y"));
    // no provider of the contract
    pluginDir(
        plugins.resolve("noprovider"),
        manifest("noprovider", "1.0.0", "fixture.noprovider"),
        greeterJar("fixture.noprovider").withoutProvider().writeTo(tmp.resolve("np")));
    // resolution error: requires a module it does not carry
    pluginDir(
        plugins.resolve("unresolved"),
        manifest("unresolved", "1.0.0", "fixture.unresolved"),
        greeterJar("fixture.unresolved")
            .requires("fixture.lib", Fixtures.libJar(tmp.resolve("lib"), "1.0.0"))
            .writeTo(tmp.resolve("un")));
    // provider constructor throws
    pluginDir(
        plugins.resolve("throwing"),
        manifest("throwing", "1.0.0", "fixture.throwing"),
        greeterJar("fixture.throwing")
            .constructor("throw new RuntimeException(\"kaput\");")
            .writeTo(tmp.resolve("th")));
    // an Error from a static initializer
    pluginDir(
        plugins.resolve("erroring"),
        manifest("erroring", "1.0.0", "fixture.erroring"),
        greeterJar("fixture.erroring")
            .constructor("if (true) throw new ExceptionInInitializerError(\"bad static\");")
            .writeTo(tmp.resolve("er")));
    // shadows a host module
    pluginDir(
        plugins.resolve("shadow"),
        manifest("shadow", "1.0.0", "fixture.shadow"),
        jar("fixture.shadow"),
        Fixtures.contractJar());
    // a zip that is not one
    Files.writeString(plugins.resolve("junk.zip"), "not a zip");

    try (PluginHost<Object> host = builder(plugins).build()) {
      ReloadReport report = host.reload();
      assertEquals(List.of("alpha", "beta"), report.loaded());
      assertEquals(
          Map.of(
              "badmanifest", Rule.MANIFEST,
              "nomanifest", Rule.MANIFEST,
              "noentry", Rule.ENTRY_MODULE,
              "noprovider", Rule.NO_PROVIDER,
              "unresolved", Rule.RESOLUTION,
              "throwing", Rule.PROVIDER_FAILED,
              "erroring", Rule.PROVIDER_FAILED,
              "shadow", Rule.SHADOWS_HOST_MODULE,
              "junk.zip", Rule.ARCHIVE),
          rules(host));
      assertEquals(report.failures(), host.failures());
      for (PluginFailure f : host.failures()) {
        assertTrue(f.message().contains("plugin '" + f.plugin() + "'"), f.message());
        assertTrue(f.message().contains(f.file().toString()), f.message());
        assertTrue(f.message().contains("[" + f.rule().code() + "]"), f.message());
      }
      assertEquals(
          "fixture.alpha world", greet(host.get("alpha").orElseThrow().provider(), "world"));
      assertEquals("fixture.beta world", greet(host.get("beta").orElseThrow().provider(), "world"));
    }
  }

  @Test
  void getAllFindAndGetSeeTheLoadedPlugins() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    good(plugins, "one", "fixture.one");
    good(plugins, "two", "fixture.two");
    try (PluginHost<Object> host = builder(plugins).build()) {
      assertEquals(List.of(), host.getAll(), "nothing before the first reload");
      host.reload();
      assertEquals(List.of("one", "two"), host.getAll().stream().map(Plugin::name).toList());
      Plugin<Object> two = host.get("two").orElseThrow();
      assertEquals(plugins.resolve("two").toAbsolutePath(), two.source());
      assertEquals("fixture", two.manifest().meta().get("kind"));
      Object found = host.find(m -> m.name().equals("two")).orElseThrow();
      assertEquals("fixture.two x", greet(found, "x"));
      assertTrue(host.find(m -> m.name().equals("three")).isEmpty());
      assertTrue(host.get("three").isEmpty());
      assertEquals(Fixtures.greeterType(), host.contract());
    }
  }

  @Test
  void duplicateNamesHighestVersionWinsThenScanOrderAndTheLoserIsReported() throws IOException {
    Path first = Files.createDirectories(tmp.resolve("first"));
    Path second = Files.createDirectories(tmp.resolve("second"));
    pluginDir(
        first.resolve("dup-old"),
        manifest("dup", "1.0.0", "fixture.dupold"),
        jar("fixture.dupold"));
    pluginDir(
        second.resolve("dup-new"),
        manifest("dup", "1.1.0", "fixture.dupnew"),
        jar("fixture.dupnew"));
    pluginDir(
        first.resolve("tie-b"), manifest("tie", "2.0.0", "fixture.tieb"), jar("fixture.tieb"));
    pluginDir(
        second.resolve("tie-a"), manifest("tie", "2.0.0", "fixture.tiea"), jar("fixture.tiea"));
    try (PluginHost<Object> host = builder(first, second).build()) {
      host.reload();
      assertEquals("fixture.dupnew x", greet(host.get("dup").orElseThrow().provider(), "x"));
      // equal versions: the first folder given wins, whatever the file names
      assertEquals("fixture.tieb x", greet(host.get("tie").orElseThrow().provider(), "x"));
      List<PluginFailure> failures = host.failures();
      assertEquals(2, failures.size(), failures::toString);
      assertTrue(failures.stream().allMatch(f -> f.rule() == Rule.DUPLICATE_NAME));
      PluginFailure lostDup =
          failures.stream().filter(f -> f.plugin().equals("dup")).findFirst().orElseThrow();
      assertEquals(first.resolve("dup-old").toAbsolutePath(), lostDup.file());
      assertTrue(lostDup.message().contains("dup-new"), lostDup.message());
    }
  }

  @Test
  void aRefusedDuplicateNeverRunsAnyCode() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    pluginDir(
        plugins.resolve("a"), manifest("same", "2.0.0", "fixture.samea"), jar("fixture.samea"));
    pluginDir(
        plugins.resolve("b"),
        manifest("same", "1.0.0", "fixture.sameb"),
        greeterJar("fixture.sameb")
            .constructor("System.setProperty(\"augment.test.ran\", \"yes\");")
            .writeTo(tmp.resolve("sb")));
    try (PluginHost<Object> host = builder(plugins).build()) {
      host.reload();
      assertEquals(null, System.getProperty("augment.test.ran"));
      assertEquals(Rule.DUPLICATE_NAME, host.failures().get(0).rule());
    }
  }

  @Test
  void validatorRejectsProviders() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    good(plugins, "keep", "fixture.keep");
    good(plugins, "drop", "fixture.drop");
    try (PluginHost<Object> host =
        builder(plugins).validator(p -> !p.getClass().getName().contains("drop")).build()) {
      host.reload();
      assertEquals(List.of("keep"), host.getAll().stream().map(Plugin::name).toList());
      assertEquals(Map.of("drop", Rule.VALIDATOR), rules(host));
    }
  }

  @Test
  void aValidatorThatThrowsOnlyFailsThatPlugin() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    good(plugins, "fine", "fixture.fine");
    good(plugins, "picky", "fixture.picky");
    try (PluginHost<Object> host =
        builder(plugins)
            .validator(
                p -> {
                  if (p.getClass().getName().contains("picky")) {
                    throw new IllegalArgumentException("validator blew up");
                  }
                  return true;
                })
            .build()) {
      host.reload();
      assertEquals(List.of("fine"), host.getAll().stream().map(Plugin::name).toList());
      assertEquals(Rule.VALIDATOR, rules(host).get("picky"));
    }
  }

  @Test
  void aPluginWithTwoProvidersIsAmbiguous() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Path second = greeterJar("fixture.twob").writeTo(tmp.resolve("t2"));
    Path first =
        greeterJar("fixture.twoa").requires("fixture.twob", second).writeTo(tmp.resolve("t1"));
    pluginDir(plugins.resolve("two"), manifest("two", "1.0.0", "fixture.twoa"), first, second);
    try (PluginHost<Object> host = builder(plugins).build()) {
      host.reload();
      PluginFailure f = host.failures().get(0);
      assertEquals(Rule.AMBIGUOUS_PROVIDER, f.rule(), f.message());
    }
  }

  @Test
  void reloadKeepsUnchangedPluginsAndReplacesChangedOnes() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    good(plugins, "first", "fixture.first");
    good(plugins, "gone", "fixture.gone2");
    try (PluginHost<Object> host = builder(plugins).build()) {
      host.reload();
      Object before = host.get("first").orElseThrow().provider();
      good(plugins, "second", "fixture.second");
      Fixtures.deleteTree(plugins.resolve("gone"));
      ReloadReport report = host.reload();
      assertEquals(List.of("second"), report.added());
      assertEquals(List.of("gone"), report.removed());
      assertEquals(List.of("first"), report.unchanged());
      assertEquals(List.of("first", "second"), report.loaded());
      assertTrue(before == host.get("first").orElseThrow().provider(), "unchanged: same instance");
      Fixtures.deleteTree(plugins.resolve("first"));
      pluginDir(
          plugins.resolve("first"),
          manifest("first", "1.1.0", "fixture.first"),
          greeterJar("fixture.first").body("return \"changed\";").writeTo(tmp.resolve("jc")));
      ReloadReport changed = host.reload();
      assertEquals(List.of("first"), changed.updated());
      Object after = host.get("first").orElseThrow().provider();
      assertEquals("changed", greet(after, "x"));
      assertTrue(
          before.getClass().getModule().getLayer() != after.getClass().getModule().getLayer());
    }
  }

  @Test
  void aReloadThatFindsNothingChangedKeepsTheSnapshotAndAZipRewrittenInPlaceIsAnUpdate()
      throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Path zip =
        Fixtures.zip(
            good(tmp.resolve("staging"), "zipped", "fixture.zipped"), tmp.resolve("a.zip"));
    Path other =
        Fixtures.zip(
            pluginDir(
                tmp.resolve("staging2/zipped"),
                manifest("zipped", "1.0.1", "fixture.zipped"),
                greeterJar("fixture.zipped")
                    .body("return \"in place\";")
                    .writeTo(tmp.resolve("j2"))),
            tmp.resolve("b.zip"));
    Path installed = Files.copy(zip, plugins.resolve("zipped.zip"));
    try (PluginHost<Object> host = builder(plugins).build()) {
      host.reload();
      List<Plugin<Object>> all = host.getAll();
      ReloadReport nothing = host.reload();
      assertEquals(List.of("zipped"), nothing.unchanged());
      assertSame(all, host.getAll(), "nothing changed: readers keep the very same list");
      // Same path, same file (inode): only the content and the modification time change.
      Files.write(installed, Files.readAllBytes(other));
      Files.setLastModifiedTime(
          installed,
          java.nio.file.attribute.FileTime.fromMillis(
              Files.getLastModifiedTime(installed).toMillis() + 2_000));
      ReloadReport inPlace = host.reload();
      assertEquals(List.of("zipped"), inPlace.updated(), inPlace.toString());
      assertEquals("in place", greet(host.get("zipped").orElseThrow().provider(), "x"));
    }
  }

  @Test
  void aFolderPluginWithAnEmptyModulesFolderIsToldItIsEmptyNotMissing() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Path empty = Files.createDirectories(plugins.resolve("empty/modules"));
    Files.writeString(
        empty.getParent().resolve("plugin.manifest.json"),
        manifest("empty", "1.0.0", "fixture.empty"));
    Files.createDirectories(plugins.resolve("none"));
    Files.writeString(
        plugins.resolve("none/plugin.manifest.json"), manifest("none", "1.0.0", "fixture.none"));
    try (PluginHost<Object> host = builder(plugins).build()) {
      host.reload();
      Map<String, String> messages =
          host.failures().stream()
              .collect(Collectors.toMap(PluginFailure::plugin, PluginFailure::message));
      assertTrue(messages.get("empty").contains("holds no .jar file"), messages.toString());
      assertTrue(messages.get("empty").contains(empty.toString()), messages.toString());
      assertTrue(messages.get("none").contains("has no modules/ folder"), messages.toString());
    }
  }

  @Test
  void aMissingFolderIsReportedAndTheOtherFoldersStillLoad() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    good(plugins, "here", "fixture.here");
    try (PluginHost<Object> host = builder(tmp.resolve("absent"), plugins).build()) {
      host.reload();
      assertEquals(List.of("here"), host.getAll().stream().map(Plugin::name).toList());
      assertEquals(Map.of("absent", Rule.SOURCE), rules(host));
    }
  }

  @Test
  void loadsPluginsInParallel() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    for (int i = 0; i < 6; i++) {
      pluginDir(
          plugins.resolve("p" + i),
          manifest("p" + i, "1.0.0", "fixture.par" + i),
          greeterJar("fixture.par" + i).writeTo(tmp.resolve("par" + i)));
    }
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    try (PluginHost<Object> host =
        builder(plugins)
            .parallelism(3)
            .validator(
                p -> {
                  most.accumulateAndGet(running.incrementAndGet(), Math::max);
                  try {
                    Thread.sleep(300);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  running.decrementAndGet();
                  return true;
                })
            .build()) {
      host.reload();
      assertEquals(6, host.getAll().size());
      assertTrue(most.get() > 1, "plugins were loaded one at a time");
      assertTrue(most.get() <= 3, "more than the parallelism at once: " + most.get());
    }
  }

  @Test
  void aClosedHostHasNoPluginsAndCannotReload() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    good(plugins, "gone", "fixture.gone");
    PluginHost<Object> host = builder(plugins).build();
    host.reload();
    host.close();
    assertEquals(List.of(), host.getAll());
    assertThrows(IllegalStateException.class, host::reload);
  }

  @Test
  void archiveLimitsApplyToEveryZip() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Fixtures.zip(good(tmp.resolve("staging"), "big", "fixture.big"), plugins.resolve("big.zip"));
    try (PluginHost<Object> host = builder(plugins).archiveLimits(1, 1_000_000).build()) {
      host.reload();
      assertEquals(Map.of("big.zip", Rule.ARCHIVE), rules(host));
    }
    assertThrows(IllegalArgumentException.class, () -> builder(plugins).archiveLimits(0, 1));
  }

  @Test
  void builderRefusesBadSettings() {
    assertThrows(IllegalStateException.class, () -> PluginHost.builder(Runnable.class).build());
    assertThrows(
        IllegalArgumentException.class, () -> PluginHost.builder(Runnable.class).parallelism(0));
    assertThrows(NullPointerException.class, () -> PluginHost.builder(null));
  }

  @Test
  void theDefaultParentIsTheContractsLayer() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    good(plugins, "dflt", "fixture.dflt");
    try (PluginHost<Object> host =
        PluginHost.builder(Fixtures.contract())
            .folder(plugins)
            .cacheDirectory(tmp.resolve("cache"))
            .build()) {
      host.reload();
      Object provider = host.get("dflt").orElseThrow().provider();
      assertEquals(List.of(hostLayer()), provider.getClass().getModule().getLayer().parents());
    }
  }
}
