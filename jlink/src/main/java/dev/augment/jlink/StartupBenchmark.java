package dev.augment.jlink;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures the image: its size, and the time from starting the demo to its first answered request,
 * with and without the CDS archive.
 *
 * <p>Run: {@code ./mvnw -q -pl jlink -am package -DskipTests && java -p jlink/target/classes -m
 * augment.jlink/dev.augment.jlink.StartupBenchmark jlink/target/image jlink/target/plugins 20}.
 * Each run starts {@code bin/java -m augment.example.host/dev.augment.example.host.Server} (with
 * the image's application archive as its launchers map it, {@code lib/app.jsa} or {@code
 * lib/app.aot}, when there is one; with the JDK's CDS archive only; without CDS) on a free port
 * over the demo's plugins and an empty cache, polls {@code GET /hello} every 5 ms until it answers
 * 200, and stops the process; then, as launched, restarts over the cache of the run before
 * ("restart"). The report gives medians and the range.
 */
public final class StartupBenchmark {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private StartupBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args the image folder, the plugin folder, and the number of runs per mode
   * @throws Exception if the image cannot be started
   */
  public static void main(String[] args) throws Exception {
    Path image = Path.of(args[0]);
    Path plugins = Path.of(args[1]);
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    System.out.printf("image size: %.1f MiB%n", size(image) / 1024.0 / 1024.0);
    List<String> modes = new ArrayList<>();
    // What the image's launchers pass: the training run's application archive, a dynamic CDS
    // archive (JDK 17) or an AOT cache (JDK 25 and later).
    Path app = image.resolve("lib/app.jsa");
    Path aot = image.resolve("lib/app.aot");
    if (Files.isRegularFile(app)) {
      modes.add("-XX:SharedArchiveFile=" + app);
    } else if (Files.isRegularFile(aot)) {
      modes.add("-XX:AOTCache=" + aot);
    }
    modes.addAll(List.of("-Xshare:auto", "-Xshare:off"));
    for (String mode : modes) {
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        millis.add(firstAnswer(image, plugins, mode));
      }
      print(
          mode.equals("-Xshare:off")
              ? "without CDS "
              : mode.equals("-Xshare:auto") ? "with CDS    " : "with app CDS",
          millis);
    }
    // A restart: the same cache as the run before, so the plugins are neither extracted nor
    // checked again (what a host restarted over its folder does).
    Path cache = Files.createTempDirectory("augment-bench-restart");
    firstAnswer(image, plugins, modes.get(0), cache);
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      millis.add(firstAnswer(image, plugins, modes.get(0), cache));
    }
    print("restart     ", millis);
  }

  private static void print(String mode, List<Long> millis) {
    Collections.sort(millis);
    System.out.printf(
        "%s: first answered request after %d ms (median of %d, range %d-%d)%n",
        mode,
        millis.get(millis.size() / 2),
        millis.size(),
        millis.get(0),
        millis.get(millis.size() - 1));
  }

  private static long firstAnswer(Path image, Path plugins, String share) throws Exception {
    return firstAnswer(image, plugins, share, Files.createTempDirectory("augment-bench"));
  }

  private static long firstAnswer(Path image, Path plugins, String share, Path cache)
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(
                image.resolve("bin/java").toString(),
                share,
                "-m",
                "augment.example.host/dev.augment.example.host.Server",
                "--port",
                String.valueOf(port),
                "--plugins",
                plugins.toString(),
                "--cache",
                cache.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      HttpRequest hello =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello?name=bench"))
              .timeout(Duration.ofSeconds(1))
              .build();
      while (true) {
        try {
          if (HTTP.send(hello, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return (System.nanoTime() - start) / 1_000_000;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        if (!p.isAlive()) {
          throw new IllegalStateException("the demo exited with " + p.exitValue());
        }
        Thread.sleep(5);
      }
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
