package dev.augment.tools;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.PluginFailure;
import dev.augment.fixtures.Jars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier and plugins that build on plugins: {@code list} shows the graph a host would build,
 * {@code verify} with a folder settles a plugin's dependencies against it, and alone says it did
 * not. The fixtures are real: a storage plugin with an API module, a dependent that requires it.
 */
class DependencyVerifyTest {

  @TempDir Path tmp;
  private final AtomicInteger jars = new AtomicInteger();
  private Path plugins;
  private Path apiJar;

  private Path jarDir() {
    return tmp.resolve("j" + jars.incrementAndGet());
  }

  /** The storage plugin: module {@code st.api} exporting {@code st.api.Api}, and a provider. */
  private Path storage(Path folder, String version) {
    Path api =
        Jars.of()
            .source("module-info.java", "module st.api { exports st.api; }")
            .source(
                "st/api/Api.java",
                "package st.api; public class Api { public static String value() { return \"v"
                    + version
                    + "\"; } }")
            .moduleVersion(version)
            .writeTo(jarDir().resolve("st.api.jar"));
    return pluginDir(
        folder.resolve("storage-" + version),
        manifest("storage", version, "fixture.vstorage"),
        api,
        greeterJar("fixture.vstorage").writeTo(jarDir()));
  }

  /** A plugin whose module requires {@code st.api}, with the given dependencies. */
  private Path dependent(Path folder, String name, String version, String deps) {
    Path impl =
        greeterJar("fixture.v" + name.replace("-", ""))
            .version(version)
            .requires("st.api", apiJar)
            .body("return st.api.Api.value() + \" \" + who;")
            .writeTo(jarDir());
    return pluginDir(
        folder.resolve(name + "-" + version),
        manifest(name, version, "fixture.v" + name.replace("-", ""), deps),
        impl);
  }

  @BeforeEach
  void folder() throws IOException {
    plugins = Files.createDirectories(tmp.resolve("plugins"));
    // The API the dependents compile against: storage 1.0's; the folder holds storage 1.2.
    apiJar = storage(tmp.resolve("compile"), "1.0.0").resolve("modules/st.api.jar");
    storage(plugins, "1.2.0");
  }

  private static Map<String, VerifyReport> byName(List<VerifyReport> reports) {
    return reports.stream()
        .collect(Collectors.toMap(r -> r.manifest().orElseThrow().name(), r -> r));
  }

  private static List<String> rules(VerifyReport r) {
    return r.problems().stream().map(p -> p.rule().code()).toList();
  }

  @Test
  void listShowsEachDependencyWithTheVersionAHostBuildsOnAndWhoBuildsOnIt() {
    dependent(plugins, "app", "1.0.0", "\"dependencies\":{\"storage\":\"^1.0.0\"}");
    dependent(plugins, "old", "1.0.0", "\"dependencies\":{\"storage\":\"^2.0.0\"}");
    dependent(
        plugins,
        "extra",
        "1.0.0",
        "\"dependencies\":{\"storage\":\"1.x\",\"metrics\":{\"version\":\"*\",\"optional\":true}}");
    Map<String, VerifyReport> list = byName(PluginVerifierTest.verifier().list(plugins));

    VerifyReport app = list.get("app");
    assertEquals(List.of(), rules(app), app.problems().toString());
    DependencyLink onStorage = app.dependencies().get(0);
    assertEquals("storage", onStorage.declared().name());
    assertEquals("^1.0.0", onStorage.declared().range().toString());
    assertEquals(DependencyLink.State.RESOLVED, onStorage.state());
    assertEquals(Optional.of("1.2.0"), onStorage.resolvedVersion());
    assertTrue(app.dependenciesChecked());

    VerifyReport old = list.get("old");
    assertEquals("dependency-incompatible", rules(old).get(0));
    assertEquals(DependencyLink.State.OUT_OF_RANGE, old.dependencies().get(0).state());
    assertEquals("1.2.0", old.dependencies().get(0).found().orElseThrow().version().toString());
    assertEquals(Optional.empty(), old.dependencies().get(0).resolvedVersion());

    VerifyReport extra = list.get("extra");
    assertEquals(List.of(), rules(extra));
    assertEquals(
        List.of(DependencyLink.State.RESOLVED, DependencyLink.State.ABSENT),
        extra.dependencies().stream().map(DependencyLink::state).toList());

    // Only the plugins a host would build on storage count as its dependents.
    assertEquals(List.of("app", "extra"), list.get("storage").dependents());
    assertEquals(List.of(), app.dependents());
  }

  @Test
  void verifyAloneReadsTheDependenciesButSaysItDidNotCheckThem() {
    Path app =
        dependent(
            tmp.resolve("alone"), "app", "1.0.0", "\"dependencies\":{\"storage\":\"^1.0.0\"}");
    VerifyReport report = PluginVerifierTest.verifier().verify(app);
    assertFalse(report.dependenciesChecked());
    assertEquals(DependencyLink.State.UNCHECKED, report.dependencies().get(0).state());
    // Alone, the dependency's module is nowhere: the host's layer does not have it, and no
    // capability of the host grants it.
    assertEquals(
        List.of("resolution", "capability-denied"), rules(report), report.problems().toString());
    assertTrue(report.problems().get(0).message().contains("Module st.api not found"));
  }

  @Test
  void verifyWithTheFolderResolvesTheDependentOnItsDependencysModules() {
    Path app =
        dependent(tmp.resolve("new"), "app", "1.0.0", "\"dependencies\":{\"storage\":\"^1.0.0\"}");
    VerifyReport report = PluginVerifierTest.verifier().verify(app, plugins);
    assertEquals(List.of(), report.problems());
    assertTrue(report.dependenciesChecked());
    assertEquals(Optional.of("1.2.0"), report.dependencies().get(0).resolvedVersion());
    assertEquals(app, report.plugin(), "the path as given");
  }

  @Test
  void verifyWithTheFolderRefusesWithTheRulesAndWordsOfAHost() throws IOException {
    PluginVerifier verifier = PluginVerifierTest.verifier();
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

    VerifyReport missing =
        verifier.verify(
            dependent(elsewhere, "app", "1.0.0", "\"dependencies\":{\"nothing\":\"^1.0.0\"}"),
            plugins);
    PluginFailure first = missing.problems().get(0);
    assertEquals("dependency-missing", first.rule().code());
    assertTrue(
        first.message().startsWith("plugin 'app' (")
            && first
                .message()
                .contains("broke rule [dependency-missing]: depends on 'nothing' ^1.0.0"),
        first.message());
    assertEquals(DependencyLink.State.MISSING, missing.dependencies().get(0).state());
    // Checked to the end all the same: alone, it would say this too.
    assertTrue(rules(missing).contains("resolution"), rules(missing).toString());

    VerifyReport incompatible =
        verifier.verify(
            dependent(elsewhere, "late", "1.0.0", "\"dependencies\":{\"storage\":\"^2.0.0\"}"),
            plugins);
    assertEquals("dependency-incompatible", rules(incompatible).get(0));
    assertTrue(
        incompatible
            .problems()
            .get(0)
            .message()
            .contains("but the plugin folders hold storage@1.2.0"),
        incompatible.problems().get(0).message());

    dependent(plugins, "loop-b", "1.0.0", "\"dependencies\":{\"loop-a\":\"^1.0.0\"}");
    VerifyReport cycle =
        verifier.verify(
            dependent(elsewhere, "loop-a", "1.0.0", "\"dependencies\":{\"loop-b\":\"^1.0.0\"}"),
            plugins);
    assertEquals("dependency-cycle", rules(cycle).get(0));
    assertTrue(
        cycle.problems().get(0).message().contains("loop-a -> loop-b -> loop-a"),
        cycle.problems().get(0).message());
  }

  @Test
  void aRefusedNeighbourRefusesItsDependentAsInAHost() throws IOException {
    Path broken = Files.createDirectories(plugins.resolve("broken"));
    Files.writeString(
        broken.resolve("plugin.manifest.json"),
        manifest("base", "1.0.0", "fixture.vbase", "\"compatibility\":{\"augment\":\">=9.0.0\"}"));
    Path app =
        dependent(tmp.resolve("new"), "app", "1.0.0", "\"dependencies\":{\"base\":\"^1.0.0\"}");
    VerifyReport report = PluginVerifierTest.verifier().verify(app, plugins);
    assertEquals("dependency-failed", rules(report).get(0));
    assertTrue(
        report.problems().get(0).message().contains("(rule [incompatible])"),
        report.problems().get(0).message());
    assertEquals(DependencyLink.State.REFUSED, report.dependencies().get(0).state());
  }

  @Test
  void thePluginVerifiedTakesThePlaceOfItsNamesakeInTheFolder() {
    dependent(plugins, "app", "1.0.0", "\"dependencies\":{\"storage\":\"^1.0.0\"}");
    Path update =
        dependent(tmp.resolve("new"), "app", "1.1.0", "\"dependencies\":{\"storage\":\"^1.2.0\"}");
    VerifyReport report = PluginVerifierTest.verifier().verify(update, plugins);
    assertEquals(List.of(), report.problems(), "no duplicate-name with the version it replaces");
    assertEquals("1.1.0", report.manifest().orElseThrow().version().toString());
  }
}
