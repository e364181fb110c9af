package dev.augment.jlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@code bin/augment-demo} from the linked image as its own process, calls its routes,
 * replaces and deletes plugin zips while it runs, and stops it.
 */
class DemoImageIT {

  private static final Path IMAGE = Path.of(System.getProperty("augment.image", "target/image"));
  private static final Path PLUGINS =
      Path.of(System.getProperty("augment.plugins", "target/test-plugins"));
  private static final Path PREVIOUS_PLUGINS =
      Path.of(System.getProperty("augment.previousPlugins", "target/previous-plugins"));
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path tmp;

  private static HttpResponse<String> get(int port, String target) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> await(
      int port, String target, Predicate<HttpResponse<String>> until) throws Exception {
    HttpResponse<String> last = null;
    for (int i = 0; i < 150; i++) {
      last = get(port, target);
      if (until.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        target + " never changed; last answer " + last.statusCode() + " " + last.body());
  }

  /** A copy of the greeter zip whose manifest says version 0.2.0 and greeting Howdy. */
  private Path howdyGreeter(Path greeter) throws IOException {
    Path out = tmp.resolve("greeter-howdy.zip");
    try (ZipFile in = new ZipFile(greeter.toFile());
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      for (ZipEntry e : java.util.Collections.list(in.entries())) {
        byte[] bytes = in.getInputStream(e).readAllBytes();
        if (e.getName().equals("plugin.manifest.json")) {
          String manifest = new String(bytes, StandardCharsets.UTF_8);
          manifest =
              manifest
                  .replaceFirst("\"version\"\\s*:\\s*\"[^\"]+\"", "\"version\": \"0.2.0\"")
                  .replace("\"greeting\": \"Hello\"", "\"greeting\": \"Howdy\"");
          bytes = manifest.getBytes(StandardCharsets.UTF_8);
        }
        zip.putNextEntry(new ZipEntry(e.getName()));
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    return out;
  }

  private static void dropIn(Path zip, Path target) throws IOException {
    Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
    Files.copy(zip, partial, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void theImageServesTheDemoAndReloadsPluginsWhileRunning() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    try (Stream<Path> zips = Files.list(PLUGINS)) {
      for (Path zip : zips.toList()) {
        Files.copy(zip, plugins.resolve(zip.getFileName()));
      }
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path err = tmp.resolve("demo.err");
    Process demo =
        new ProcessBuilder(
                IMAGE.resolve("bin/augment-demo").toString(),
                "--port",
                String.valueOf(port),
                "--plugins",
                plugins.toString(),
                "--cache",
                tmp.resolve("cache").toString())
            .redirectError(err.toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      assertEquals(
          "Augment demo listening on http://127.0.0.1:" + port, ready, Files.readString(err));

      assertEquals("Hello, World!\n", get(port, "/hello?name=world").body());
      assertEquals("HI\n", get(port, "/shout?text=hi").body());
      assertEquals(
          "greeter@0.1.0-SNAPSHOT",
          get(port, "/hello?name=world").headers().firstValue("X-Answered-By").orElseThrow());
      await(
          port,
          "/metrics",
          r -> r.body().startsWith("requests=") && !r.body().startsWith("requests=0"));
      await(port, "/access-log", r -> r.body().contains("200 /hello?name=world"));
      assertEquals(404, get(port, "/nowhere").statusCode());

      dropIn(
          howdyGreeter(plugins.resolve("augment-example-greeter.zip")),
          plugins.resolve("augment-example-greeter.zip"));
      await(port, "/hello?name=world", r -> r.body().equals("Howdy, World!\n"));

      Files.delete(plugins.resolve("augment-example-legacy.zip"));
      await(port, "/shout?text=hi", r -> r.statusCode() == 404);
    } finally {
      // The launcher execs java: SIGTERM to it reaches the JVM.
      demo.destroy();
      assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "the demo stops on SIGTERM");
    }
    String log = Files.readString(err);
    assertTrue(log.contains("UPDATED greeter@0.2.0"), log);
    assertTrue(log.contains("UNLOADED legacy"), log);
    assertTrue(log.contains("Augment demo stopped"), log);
  }

  /** Starts the image's demo over a copy of the tests' plugins; returns it once it listens. */
  private Process startDemo(Path plugins, int port, Path err) throws IOException {
    try (Stream<Path> zips = Files.list(PLUGINS)) {
      for (Path zip : zips.toList()) {
        Files.copy(zip, plugins.resolve(zip.getFileName()));
      }
    }
    Process demo =
        new ProcessBuilder(
                IMAGE.resolve("bin/augment-demo").toString(),
                "--port",
                String.valueOf(port),
                "--plugins",
                plugins.toString(),
                "--cache",
                tmp.resolve("cache").toString())
            .redirectError(err.toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
    String ready = out.readLine();
    assertEquals(
        "Augment demo listening on http://127.0.0.1:" + port, ready, Files.readString(err));
    return demo;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * The storage pair: storage 1.1.0 offers a key-value API, counter (built against 1.0.0) and notes
   * (built against 1.1.0) build on it and share its one store. Downgrading storage to 1.0.0
   * rebuilds counter on it and unloads notes (it needs ^1.1.0); 1.1.0 back brings notes back;
   * removing storage unloads both, and every other route keeps answering.
   */
  @Test
  void theImageServesTheStoragePairAndReloadsItAsAGraph() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    int port = freePort();
    Path err = tmp.resolve("demo.err");
    Process demo = startDemo(plugins, port, err);
    Path storage = plugins.resolve("augment-example-storage.zip");
    try {
      assertEquals("a=1 (storage 1.1.0)\n", get(port, "/count?name=a").body());
      assertEquals("a=2 (storage 1.1.0)\n", get(port, "/count?name=a").body());
      assertEquals("noted todo\n", get(port, "/notes?key=todo&text=milk").body());
      assertEquals("milk\n", get(port, "/notes?key=todo").body());
      // One store, in storage's layer, seen by two dependents built against two API versions.
      assertEquals("keys [counter.a, notes.todo] (storage 1.1.0)\n", get(port, "/notes").body());
      assertEquals("storage 1.1.0: [counter.a, notes.todo]\n", get(port, "/storage").body());

      dropIn(PREVIOUS_PLUGINS.resolve("augment-example-storage-1.0.zip"), storage);
      await(port, "/storage", r -> r.body().startsWith("storage 1.0.0:"));
      HttpResponse<String> counted =
          await(port, "/count?name=b", r -> r.body().endsWith("(storage 1.0.0)\n"));
      assertTrue(counted.body().matches("b=\\d+ \\(storage 1\\.0\\.0\\)\n"), counted.body());
      await(port, "/notes", r -> r.statusCode() == 404);
      assertEquals("Hello, World!\n", get(port, "/hello?name=world").body());

      dropIn(PLUGINS.resolve("augment-example-storage.zip"), storage);
      // Built again on the new layer: a fresh store, so the note is gone.
      await(port, "/notes?key=todo", r -> r.body().equals("no note todo\n"));
      await(port, "/count?name=a", r -> r.body().equals("a=1 (storage 1.1.0)\n"));

      Files.delete(storage);
      await(port, "/count?name=a", r -> r.statusCode() == 404);
      await(port, "/notes", r -> r.statusCode() == 404);
      assertEquals(404, get(port, "/storage").statusCode());
      assertEquals("Hello, World!\n", get(port, "/hello?name=world").body());
    } finally {
      demo.destroy();
      assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "the demo stops on SIGTERM");
    }
    String log = Files.readString(err);
    assertTrue(log.contains("UPDATED storage@1.0.0"), log);
    assertTrue(log.contains("[dependency-incompatible]"), log);
    assertTrue(log.contains("UNLOADED storage"), log);
    assertTrue(log.contains("[dependency-missing]"), log);
  }

  @Test
  void theImageHoldsOnlyExplicitModulesTheHostNeeds() throws Exception {
    Process p =
        new ProcessBuilder(IMAGE.resolve("bin/java").toString(), "--list-modules")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    List<String> names = out.lines().map(l -> l.split("@")[0]).sorted().toList();
    assertEquals(
        List.of(
            "augment.api",
            "augment.cli",
            "augment.core",
            "augment.example.contract",
            "augment.example.host",
            "augment.tools",
            "com.fasterxml.jackson.annotation",
            "info.picocli",
            "java.base",
            "java.logging",
            "java.naming",
            "java.security.sasl",
            "java.xml",
            "org.eclipse.jetty.http",
            "org.eclipse.jetty.io",
            "org.eclipse.jetty.server",
            "org.eclipse.jetty.util",
            "org.objectweb.asm",
            "org.slf4j",
            "org.slf4j.simple",
            "tools.jackson.core",
            "tools.jackson.databind"),
        names);
    assertTrue(Files.exists(IMAGE.resolve("lib/server/classes.jsa")), "a CDS archive");
    // The training run's application archive (docs/image.md): a dynamic CDS archive on JDK 17, an
    // AOT cache on JDK 25 and later, none in between. The launchers map it, and this JVM accepts it
    // for the main module: -Xshare:on and -XX:AOTMode=on stop the JVM rather than run without it,
    // so the demo's own complaint about a flag without a value shows that its main method ran.
    int feature = Runtime.version().feature();
    String archive = feature == 17 ? "lib/app.jsa" : feature >= 25 ? "lib/app.aot" : null;
    String launcher = Files.readString(IMAGE.resolve("bin/augment-demo"));
    for (String[] kind :
        List.of(
            new String[] {"lib/app.jsa", "-XX:SharedArchiveFile=", "-Xshare:on"},
            new String[] {"lib/app.aot", "-XX:AOTCache=", "-XX:AOTMode=on"})) {
      boolean made = kind[0].equals(archive);
      assertEquals(made, launcher.contains(kind[1] + "$HOME_DIR/" + kind[0]), launcher);
      assertEquals(made, Files.exists(IMAGE.resolve(kind[0])), kind[0]);
      if (made) {
        Process mapped =
            new ProcessBuilder(
                    IMAGE.resolve("bin/java").toString(),
                    kind[1] + IMAGE.resolve(kind[0]),
                    kind[2],
                    "-m",
                    "augment.example.host/dev.augment.example.host.Server",
                    "--port")
                .redirectErrorStream(true)
                .start();
        String mappedOut =
            new String(mapped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(mapped.waitFor(30, TimeUnit.SECONDS));
        assertTrue(mappedOut.contains("every flag needs a value"), mappedOut);
        assertFalse(mappedOut.contains("[error]"), mappedOut);
      }
    }
    Process cli =
        new ProcessBuilder(IMAGE.resolve("bin/augment").toString(), "--version")
            .redirectErrorStream(true)
            .start();
    assertTrue(
        new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .startsWith("augment "));
    assertTrue(cli.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, cli.exitValue());
  }

  @Test
  void theImagesCommandLineVerifiesTheDemoPluginsAgainstTheHost() throws Exception {
    Process list =
        new ProcessBuilder(
                IMAGE.resolve("bin/augment").toString(),
                "list",
                "--host",
                System.getProperty("augment.hostDescription"),
                "--plugins",
                PLUGINS.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(list.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, list.exitValue(), out);
    assertEquals(7, out.lines().filter(l -> l.startsWith("LOAD ")).count(), out);
    // The graph: each dependent's range and the version it is built on, and storage's dependents.
    assertTrue(
        out.contains(
            "LOAD notes@0.1.0-SNAPSHOT (augment-example-notes.zip)\n  depends on storage ^1.1.0: storage@1.1.0"),
        out);
    assertTrue(out.contains("  depends on storage ^1.0.0: storage@1.1.0"), out);
    assertTrue(
        out.contains("LOAD storage@1.1.0 (augment-example-storage.zip)\n  used by counter, notes"),
        out);
  }
}
