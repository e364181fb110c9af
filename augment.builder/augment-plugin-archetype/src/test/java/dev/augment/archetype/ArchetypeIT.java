package dev.augment.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.fixtures.ArchetypeBuilds;
import dev.augment.fixtures.ArchetypeBuilds.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates a plugin project from the archetype, builds it offline with its own Maven Wrapper
 * against this build's artifacts, and runs the example host over the zip it produced: what the
 * plugin authoring guide walks a new user through.
 *
 * <p>Maven runs offline through {@link ArchetypeBuilds}: the archetype and this build's artifacts
 * come from this module's {@code target/it-repo}, everything else (Maven's own plugins, JUnit, ...)
 * from this build's local repository, read-only.
 */
class ArchetypeIT {

  @TempDir Path tmp;
  private ArchetypeBuilds maven;

  @BeforeEach
  void maven() {
    maven = new ArchetypeBuilds(tmp);
  }

  private Result generate(Path work, String... properties)
      throws IOException, InterruptedException {
    return maven.generate(work, "augment-plugin-archetype", properties);
  }

  private static String tail(String text) {
    return ArchetypeBuilds.tail(text, 6000);
  }

  @Test
  void aGeneratedProjectBuildsVerifiesAndRunsInTheExampleHost() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Result generate =
        generate(
            work,
            "-DgroupId=com.acme",
            "-DartifactId=hello-plugin",
            "-Dversion=1.0.0",
            "-Dpackage=com.acme.hello",
            "-DpluginName=hello");
    assertEquals(0, generate.code(), tail(generate.output()));
    Path project = work.resolve("hello-plugin");
    assertTrue(Files.isRegularFile(project.resolve("src/main/java/module-info.java")));
    assertTrue(Files.isExecutable(project.resolve("mvnw")), "the generated mvnw is executable");

    // Its own wrapper; the plugin obtains the host's Clock in setup, which the unload check's
    // host offers through HostService.
    Result build = maven.mvn(project, project.resolve("mvnw"), "verify");
    System.out.printf("ArchetypeIT: ./mvnw verify of the generated plugin %d ms%n", build.millis());
    assertEquals(0, build.code(), tail(build.output()));
    String out = build.output();
    int enforcer = out.indexOf("RequireMavenVersion passed");
    int compiler = out.indexOf("--- compiler:");
    assertTrue(
        enforcer >= 0 && enforcer < compiler, "the Maven version is checked first: " + tail(out));
    assertTrue(out.contains("Tests run: 1, Failures: 0"), tail(out));
    assertTrue(out.contains("passes every check"), tail(out));
    assertTrue(
        out.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0")
            && out.contains("PluginUnloadIT"),
        "the generated unload test ran: " + tail(out));
    Path zip = project.resolve("target/hello-1.0.0.zip");
    assertTrue(Files.isRegularFile(zip), "the plugin zip is built");

    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Files.copy(zip, plugins.resolve("hello-1.0.0.zip"));
    Path modules = ArchetypeBuilds.root().resolve("augment.example/host/target/modules");
    Process host =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-p",
                modules.toString(),
                "-m",
                "augment.example.host/dev.augment.example.host.Main",
                plugins.toString())
            .redirectErrorStream(false)
            .start();
    String answers = new String(host.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(host.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, host.exitValue(), answers);
    assertTrue(answers.contains("GET /greet?name=world -> Hello, world! [hello@1.0.0]"), answers);
  }

  @Test
  void aProjectForAnotherHostNamesItsContractAndDescription() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("other"));
    Result generate =
        generate(
            work,
            "-DgroupId=com.acme",
            "-DartifactId=sample-plugin",
            "-Dversion=1.0.0",
            "-Dpackage=com.acme.extra",
            "-DpluginName=extra",
            "-DcontractGroupId=com.acme",
            "-DcontractArtifactId=acme-host-contract",
            "-DcontractVersion=2.1.0-SNAPSHOT",
            "-DcontractModule=com.acme.contract",
            "-DcontractInterface=com.acme.contract.Greeter",
            "-DclassName=ExtraGreeter",
            "-DhostDescription=../acme-host/host/target/augment-host.json");
    assertEquals(0, generate.code(), tail(generate.output()));
    Path project = work.resolve("sample-plugin");
    String moduleInfo = Files.readString(project.resolve("src/main/java/module-info.java"));
    assertTrue(moduleInfo.contains("requires com.acme.contract;"), moduleInfo);
    assertTrue(
        moduleInfo.contains(
            "provides com.acme.contract.Greeter with\n      com.acme.extra.ExtraGreeter;"),
        moduleInfo);
    String source =
        Files.readString(project.resolve("src/main/java/com/acme/extra/ExtraGreeter.java"));
    assertTrue(
        source.contains("public final class ExtraGreeter implements Greeter, Lifecycle"), source);
    String pom = Files.readString(project.resolve("pom.xml"));
    assertTrue(pom.contains("<artifactId>acme-host-contract</artifactId>"), pom);
    assertTrue(
        pom.contains("<augment.host>../acme-host/host/target/augment-host.json</augment.host>"),
        pom);
    String manifest = Files.readString(project.resolve("src/main/plugin/plugin.manifest.json"));
    assertTrue(manifest.contains("\"contract\": \"^2.1.0\""), manifest);
    assertFalse(manifest.contains("capabilities"), manifest);
    assertFalse(Files.exists(project.resolve("augment-host.json")), "no example host description");
  }
}
