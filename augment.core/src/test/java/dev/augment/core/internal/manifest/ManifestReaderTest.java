package dev.augment.core.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.ManifestException;
import dev.augment.core.PluginDependency;
import dev.augment.core.PluginManifest;
import dev.augment.core.Rule;
import dev.augment.core.Version;
import dev.augment.core.VersionRange;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestReaderTest {

  @TempDir Path dir;
  private final ManifestReader reader = new ManifestReader();

  private PluginManifest read(String json) throws IOException {
    Files.writeString(dir.resolve("plugin.manifest.json"), json);
    return reader.read(dir, "label.zip", dir.resolve("plugin.manifest.json"));
  }

  private ManifestException refused(String json) {
    return assertThrows(ManifestException.class, () -> read(json));
  }

  @Test
  void everyBrokenFieldIsNamedTheFirstThrownTheOthersSuppressedInFieldOrder() {
    ManifestException e =
        refused(
            """
            {"name": "ok", "version": "one", "entryPoint": "not a module", "meta": [],
             "extra": 1, "compatibility": {"augment": ">>1"}}
            """);
    List<String> fields = new java.util.ArrayList<>(List.of(e.field()));
    for (Throwable s : e.getSuppressed()) {
      fields.add(((ManifestException) s).field());
      assertTrue(s.getMessage().contains("plugin 'ok'"), s.getMessage());
    }
    assertEquals(
        List.of("/extra", "/version", "/entryPoint", "/meta", "/compatibility/augment"), fields);
  }

  @Test
  void readsEveryField() throws IOException {
    PluginManifest m =
        read(
            """
            {"name": "greeter", "version": "1.2.0", "entryPoint": "com.acme.greeter",
             "meta": {"route": "/hello", "priority": 10, "big": 123456789012345678901234567890,
                      "ratio": 0.5, "on": true, "none": null, "tags": ["a", {"b": 1}]},
             "capabilities": ["http.routes", "clock"],
             "compatibility": {"augment": "^0.1.0"}}
            """);
    assertEquals("greeter", m.name());
    assertEquals(Version.parse("1.2.0"), m.version());
    assertEquals("com.acme.greeter", m.entryPoint());
    assertEquals("greeter@1.2.0", m.coordinates());
    assertEquals("/hello", m.meta().get("route"));
    assertEquals(10, m.meta().get("priority"));
    assertEquals(new BigInteger("123456789012345678901234567890"), m.meta().get("big"));
    assertEquals(new java.math.BigDecimal("0.5"), m.meta().get("ratio"));
    assertEquals(true, m.meta().get("on"));
    assertTrue(m.meta().containsKey("none"));
    assertNull(m.meta().get("none"));
    assertEquals(List.of("a", Map.of("b", 1)), m.meta().get("tags"));
    assertEquals(List.of("http.routes", "clock"), m.capabilities());
    assertEquals(Map.of("augment", VersionRange.parse("^0.1.0")), m.compatibility());
    assertTrue(m.compatibility().get("augment").test(Version.parse("0.1.5")), "parsed once, kept");
    assertThrows(UnsupportedOperationException.class, () -> m.meta().put("x", 1));
    assertThrows(
        UnsupportedOperationException.class, () -> ((List<?>) m.meta().get("tags")).clear());
  }

  @Test
  void optionalFieldsDefaultToEmpty() throws IOException {
    PluginManifest m =
        read("{\"name\":\"a\",\"version\":\"0.0.1\",\"entryPoint\":\"a\",\"meta\":{}}");
    assertEquals(List.of(), m.capabilities());
    assertEquals(Map.of(), m.compatibility());
    assertEquals(Map.of(), m.meta());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown field | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},'extra':1} | /extra"
            + " | is not a manifest field",
        "missing name | {'version':'1.0.0','entryPoint':'a','meta':{}} | /name | is required",
        "missing version | {'name':'a','entryPoint':'a','meta':{}} | /version | is required",
        "missing entryPoint | {'name':'a','version':'1.0.0','meta':{}} | /entryPoint | is required",
        "missing meta | {'name':'a','version':'1.0.0','entryPoint':'a'} | /meta | is required",
        "name not a string | {'name':7,'version':'1.0.0','entryPoint':'a','meta':{}} | /name"
            + " | must be a string, found number",
        "blank name | {'name':' ','version':'1.0.0','entryPoint':'a','meta':{}} | /name"
            + " | must not be blank",
        "upper-case name | {'name':'Greeter','version':'1.0.0','entryPoint':'a','meta':{}} | /name"
            + " | must match",
        "name with slash | {'name':'../x','version':'1.0.0','entryPoint':'a','meta':{}} | /name"
            + " | must match",
        "bad version | {'name':'a','version':'1.0','entryPoint':'a','meta':{}} | /version"
            + " | not a semantic version",
        "bad module name | {'name':'a','version':'1.0.0','entryPoint':'1a.b','meta':{}}"
            + " | /entryPoint | not a legal module name",
        "meta not object | {'name':'a','version':'1.0.0','entryPoint':'a','meta':[]} | /meta"
            + " | must be a JSON object, found array",
        "capabilities not array | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'capabilities':'x'} | /capabilities | must be an array",
        "capability not string | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'capabilities':['x',1]} | /capabilities/1 | must be a non-blank string",
        "capability twice | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'capabilities':['x','x']} | /capabilities/1 | declared twice",
        "compatibility not object | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'compatibility':[]} | /compatibility | must be an object",
        "range not string | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'compatibility':{'augment':1}} | /compatibility/augment | must be a version range",
        "root not object | ['a'] | '' | must be a JSON object",
        "blank capability | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'capabilities':[' ']} | /capabilities/0 | found a blank string",
        "pointer escaped | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'compatibility':{'a/b~':2}} | /compatibility/a~1b~0 | must be a version range",
        "dependencies not object | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'dependencies':['b']} | /dependencies | must be an object of plugin names",
        "dependency bad name | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'dependencies':{'B':'1'}} | /dependencies/B | is not a plugin name",
        "dependency on itself | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'dependencies':{'a':'1'}} | /dependencies/a | cannot depend on itself",
        "dependency range number | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'dependencies':{'b':1}} | /dependencies/b | must be a version range string",
        "dependency bad range | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'dependencies':{'b':'^^1'}} | /dependencies/b | is not a version range",
        "dependency blank range | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'dependencies':{'b':' '}} | /dependencies/b | found a blank string",
        "dependency without version | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'dependencies':{'b':{'optional':true}}} | /dependencies/b/version | is required",
        "dependency version not string | {'name':'a','version':'1.0.0','entryPoint':'a',"
            + "'meta':{},'dependencies':{'b':{'version':2}}} | /dependencies/b/version"
            + " | must be a version range string",
        "dependency bad object range | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'dependencies':{'b':{'version':'x.y.z.w'}}} | /dependencies/b/version"
            + " | is not a version range",
        "dependency optional not boolean | {'name':'a','version':'1.0.0','entryPoint':'a',"
            + "'meta':{},'dependencies':{'b':{'version':'1','optional':'yes'}}}"
            + " | /dependencies/b/optional | must be true or false, found string",
        "dependency unknown field | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'dependencies':{'b':{'version':'1','why':1}}} | /dependencies/b/why"
            + " | is not a dependency field",
        "dependency neither | {'name':'a','version':'1.0.0','entryPoint':'a','meta':{},"
            + "'dependencies':{'b':true}} | /dependencies/b | or an object",
      })
  void refusesWithFieldAndRule(String why, String json, String field, String rule) {
    ManifestException e = refused(json.replace('\'', '"'));
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().contains(rule), e.getMessage());
    assertEquals(Rule.MANIFEST, e.rule());
    assertEquals(dir.resolve("plugin.manifest.json"), e.file());
    assertTrue(e.getMessage().contains(dir.resolve("plugin.manifest.json").toString()));
  }

  @Test
  void readsDependenciesAsRangesParsedOnceInManifestOrder() throws IOException {
    PluginManifest m =
        read(
            """
            {"name": "app", "version": "1.0.0", "entryPoint": "app", "meta": {},
             "dependencies": {"storage": "^1.2.0",
                              "metrics": {"version": ">=0.3.0", "optional": true},
                              "audit": {"version": "2.x", "optional": false}}}
            """);
    assertEquals(
        List.of(
            new PluginDependency("storage", VersionRange.parse("^1.2.0"), false),
            new PluginDependency("metrics", VersionRange.parse(">=0.3.0"), true),
            new PluginDependency("audit", VersionRange.parse("2.x"), false)),
        m.dependencies());
    assertTrue(m.dependencies().get(0).range().test(Version.parse("1.9.0")));
    assertEquals("metrics@>=0.3.0 (optional)", m.dependencies().get(1).toString());
    assertThrows(UnsupportedOperationException.class, () -> m.dependencies().clear());
  }

  @Test
  void aManifestWithoutDependenciesHasNone() throws IOException {
    PluginManifest m =
        read("{\"name\":\"a\",\"version\":\"0.0.1\",\"entryPoint\":\"a\",\"meta\":{}}");
    assertEquals(List.of(), m.dependencies());
    PluginManifest old =
        new PluginManifest("a", Version.parse("1.0.0"), "a", Map.of(), List.of(), Map.of());
    assertEquals(List.of(), old.dependencies());
  }

  @Test
  void namesThePluginOnceItsNameIsKnown() {
    ManifestException e =
        refused("{\"name\":\"hello\",\"version\":\"1\",\"entryPoint\":\"a\",\"meta\":{}}");
    assertEquals("hello", e.plugin());
    assertTrue(e.getMessage().startsWith("plugin 'hello' ("), e.getMessage());
    ManifestException early = refused("{\"version\":\"1.0.0\"}");
    assertEquals("label.zip", early.plugin());
  }

  @Test
  void refusesANameLongerThan64Characters() {
    String name = "a".repeat(65);
    refused("{\"name\":\"" + name + "\",\"version\":\"1.0.0\",\"entryPoint\":\"a\",\"meta\":{}}");
    String ok = "a".repeat(64);
    assertThrows(
        ManifestException.class,
        () -> read("{\"name\":\"" + ok + "\",\"version\":\"1.0.0\",\"entryPoint\":\"a\"}"),
        "only meta is missing");
  }

  @Test
  void refusesInvalidJsonAndDuplicateKeys() {
    assertTrue(refused("{\"name\": ").getMessage().contains("is not valid JSON"));
    assertTrue(
        refused("{\"name\":\"a\",\"name\":\"b\"}").getMessage().contains("Duplicate"),
        "duplicate keys are refused");
    assertTrue(refused("").getMessage().contains("must be a JSON object"));
  }

  @Test
  void aJsonSyntaxErrorSaysItsLineAndColumn() {
    String message = refused("{\n  \"name\": \"a\",\n  \"version\" \"1.0.0\"\n}").getMessage();
    assertTrue(message.contains("is not valid JSON at line 3, column "), message);
  }

  @Test
  void refusesAManifestOverOneMebibyteWithoutParsingIt() throws IOException {
    String padding = " ".repeat((int) ManifestReader.MAX_BYTES);
    ManifestException e =
        refused(
            "{\"name\":\"a\",\"version\":\"1.0.0\",\"entryPoint\":\"a\",\"meta\":{}}" + padding);
    assertTrue(e.getMessage().contains("at most 1 MiB"), e.getMessage());
  }

  @Test
  void keepsHugeNumbersAndKeyOrder() throws IOException {
    PluginManifest m =
        read(
            "{\"name\":\"a\",\"version\":\"1.0.0\",\"entryPoint\":\"a\","
                + "\"meta\":{\"z\":1e400,\"a\":1},\"compatibility\":{\"z\":\"1\",\"a\":\"2\"}}");
    assertEquals(new java.math.BigDecimal("1e400"), m.meta().get("z"));
    assertEquals(List.of("z", "a"), List.copyOf(m.meta().keySet()));
    assertEquals(List.of("z", "a"), List.copyOf(m.compatibility().keySet()));
  }

  @Test
  void reportsAMissingManifest() {
    Path zip = dir.resolve("x.zip");
    ManifestException e =
        assertThrows(ManifestException.class, () -> reader.read(dir, "x.zip", zip));
    assertEquals(zip, e.file(), "a zip's manifest is reported as the zip");
    assertTrue(e.getMessage().contains("(" + zip + ")"), e.getMessage());
    assertTrue(e.getMessage().contains("plugin.manifest.json is missing"), e.getMessage());
    assertTrue(e.getMessage().contains("is missing"), e.getMessage());
  }
}
