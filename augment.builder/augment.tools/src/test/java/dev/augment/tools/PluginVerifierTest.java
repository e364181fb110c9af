package dev.augment.tools;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.Augment;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.HostDescription;
import dev.augment.core.PluginFailure;
import dev.augment.core.Version;
import dev.augment.core.host.HostDescriptions;
import dev.augment.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginVerifierTest {

  @TempDir Path tmp;

  static HostDescription host() {
    return new HostDescription(
        "fixture.contract.Greeter",
        Optional.of("fixture.contract"),
        Optional.of(Version.parse("1.0.0")),
        Augment.version(),
        List.of(
            new HostDescription.CapabilityInfo(
                "db", "use a database", Set.of("java.sql"), Set.of(), Set.of(), Set.of())),
        Set.of("java.base", "augment.api", "org.slf4j", "fixture.contract"),
        Set.of("augment.api", "augment.core", "org.slf4j", "fixture.contract"),
        BytecodePolicy.defaults().rules());
  }

  static PluginVerifier verifier() {
    List<Path> modulePath = new ArrayList<>(List.of(Fixtures.contractJar()));
    modulePath.addAll(List.of(Fixtures.apiJars()));
    return new PluginVerifier(host(), modulePath);
  }

  @Test
  void aGoodPluginHasNoProblem() {
    Path dir =
        pluginDir(
            tmp.resolve("good"),
            manifest("good", "1.0.0", "fixture.vgood", "\"capabilities\":[\"db\"]"),
            greeterJar("fixture.vgood").requires("java.sql", null).writeTo(tmp.resolve("j")));
    VerifyReport report = verifier().verify(Fixtures.zip(dir, tmp.resolve("good.zip")));
    assertEquals(List.of(), report.problems());
    assertTrue(report.ok());
    assertEquals("good", report.manifest().orElseThrow().name());
  }

  @Test
  void aBrokenPluginGetsEveryProblemReported() {
    Path main =
        greeterJar("fixture.vbad")
            .withoutProvider()
            .requires("java.sql", null)
            .body(
                "System.exit(1); try { String.class.getDeclaredField(\"value\").setAccessible(true);"
                    + " } catch (Exception e) { } return \"\";")
            .writeTo(tmp.resolve("j"));
    Path dir =
        pluginDir(
            tmp.resolve("bad"),
            manifest(
                "bad",
                "1.0.0",
                "fixture.vbad",
                "\"capabilities\":[\"root\"], \"compatibility\":{\"augment\":\">=9.0.0\"}"),
            main,
            Fixtures.contractJar());
    VerifyReport report = verifier().verify(dir);
    List<String> rules = report.problems().stream().map(p -> p.rule().code()).toList();
    assertTrue(
        rules.containsAll(
            List.of(
                "incompatible",
                "unknown-capability",
                "shadows-host-module",
                "no-provider",
                "capability-denied",
                "bytecode-policy")),
        report.problems().stream().map(PluginFailure::message).toList().toString());
    // One failure per module and rule, listing every finding, as a host reports it.
    PluginFailure policy =
        report.problems().stream()
            .filter(p -> p.rule().code().equals("bytecode-policy"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        policy.message().contains("System.exit") && policy.message().contains("setAccessible"),
        policy.message());
    assertTrue(report.problems().stream().allMatch(p -> p.message().contains("plugin 'bad'")));
  }

  @Test
  void everyBrokenManifestFieldIsAProblemOfItsOwn() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("fields"));
    Files.writeString(
        dir.resolve("plugin.manifest.json"),
        "{\"name\": \"fields\", \"version\": \"one\", \"entryPoint\": \"a.b\", \"extra\": 1}");
    VerifyReport report = verifier().verify(dir);
    List<String> messages = report.problems().stream().map(p -> p.message()).toList();
    assertEquals(3, messages.size(), messages.toString());
    assertTrue(messages.get(0).contains("field '/extra'"), messages.toString());
    assertTrue(messages.get(1).contains("field '/version'"), messages.toString());
    assertTrue(messages.get(2).contains("field '/meta'"), messages.toString());
  }

  @Test
  void anUnreadablePluginIsOneProblem() throws Exception {
    Path junk = Files.writeString(tmp.resolve("junk.zip"), "junk");
    VerifyReport report = verifier().verify(junk);
    assertEquals(List.of("archive"), report.problems().stream().map(p -> p.rule().code()).toList());
    assertTrue(report.manifest().isEmpty());
  }

  @Test
  void aHostDescriptionSurvivesJson() throws Exception {
    Path file = tmp.resolve("host.json");
    HostDescriptions.write(host(), file);
    HostDescription read = HostDescriptions.read(file);
    assertEquals(host(), read);
    Files.writeString(file, "{\"contract\": 3}");
    String message =
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> HostDescriptions.read(file))
            .getMessage();
    assertTrue(message.startsWith(file + " is not a host description: field '"), message);
    Files.writeString(
        file, HostDescriptions.toJson(host()).replaceFirst("\"baseModules\"", "\"renamed\""));
    assertTrue(
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> HostDescriptions.read(file))
            .getMessage()
            .contains("field 'baseModules' is required"));
  }
}
