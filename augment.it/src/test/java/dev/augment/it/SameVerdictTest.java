package dev.augment.it;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.Capability;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginLayer;
import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
import dev.augment.core.host.HostDescriptions;
import dev.augment.core.host.Layers;
import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import dev.augment.fixtures.Fixtures;
import dev.augment.fixtures.Jars;
import dev.augment.tools.PluginVerifier;
import dev.augment.tools.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * One table of broken plugins, judged by every entry point: a {@link PluginHost}, {@link
 * Layers#load}, the {@link PluginVerifier} and {@code augment list --json}. Each must name the same
 * rule with the same words as the host; the verifier may report more, never fewer or other ones.
 *
 * <p>What each entry point cannot see is part of the table: a standalone load knows no
 * capabilities, contract or neighbours; the verifier and {@code list} run no plugin code.
 */
class SameVerdictTest {

  /** The rules only a host applies: a standalone load knows no capabilities, contract or peers. */
  private static final Set<Rule> HOST_ONLY =
      EnumSet.of(
          Rule.UNKNOWN_CAPABILITY,
          Rule.CAPABILITY_DENIED,
          Rule.NO_PROVIDER,
          Rule.AMBIGUOUS_PROVIDER,
          Rule.VALIDATOR,
          Rule.DUPLICATE_NAME,
          Rule.SETUP_FAILED,
          Rule.DEPENDENCY_MISSING,
          Rule.DEPENDENCY_INCOMPATIBLE,
          Rule.DEPENDENCY_FAILED,
          Rule.DEPENDENCY_CYCLE);

  /** The rules about a plugin's neighbours: a verifier given one plugin cannot see them. */
  private static final Set<Rule> NEIGHBOURS =
      EnumSet.of(
          Rule.DUPLICATE_NAME,
          Rule.DEPENDENCY_MISSING,
          Rule.DEPENDENCY_INCOMPATIBLE,
          Rule.DEPENDENCY_FAILED,
          Rule.DEPENDENCY_CYCLE);

  /** Cases of a rule a standalone load applies, but whose check needs the host: its contract. */
  private static final Set<String> NEEDS_THE_CONTRACT = Set.of("other-contract");

  /** The rules that need plugin code to run: the verifier and {@code list} cannot see them. */
  private static final Set<Rule> RUNTIME =
      EnumSet.of(Rule.PROVIDER_FAILED, Rule.VALIDATOR, Rule.SETUP_FAILED);

  /** A plugin of the table, by its file name in the plugin folder. */
  private record Case(String file, Rule rule) {}

  @TempDir static Path tmp;
  private static Path plugins;
  private static final List<Case> CASES = new ArrayList<>();
  private static Map<String, PluginFailure> hostVerdicts;
  private static List<String> hostLoaded;
  private static Path hostFile;

  private static PluginHostBuilder<Object> builder() {
    return PluginHost.builder(Fixtures.contract())
        .parentLayer(Fixtures.hostLayer())
        .cacheDirectory(tmp.resolve("host-cache"))
        .folder(plugins)
        .capability(Capability.named("db").modules("java.sql").build())
        .providerTimeout(Duration.ofSeconds(2))
        .validator(p -> !p.getClass().getName().contains("rejected"));
  }

  @BeforeAll
  static void table() throws IOException {
    plugins = Files.createDirectories(tmp.resolve("plugins"));
    Path jars = Files.createDirectories(tmp.resolve("jars"));

    plugin("good", greeterJar("fixture.sv.good"), "");
    zip("good-zip", greeterJar("fixture.sv.goodzip"));
    CASES.add(new Case("good", null));
    CASES.add(new Case("good-zip.zip", null));

    write("broken.zip", "this is not a zip");
    CASES.add(new Case("broken.zip", Rule.ARCHIVE));
    Fixtures.rawZip(plugins.resolve("escape.zip"), "../outside.txt", "x");
    CASES.add(new Case("escape.zip", Rule.ARCHIVE));

    folder("bad-json", "{ not json", null);
    CASES.add(new Case("bad-json", Rule.MANIFEST));
    folder("no-version", "{\"name\":\"no-version\",\"entryPoint\":\"a.b\",\"meta\":{}}", null);
    CASES.add(new Case("no-version", Rule.MANIFEST));

    folder("no-modules", manifest("no-modules", "1.0.0", "fixture.sv.none"), null);
    CASES.add(new Case("no-modules", Rule.LAYOUT));
    folder("empty-modules", manifest("empty-modules", "1.0.0", "fixture.sv.none"), "modules");
    CASES.add(new Case("empty-modules", Rule.LAYOUT));

    pluginDir(
        plugins.resolve("wrong-entry"),
        manifest("wrong-entry", "1.0.0", "fixture.sv.elsewhere"),
        greeterJar("fixture.sv.wrongentry").writeTo(jars));
    CASES.add(new Case("wrong-entry", Rule.ENTRY_MODULE));

    pluginDir(
        plugins.resolve("shadow"),
        manifest("shadow", "1.0.0", "fixture.sv.shadow"),
        greeterJar("fixture.sv.shadow").writeTo(jars),
        Fixtures.contractJar());
    CASES.add(new Case("shadow", Rule.SHADOWS_HOST_MODULE));

    Path lib = Fixtures.libJar(Files.createDirectories(tmp.resolve("lib")), "1.0.0");
    plugin("missing-lib", greeterJar("fixture.sv.missinglib").requires("fixture.lib", lib), "");
    CASES.add(new Case("missing-lib", Rule.RESOLUTION));
    Path splitA =
        Jars.of()
            .source("module-info.java", "module fixture.sv.splita { }")
            .source("fixture/sv/split/A.java", "package fixture.sv.split; class A {}")
            .writeTo(jars.resolve("splita.jar"));
    pluginDir(
        plugins.resolve("split"),
        manifest("split", "1.0.0", "fixture.sv.split"),
        greeterJar("fixture.sv.split").writeTo(jars),
        splitA);
    CASES.add(new Case("split", Rule.RESOLUTION));

    plugin(
        "too-new", greeterJar("fixture.sv.toonew"), "\"compatibility\":{\"augment\":\">=9.0.0\"}");
    CASES.add(new Case("too-new", Rule.INCOMPATIBLE));
    plugin(
        "other-contract",
        greeterJar("fixture.sv.othercontract"),
        "\"compatibility\":{\"contract\":\"^2.0.0\"}");
    CASES.add(new Case("other-contract", Rule.INCOMPATIBLE));

    plugin("root", greeterJar("fixture.sv.root"), "\"capabilities\":[\"root\"]");
    CASES.add(new Case("root", Rule.UNKNOWN_CAPABILITY));

    plugin("sql", greeterJar("fixture.sv.sql").requires("java.sql", null), "");
    CASES.add(new Case("sql", Rule.CAPABILITY_DENIED));
    plugin(
        "plain-sql",
        greeterJar("fixture.sv.plainsql")
            .plain()
            .body("return String.valueOf(java.sql.DriverManager.getLoginTimeout());"),
        "");
    CASES.add(new Case("plain-sql", Rule.CAPABILITY_DENIED));

    plugin("exit", greeterJar("fixture.sv.exit").body("System.exit(3); return \"\";"), "");
    CASES.add(new Case("exit", Rule.POLICY));
    plugin(
        "plain-exit",
        greeterJar("fixture.sv.plainexit").plain().body("System.exit(3); return \"\";"),
        "");
    CASES.add(new Case("plain-exit", Rule.POLICY));

    plugin("none", greeterJar("fixture.sv.none").withoutProvider(), "");
    CASES.add(new Case("none", Rule.NO_PROVIDER));
    plugin("plain-none", greeterJar("fixture.sv.plainnone").plain().withoutProvider(), "");
    CASES.add(new Case("plain-none", Rule.NO_PROVIDER));
    pluginDir(
        plugins.resolve("two"),
        manifest("two", "1.0.0", "fixture.sv.two"),
        greeterJar("fixture.sv.two").writeTo(jars),
        greeterJar("fixture.sv.twomore").writeTo(jars));
    CASES.add(new Case("two", Rule.AMBIGUOUS_PROVIDER));

    plugin(
        "thrower",
        greeterJar("fixture.sv.thrower").constructor("throw new IllegalStateException(\"no\");"),
        "");
    CASES.add(new Case("thrower", Rule.PROVIDER_FAILED));
    plugin(
        "plain-thrower",
        greeterJar("fixture.sv.plainthrower")
            .plain()
            .constructor("throw new IllegalStateException(\"no\");"),
        "");
    CASES.add(new Case("plain-thrower", Rule.PROVIDER_FAILED));
    plugin("rejected", greeterJar("fixture.sv.rejected"), "");
    CASES.add(new Case("rejected", Rule.VALIDATOR));
    plugin(
        "bad-setup",
        greeterJar("fixture.sv.badsetup")
            .lifecycle("throw new IllegalStateException(\"setup\");", ""),
        "");
    CASES.add(new Case("bad-setup", Rule.SETUP_FAILED));

    pluginDir(
        plugins.resolve("twin-a"),
        manifest("twin", "1.0.0", "fixture.sv.twina"),
        greeterJar("fixture.sv.twina").writeTo(jars));
    pluginDir(
        plugins.resolve("twin-b"),
        manifest("twin", "2.0.0", "fixture.sv.twinb"),
        greeterJar("fixture.sv.twinb").writeTo(jars));
    CASES.add(new Case("twin-a", Rule.DUPLICATE_NAME));
    CASES.add(new Case("twin-b", null));
    // Of two versions of one name, the one in its dependent's range wins, not the highest.
    pluginDir(
        plugins.resolve("pick-a"),
        manifest("pick", "1.0.0", "fixture.sv.picka"),
        greeterJar("fixture.sv.picka").writeTo(jars));
    pluginDir(
        plugins.resolve("pick-b"),
        manifest("pick", "2.0.0", "fixture.sv.pickb"),
        greeterJar("fixture.sv.pickb").writeTo(jars));
    plugin("on-pick", greeterJar("fixture.sv.onpick"), "\"dependencies\":{\"pick\":\"^1.0.0\"}");
    CASES.add(new Case("pick-a", null));
    CASES.add(new Case("pick-b", Rule.DUPLICATE_NAME));
    CASES.add(new Case("on-pick", null));

    plugin("on-good", greeterJar("fixture.sv.ongood"), "\"dependencies\":{\"good\":\"^1.0.0\"}");
    CASES.add(new Case("on-good", null));
    plugin(
        "on-nothing",
        greeterJar("fixture.sv.onnothing"),
        "\"dependencies\":{\"nothing\":\"^1.0.0\"}");
    CASES.add(new Case("on-nothing", Rule.DEPENDENCY_MISSING));
    plugin(
        "on-nothing-optional",
        greeterJar("fixture.sv.onnothingoptional"),
        "\"dependencies\":{\"nothing\":{\"version\":\"^1.0.0\",\"optional\":true}}");
    CASES.add(new Case("on-nothing-optional", null));
    plugin("on-good-2", greeterJar("fixture.sv.ongood2"), "\"dependencies\":{\"good\":\"^2.0.0\"}");
    CASES.add(new Case("on-good-2", Rule.DEPENDENCY_INCOMPATIBLE));
    plugin("on-none", greeterJar("fixture.sv.onnone"), "\"dependencies\":{\"none\":\"^1.0.0\"}");
    CASES.add(new Case("on-none", Rule.DEPENDENCY_FAILED));
    plugin("cycle-a", greeterJar("fixture.sv.cyclea"), "\"dependencies\":{\"cycle-b\":\"^1.0.0\"}");
    plugin("cycle-b", greeterJar("fixture.sv.cycleb"), "\"dependencies\":{\"cycle-a\":\"^1.0.0\"}");
    CASES.add(new Case("cycle-a", Rule.DEPENDENCY_CYCLE));
    CASES.add(new Case("cycle-b", Rule.DEPENDENCY_CYCLE));

    try (PluginHost<Object> host = builder().build()) {
      hostVerdicts = new LinkedHashMap<>();
      host.reload().failures().forEach(f -> hostVerdicts.put(EntryPoints.fileOf(plugins, f), f));
      hostLoaded =
          host.getAll().stream().map(p -> p.source().getFileName().toString()).sorted().toList();
      hostFile = tmp.resolve("host.json");
      HostDescriptions.write(builder().describe(), hostFile);
    }
  }

  /** Every rule a plugin can break is in the table, with a plain-jar variant where one exists. */
  @Test
  void theTableCoversEveryRuleAPluginCanBreakInAFolder() {
    Set<Rule> covered = EnumSet.noneOf(Rule.class);
    CASES.forEach(c -> Optional.ofNullable(c.rule()).ifPresent(covered::add));
    // SOURCE needs a path that is neither a folder nor a zip, which a folder scan never offers: it
    // is checked by itself below.
    Set<Rule> all = EnumSet.allOf(Rule.class);
    all.remove(Rule.SOURCE);
    assertEquals(all, covered);
  }

  @Test
  void theHostRefusesEachPluginWithItsRuleAndLoadsTheHealthyOnes() {
    for (Case c : CASES) {
      if (c.rule() == null) {
        assertTrue(hostLoaded.contains(c.file()), c.file() + " loads: " + hostLoaded);
      } else {
        PluginFailure f = hostVerdicts.get(c.file());
        assertTrue(f != null, c.file() + " is refused: " + hostVerdicts.keySet());
        assertEquals(c.rule(), f.rule(), f.message());
      }
    }
  }

  @Test
  void aStandaloneLoadSaysWhatTheHostSays() {
    for (Case c : CASES) {
      Path path = plugins.resolve(c.file());
      boolean refusedAlone =
          c.rule() != null
              && !HOST_ONLY.contains(c.rule())
              && c.rule() != Rule.PROVIDER_FAILED
              && !NEEDS_THE_CONTRACT.contains(c.file());
      if (refusedAlone) {
        PluginLoadException e =
            assertThrows(PluginLoadException.class, () -> load(path), c.file() + " is refused");
        EntryPoints.assertSame(hostVerdicts.get(c.file()), e.failure());
      } else if (c.rule() == Rule.PROVIDER_FAILED) {
        try (PluginLayer layer = load(path)) {
          PluginLoadException e =
              assertThrows(PluginLoadException.class, () -> layer.services(Fixtures.contract()));
          EntryPoints.assertSame(hostVerdicts.get(c.file()), e.failure());
        }
      } else {
        try (PluginLayer layer = load(path)) {
          assertTrue(!layer.isClosed(), c.file() + " loads alone");
        }
      }
    }
  }

  @Test
  void theVerifierSaysWhatTheHostSaysAndMaySayMore() {
    PluginVerifier verifier =
        new PluginVerifier(HostDescriptions.read(hostFile), List.of(Fixtures.contractJar()));
    for (Case c : CASES) {
      VerifyReport report = verifier.verify(plugins.resolve(c.file()));
      if (c.rule() == null || RUNTIME.contains(c.rule()) || NEIGHBOURS.contains(c.rule())) {
        assertEquals(List.of(), report.problems(), c.file() + " passes the static checks");
      } else {
        EntryPoints.assertContains(report.problems(), hostVerdicts.get(c.file()));
      }
    }
  }

  @Test
  void theVerifierGivenTheFolderSaysWhatTheHostSaysOfDependenciesToo() {
    PluginVerifier verifier =
        new PluginVerifier(HostDescriptions.read(hostFile), List.of(Fixtures.contractJar()));
    int dependencyRules = 0;
    for (Case c : CASES) {
      VerifyReport report = verifier.verify(plugins.resolve(c.file()), plugins);
      if (c.rule() == null || RUNTIME.contains(c.rule()) || c.rule() == Rule.DUPLICATE_NAME) {
        // A plugin verified with its folder takes the place of its namesake, as its update would.
        assertEquals(List.of(), report.problems(), c.file() + " passes the static checks");
      } else {
        EntryPoints.assertContains(report.problems(), hostVerdicts.get(c.file()));
        dependencyRules += NEIGHBOURS.contains(c.rule()) ? 1 : 0;
      }
    }
    assertEquals(5, dependencyRules, "each dependency case was judged with its neighbours");
  }

  @Test
  void augmentListSaysWhatTheHostSaysForTheWholeFolder() {
    Map<String, JsonNode> byFile = EntryPoints.list(hostFile, plugins);
    for (Case c : CASES) {
      JsonNode n = byFile.get(c.file());
      assertTrue(n != null, c.file() + " is listed: " + byFile.keySet());
      if (c.rule() == null || RUNTIME.contains(c.rule())) {
        assertTrue(n.get("loads").asBoolean(), c.file() + " loads: " + n);
      } else {
        EntryPoints.assertListed(n, hostVerdicts.get(c.file()), c.file());
      }
    }
  }

  @Test
  void aPathThatIsNoPluginIsASourceFailureEverywhere() throws IOException {
    Path notes = Files.writeString(tmp.resolve("notes.txt"), "hello");
    Path missing = tmp.resolve("missing.zip");
    PluginVerifier verifier =
        new PluginVerifier(HostDescriptions.read(hostFile), List.of(Fixtures.contractJar()));
    for (Path p : List.of(notes, missing)) {
      PluginLoadException e = assertThrows(PluginLoadException.class, () -> load(p));
      assertEquals(Rule.SOURCE, e.rule());
      assertEquals(List.of(e.failure()), verifier.verify(p).problems());
    }
    assertTrue(
        assertThrows(PluginLoadException.class, () -> load(missing))
            .getMessage()
            .endsWith("does not exist"));
  }

  private static PluginLayer load(Path path) {
    return Layers.load(path, Fixtures.hostLayer(), tmp.resolve("standalone-cache"));
  }

  private static void plugin(String name, Fixtures.GreeterJar jar, String extra)
      throws IOException {
    String module = moduleOf(name);
    String json =
        extra.isEmpty() ? manifest(name, "1.0.0", module) : manifest(name, "1.0.0", module, extra);
    pluginDir(
        plugins.resolve(name), json, jar.writeTo(Files.createDirectories(tmp.resolve("jars"))));
  }

  private static void zip(String name, Fixtures.GreeterJar jar) throws IOException {
    Path folder = tmp.resolve("zips").resolve(name);
    String module = moduleOf(name);
    pluginDir(
        folder,
        manifest(name, "1.0.0", module),
        jar.writeTo(Files.createDirectories(tmp.resolve("jars"))));
    Fixtures.zip(folder, plugins.resolve(name + ".zip"));
  }

  /**
   * The fixture module names above are {@code fixture.sv.} plus the plugin's name without dashes.
   */
  private static String moduleOf(String name) {
    return "fixture.sv." + name.replace("-", "");
  }

  private static void folder(String name, String manifestText, String subfolder)
      throws IOException {
    Path dir = Files.createDirectories(plugins.resolve(name));
    Files.writeString(dir.resolve("plugin.manifest.json"), manifestText);
    if (subfolder != null) {
      Files.createDirectories(dir.resolve(subfolder));
    }
  }

  private static void write(String name, String content) throws IOException {
    Files.writeString(plugins.resolve(name), content);
  }
}
