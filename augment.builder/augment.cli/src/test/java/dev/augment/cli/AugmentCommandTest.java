package dev.augment.cli;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.Augment;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.HostDescription;
import dev.augment.core.Version;
import dev.augment.core.host.HostDescriptions;
import dev.augment.fixtures.Fixtures;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Runs the command line in-process on real fixture plugins and checks output and exit codes. */
class AugmentCommandTest {

  @TempDir Path tmp;
  private Path hostFile;
  private String modulePath;
  private Path good;
  private Path bad;

  record Result(int code, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AugmentCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeEach
  void fixtures() {
    hostFile = tmp.resolve("augment-host.json");
    HostDescriptions.write(
        new HostDescription(
            "fixture.contract.Greeter",
            Optional.of("fixture.contract"),
            Optional.of(Version.parse("1.0.0")),
            Augment.version(),
            List.of(
                new HostDescription.CapabilityInfo(
                    "db", "use a database", Set.of("java.sql"), Set.of(), Set.of(), Set.of())),
            Set.of("java.base", "augment.api", "org.slf4j", "fixture.contract"),
            Set.of("augment.api", "augment.core", "org.slf4j", "fixture.contract"),
            BytecodePolicy.defaults().rules()),
        hostFile);
    List<Path> path = new ArrayList<>(List.of(Fixtures.contractJar()));
    path.addAll(List.of(Fixtures.apiJars()));
    modulePath = path.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    good =
        pluginDir(
            tmp.resolve("plugins/good"),
            manifest("good", "1.0.0", "fixture.cligood", "\"capabilities\":[\"db\"]"),
            greeterJar("fixture.cligood").requires("java.sql", null).writeTo(tmp.resolve("jg")));
    bad =
        pluginDir(
            tmp.resolve("plugins/bad"),
            manifest("bad", "1.0.0", "fixture.clibad", "\"capabilities\":[\"root\"]"),
            greeterJar("fixture.clibad")
                .body("System.exit(2); return \"\";")
                .writeTo(tmp.resolve("jb")));
  }

  @Test
  void verifyPassesAGoodPluginWithExitZero() {
    Result r = run("verify", "--host", hostFile.toString(), "-p", modulePath, good.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("OK     good@1.0.0"), r.out());
  }

  @Test
  void verifyListsEveryProblemAndExitsOne() {
    Result r =
        run(
            "verify",
            "--host",
            hostFile.toString(),
            "-p",
            modulePath,
            good.toString(),
            bad.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.out().contains("FAILED bad@1.0.0"), r.out());
    assertTrue(r.out().contains("[unknown-capability]"), r.out());
    assertTrue(r.out().contains("[bytecode-policy]"), r.out());
    assertTrue(r.out().contains("calls java.lang.System.exit"), r.out());
  }

  @Test
  void verifyPrintsJsonAMachineCanRead() throws Exception {
    Result r =
        run("verify", "--json", "--host", hostFile.toString(), "-p", modulePath, bad.toString());
    assertEquals(1, r.code());
    JsonNode reports = Json.MAPPER.readTree(r.out());
    assertEquals("bad", reports.get(0).get("name").asString());
    assertEquals(false, reports.get(0).get("ok").asBoolean());
    assertTrue(reports.get(0).get("problems").size() >= 2, r.out());
    for (JsonNode problem : reports.get(0).get("problems")) {
      String rule = problem.get("rule").asString();
      assertEquals("docs/rules.md#" + rule, problem.get("docs").asString());
      assertTrue(problem.get("fix").asString().length() > 20, "a fix for " + rule + ": " + problem);
    }
  }

  @Test
  void packingAnEmptyModulesFolderSaysItIsEmptyNotMissing() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("empty-plugin/modules")).getParent();
    Files.writeString(dir.resolve("plugin.manifest.json"), "{}");
    Result r = run("pack", dir.toString(), "-o", tmp.resolve("empty.zip").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("its modules/ is empty; put the plugin's jars in it"), r.err());
  }

  @Test
  void everyRuleHasItsFixFromTheRulesPage() {
    for (dev.augment.core.Rule rule : dev.augment.core.Rule.values()) {
      assertTrue(RuleFixes.fix(rule).isPresent(), "docs/rules.md has no fix for " + rule.code());
      assertFalse(RuleFixes.fix(rule).orElseThrow().contains("]("), rule.code());
    }
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, run("verify", good.toString()).code(), "no host description");
    assertEquals(2, run("verify", "--nonsense").code());
    assertEquals(2, run("frobnicate").code());
    assertEquals(2, run("pack", tmp.toString(), "-o", tmp.resolve("x.zip").toString()).code());
    assertEquals(2, run("list", "--host", hostFile.toString(), "--plugins", "/no/such/dir").code());
    assertEquals(0, run("--version").code());
  }

  @Test
  void inspectShowsModulesAndWhatThePluginUses() throws Exception {
    Result r = run("inspect", good.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("module fixture.cligood@1.0.0"), r.out());
    assertTrue(r.out().contains("requires java.sql"), r.out());
    assertTrue(r.out().contains("provides fixture.contract.Greeter with"), r.out());
    assertTrue(r.out().contains("capabilities: [db]"), r.out());
    JsonNode json = Json.MAPPER.readTree(run("inspect", "--json", good.toString()).out());
    assertEquals("fixture.cligood", json.get("entryPoint").asString());
    assertTrue(json.get("requiredModules").toString().contains("java.sql"));
  }

  @Test
  void listShowsWhatAHostWouldLoadAndWhy() throws Exception {
    pluginDir(
        tmp.resolve("plugins/good-old"),
        manifest("good", "0.9.0", "fixture.cligoodold", "\"capabilities\":[\"db\"]"),
        greeterJar("fixture.cligoodold").writeTo(tmp.resolve("jo")));
    Result r =
        run(
            "list",
            "--host",
            hostFile.toString(),
            "-p",
            modulePath,
            "--plugins",
            tmp.resolve("plugins").toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.out().contains("LOAD good@1.0.0 (good)"), r.out());
    assertTrue(r.out().contains("SKIP good@0.9.0 (good-old): duplicate-name"), r.out());
    assertTrue(r.out().contains("SKIP bad@1.0.0 (bad): unknown-capability"), r.out());
    assertTrue(r.out().contains("[bytecode-policy]"), "and every other problem: " + r.out());
    JsonNode json =
        Json.MAPPER.readTree(
            run(
                    "list",
                    "--json",
                    "--host",
                    hostFile.toString(),
                    "-p",
                    modulePath,
                    "--plugins",
                    tmp.resolve("plugins").toString())
                .out());
    for (JsonNode plugin : json) {
      // Every plugin is timed, in the steps a host runs before its code.
      assertTrue(plugin.get("timing").get("prepareMs").asDouble() > 0, plugin.toString());
      assertTrue(plugin.get("timing").has("checkMs"), plugin.toString());
    }
  }

  @Test
  void packWritesAReproducibleZip() throws Exception {
    Path one = tmp.resolve("one.zip");
    Path two = tmp.resolve("out/two.zip");
    assertEquals(0, run("pack", good.toString(), "-o", one.toString()).code());
    assertEquals(0, run("pack", good.toString(), "-o", two.toString()).code());
    assertEquals(-1L, Files.mismatch(one, two), "same input, same bytes");
    Result r = run("verify", "--host", hostFile.toString(), "-p", modulePath, one.toString());
    assertEquals(0, r.code(), r.out());
  }

  @Test
  void watchRepacksOnEveryChange() throws Exception {
    Path into = Files.createDirectories(tmp.resolve("host-plugins"));
    List<Result> result = new ArrayList<>();
    Thread watcher =
        new Thread(
            () ->
                result.add(
                    run("watch", good.toString(), "--into", into.toString(), "--debounce", "100")));
    watcher.start();
    Path zip = into.resolve("good.zip");
    for (int i = 0; i < 100 && !Files.exists(zip); i++) {
      Thread.sleep(50);
    }
    assertTrue(Files.exists(zip), "packed at start");
    byte[] before = Files.readAllBytes(zip);
    Files.writeString(
        good.resolve("plugin.manifest.json"),
        manifest("good", "1.0.1", "fixture.cligood", "\"capabilities\":[\"db\"]"));
    for (int i = 0; i < 200 && java.util.Arrays.equals(before, Files.readAllBytes(zip)); i++) {
      Thread.sleep(50);
    }
    watcher.interrupt();
    watcher.join(5_000);
    try (Stream<Path> files = Files.list(into)) {
      assertEquals(List.of("good.zip"), files.map(p -> p.getFileName().toString()).toList());
    }
    assertTrue(!java.util.Arrays.equals(before, Files.readAllBytes(zip)), "repacked on change");
  }
}
