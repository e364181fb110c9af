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
import dev.augment.fixtures.Jars;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code augment list} shows the dependency graph; {@code augment verify --plugins DIR} checks a
 * plugin's dependencies against a folder, and without it says that it did not. Real fixture
 * plugins: storage (an API module and a provider) and dependents whose modules require the API.
 */
class DependencyCommandTest {

  @TempDir Path tmp;
  private Path hostFile;
  private String modulePath;
  private Path plugins;
  private Path api;
  private int jars;

  private record Result(int code, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AugmentCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private Path jarDir() {
    return tmp.resolve("j" + ++jars);
  }

  private Path dependent(Path folder, String name, String deps) {
    String module = "fixture.cd" + name;
    return pluginDir(
        folder.resolve(name),
        manifest(name, "1.0.0", module, deps),
        greeterJar(module)
            .requires("st.api", api)
            .body("return st.api.Api.value() + who;")
            .writeTo(jarDir()));
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
            List.of(),
            Set.of("java.base", "augment.api", "org.slf4j", "fixture.contract"),
            Set.of("augment.api", "augment.core", "org.slf4j", "fixture.contract"),
            BytecodePolicy.defaults().rules()),
        hostFile);
    List<Path> path = new ArrayList<>(List.of(Fixtures.contractJar()));
    path.addAll(List.of(Fixtures.apiJars()));
    modulePath = path.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    plugins = tmp.resolve("plugins");
    api =
        Jars.of()
            .source("module-info.java", "module st.api { exports st.api; }")
            .source(
                "st/api/Api.java",
                "package st.api; public class Api { public static String value() { return \"\"; }"
                    + " }")
            .moduleVersion("1.1.0")
            .writeTo(jarDir().resolve("st.api.jar"));
    pluginDir(
        plugins.resolve("storage"),
        manifest("storage", "1.1.0", "fixture.cdstorage"),
        api,
        greeterJar("fixture.cdstorage").writeTo(jarDir()));
    dependent(plugins, "notes", "\"dependencies\":{\"storage\":\"^1.0.0\"}");
    dependent(plugins, "later", "\"dependencies\":{\"storage\":\"^2.0.0\"}");
  }

  private String[] withHost(String... args) {
    List<String> all = new ArrayList<>(List.of(args[0], "--host", hostFile.toString()));
    all.addAll(List.of("-p", modulePath));
    all.addAll(List.of(args).subList(1, args.length));
    return all.toArray(String[]::new);
  }

  @Test
  void listShowsEachPluginsDependenciesTheVersionChosenAndItsDependents() {
    Result r = run(withHost("list", "--plugins", plugins.toString()));
    assertEquals(1, r.code(), r.out() + r.err());
    List<String> lines = r.out().lines().toList();
    int notes = lines.indexOf("LOAD notes@1.0.0 (notes)");
    assertTrue(notes >= 0, r.out());
    assertEquals("  depends on storage ^1.0.0: storage@1.1.0", lines.get(notes + 1), r.out());
    int later = lines.indexOf("SKIP later@1.0.0 (later): dependency-incompatible");
    assertTrue(later >= 0, r.out());
    assertEquals(
        "  depends on storage ^2.0.0: storage@1.1.0, out of range", lines.get(later + 1), r.out());
    int storage = lines.indexOf("LOAD storage@1.1.0 (storage)");
    assertEquals("  used by notes", lines.get(storage + 1), r.out());
    assertFalse(r.out().contains("note: dependencies"), "list checks them: " + r.out());
  }

  @Test
  void listJsonCarriesTheGraph() throws Exception {
    Result r = run(withHost("list", "--json", "--plugins", plugins.toString()));
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode n : Json.MAPPER.readTree(r.out())) {
      byName.put(n.get("name").asString(), n);
    }
    JsonNode notes = byName.get("notes").get("dependencies").get(0);
    assertEquals("storage", notes.get("name").asString());
    assertEquals("^1.0.0", notes.get("range").asString());
    assertFalse(notes.get("optional").asBoolean());
    assertEquals("resolved", notes.get("state").asString());
    assertEquals("1.1.0", notes.get("resolved").asString());
    JsonNode later = byName.get("later").get("dependencies").get(0);
    assertEquals("out-of-range", later.get("state").asString());
    assertEquals("1.1.0", later.get("found").asString());
    assertFalse(later.has("resolved"), later.toString());
    assertEquals("[\"notes\"]", byName.get("storage").get("dependents").toString());
    assertTrue(byName.get("notes").get("dependenciesChecked").asBoolean());
  }

  @Test
  void verifyAloneSaysTheDependenciesWereCheckedForSyntaxOnly() throws Exception {
    Path notes =
        dependent(tmp.resolve("new"), "notes", "\"dependencies\":{\"storage\":\"^1.0.0\"}");
    Result r = run(withHost("verify", notes.toString()));
    assertTrue(r.out().contains("  depends on storage ^1.0.0: not checked"), r.out());
    assertTrue(
        r.out().contains("note: dependencies were checked for syntax only; pass --plugins DIR"),
        r.out());
    JsonNode json = Json.MAPPER.readTree(run(withHost("verify", "--json", notes.toString())).out());
    assertFalse(json.get(0).get("dependenciesChecked").asBoolean());
    assertEquals("unchecked", json.get(0).get("dependencies").get(0).get("state").asString());
  }

  @Test
  void verifyWithTheFolderChecksTheDependenciesAsAHostWould() {
    Path notes =
        dependent(tmp.resolve("new"), "notes", "\"dependencies\":{\"storage\":\"^1.0.0\"}");
    Result ok = run(withHost("verify", "--plugins", plugins.toString(), notes.toString()));
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().startsWith("OK     notes@1.0.0"), ok.out());
    assertTrue(ok.out().contains("  depends on storage ^1.0.0: storage@1.1.0"), ok.out());

    Path lost = dependent(tmp.resolve("new"), "lost", "\"dependencies\":{\"nothing\":\"^1.0.0\"}");
    Result missing = run(withHost("verify", "--plugins", plugins.toString(), lost.toString()));
    assertEquals(1, missing.code(), missing.out());
    assertTrue(missing.out().contains("  depends on nothing ^1.0.0: missing"), missing.out());
    assertTrue(
        missing
            .out()
            .contains(
                "[dependency-missing] plugin 'lost' ("
                    + lost.toAbsolutePath().resolve("plugin.manifest.json")
                    + ") broke rule [dependency-missing]: depends on 'nothing' ^1.0.0"),
        missing.out());
    assertEquals(2, run(withHost("verify", "--plugins", "/no/such/dir", notes.toString())).code());
  }
}
