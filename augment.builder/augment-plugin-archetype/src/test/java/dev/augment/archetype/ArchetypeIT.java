package dev.augment.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates a plugin project from the archetype, builds it offline against this build's artifacts,
 * and runs the example host over the zip it produced: what the plugin authoring guide walks a new
 * user through.
 *
 * <p>The reactor's artifacts go into a fresh local repository with {@code install}; everything else
 * (Maven's own plugins, JUnit, ...) comes from this build's local repository, chained behind it
 * ({@code maven.repo.local.tail}), so no network is needed.
 */
class ArchetypeIT {

  private static final Path ROOT = Path.of(System.getProperty("augment.root", "../.."));
  private static final String VERSION = System.getProperty("augment.version");
  private static final String OUTER = System.getProperty("augment.outerRepository");
  private static final String ARCHETYPE_PLUGIN =
      "org.apache.maven.plugins:maven-archetype-plugin:"
          + System.getProperty("augment.archetypePluginVersion")
          + ":generate";

  @TempDir Path tmp;

  record Result(int code, String output) {}

  private Result mvn(Path dir, Path repo, boolean offline, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("mvnw").toAbsolutePath().toString());
    if (offline) {
      command.add("-o");
    }
    command.addAll(
        List.of(
            "-B",
            "-Dmaven.repo.local=" + repo,
            "-Dmaven.repo.local.tail=" + OUTER,
            "-Dstyle.color=never"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(tmp, "mvn", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("maven timed out: " + command);
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static String tail(String text) {
    return text.length() < 6000 ? text : text.substring(text.length() - 6000);
  }

  @Test
  void aGeneratedProjectBuildsVerifiesAndRunsInTheExampleHost() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    // Online only for what this build never ran, such as the install plugin itself.
    Result install =
        mvn(
            ROOT,
            repo,
            false,
            "-q",
            "install",
            "-DskipTests",
            "-Djacoco.skip=true",
            "-Dspotless.check.skip=true",
            "-pl",
            "augment.builder/augment-plugin-archetype",
            "-am");
    assertEquals(0, install.code(), tail(install.output()));

    Path work = Files.createDirectories(tmp.resolve("work"));
    Result generate =
        mvn(
            work,
            repo,
            true,
            ARCHETYPE_PLUGIN,
            "-DarchetypeGroupId=dev.augment",
            "-DarchetypeArtifactId=augment-plugin-archetype",
            "-DarchetypeVersion=" + VERSION,
            "-DgroupId=com.acme",
            "-DartifactId=hello-plugin",
            "-Dversion=1.0.0",
            "-Dpackage=com.acme.hello",
            "-DpluginName=hello",
            "-DinteractiveMode=false");
    assertEquals(0, generate.code(), tail(generate.output()));
    Path project = work.resolve("hello-plugin");
    assertTrue(Files.isRegularFile(project.resolve("src/main/java/module-info.java")));

    Result build = mvn(project, repo, true, "verify");
    assertEquals(0, build.code(), tail(build.output()));
    assertTrue(build.output().contains("Tests run: 1, Failures: 0"), tail(build.output()));
    assertTrue(build.output().contains("passes every check"), tail(build.output()));
    assertTrue(
        build.output().contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0")
            && build.output().contains("PluginUnloadIT"),
        "the generated unload test ran: " + tail(build.output()));
    Path zip = project.resolve("target/hello-1.0.0.zip");
    assertTrue(Files.isRegularFile(zip), "the plugin zip is built");

    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Files.copy(zip, plugins.resolve("hello-1.0.0.zip"));
    Path modules = ROOT.resolve("augment.example/host/target/modules");
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
    String out = new String(host.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(host.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, host.exitValue(), out);
    assertTrue(out.contains("GET /hello?name=world -> Hello, world! [hello@1.0.0]"), out);
  }
}
