package dev.augment.archetype.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.fixtures.ArchetypeBuilds;
import dev.augment.fixtures.ArchetypeBuilds.Result;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates a host project from the archetype offline, builds it with its own Maven Wrapper, starts
 * the runtime image it linked and calls the sample plugin over HTTP: the README's third step, "your
 * own host with your own contract in its own runtime image".
 *
 * <p>Maven runs offline through {@link ArchetypeBuilds}: the archetype and this build's artifacts
 * come from this module's {@code target/it-repo}, Maven's plugins and third-party libraries from
 * this build's local repository, read-only.
 */
class HostArchetypeIT {

  @TempDir Path tmp;
  private ArchetypeBuilds maven;

  @BeforeEach
  void maven() {
    maven = new ArchetypeBuilds(tmp);
  }

  private static String tail(String text) {
    return ArchetypeBuilds.tail(text, 8000);
  }

  @Test
  void aGeneratedHostBuildsWithItsOwnWrapperAndItsImageServesTheSamplePlugin() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Result generate =
        maven.generate(
            work,
            "augment-host-archetype",
            "-DgroupId=com.acme",
            "-DartifactId=acme-host",
            "-Dversion=1.0.0",
            "-Dpackage=com.acme");
    assertEquals(0, generate.code(), tail(generate.output()));
    Path project = work.resolve("acme-host");
    Path wrapper = project.resolve("mvnw");
    assertTrue(Files.isExecutable(wrapper), "the generated mvnw is executable");
    assertTrue(Files.isRegularFile(project.resolve(".mvn/wrapper/maven-wrapper.properties")));
    assertTrue(
        Files.isRegularFile(
            project.resolve("contract/src/main/java/com/acme/contract/Greeter.java")));

    Result build = maven.mvn(project, wrapper, "verify");
    System.out.printf(
        "HostArchetypeIT: generate %d ms, ./mvnw verify of the generated project %d ms%n",
        generate.millis(), build.millis());
    assertEquals(0, build.code(), tail(build.output()));
    String out = build.output();
    assertTrue(out.contains("Described the host of com.acme.host.Host#builder"), tail(out));
    assertTrue(out.contains("passes every check"), tail(out));
    assertTrue(out.contains("PluginUnloadIT"), "the unload test ran: " + tail(out));
    assertTrue(out.contains("CDS archive lib/server/classes.jsa"), tail(out));
    assertTrue(
        out.lines().noneMatch(l -> l.contains("[warning][cds]")), "no CDS noise: " + tail(out));
    String description =
        Files.readString(project.resolve("host/target/augment-host.json"), StandardCharsets.UTF_8);
    assertTrue(description.contains("\"contractModule\" : \"com.acme.contract\""), description);
    assertTrue(description.contains("\"contractVersion\" : \"1.0.0\""), description);

    Path image = project.resolve("image/target/image");
    assertTrue(Files.isRegularFile(image.resolve("plugins/acme-host-sample-1.0.0.zip")));
    // The generated image's training run: an application archive the launcher maps, a dynamic
    // CDS archive on JDK 17, an AOT cache on 25 and later (docs/image.md); its cache stays in the
    // build folder.
    int feature = Runtime.version().feature();
    boolean jsa = feature == 17;
    boolean aot = feature >= 25;
    String launcher = Files.readString(image.resolve("bin/acme-host"));
    assertEquals(jsa, Files.isRegularFile(image.resolve("lib/app.jsa")), tail(out));
    assertEquals(jsa, launcher.contains("-XX:SharedArchiveFile=$HOME_DIR/lib/app.jsa"), launcher);
    assertEquals(aot, Files.isRegularFile(image.resolve("lib/app.aot")), tail(out));
    assertEquals(aot, launcher.contains("-XX:AOTCache=$HOME_DIR/lib/app.aot"), launcher);
    assertEquals(
        jsa || aot, Files.isDirectory(project.resolve("image/target/training-cache")), tail(out));
    Path err = tmp.resolve("host.err");
    ProcessBuilder start =
        new ProcessBuilder(image.resolve("bin/acme-host").toString(), "--port", "0")
            .redirectError(err.toFile());
    // The launcher passes $JAVA_OPTS on: the plugin cache goes under this test's folder.
    start.environment().put("JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
    Process host = start.start();
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
      String ready = lines.readLine();
      assertTrue(
          ready != null && ready.startsWith("listening on http://127.0.0.1:"),
          ready + "\n" + Files.readString(err));
      String base = ready.substring("listening on ".length());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/sample?name=world"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), answer.body() + Files.readString(err));
      assertEquals("Hello, world!\n", answer.body());
      assertEquals("sample@1.0.0", answer.headers().firstValue("X-Answered-By").orElseThrow());
      assertEquals(
          404,
          http.send(
                  HttpRequest.newBuilder(URI.create(base + "/hello")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode());

      // Watch mode: deleting the zip unloads the plugin without a restart.
      Files.delete(image.resolve("plugins/acme-host-sample-1.0.0.zip"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int status = 200;
      while (status != 404 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        status =
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/sample")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode();
      }
      assertEquals(404, status, "the deleted plugin stops answering: " + Files.readString(err));
    } finally {
      host.destroy();
      assertTrue(host.waitFor(30, TimeUnit.SECONDS), "the host stops on SIGTERM");
    }
    String log = Files.readString(err);
    assertTrue(log.contains("LOADED sample"), log);
    assertTrue(log.contains("UNLOADED sample"), log);
    assertTrue(log.contains("stopped"), log);
  }
}
