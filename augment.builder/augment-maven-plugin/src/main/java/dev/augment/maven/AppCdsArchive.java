package dev.augment.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes an application CDS archive ({@code lib/app.jsa}) from a training run of the linked host:
 * the host is started with {@code -XX:ArchiveClassesAtExit}, waited for until it prints its ready
 * line (and answers one request, when a URL is given), then stopped with {@code SIGTERM}; the JVM
 * writes the archive of every class it loaded from the image (Augment's, Jackson's, the host's, the
 * server's) as it exits. The launchers then start with {@code -XX:SharedArchiveFile}, which a JVM
 * ignores with a warning if the archive does not fit it. Plugin classes are never archived: they
 * live in layers of their own.
 */
final class AppCdsArchive {

  /** Where the archive goes, relative to the image. */
  static final String FILE = "lib/app.jsa";

  private AppCdsArchive() {}

  /**
   * Tells whether the JDK running the build makes archives its images can map without complaint. On
   * JDK 17 a dynamic archive on top of the image's default archive maps silently; Temurin 25 finds
   * the main module ({@code -m}) of the run different from the base archive's dump, prints an
   * {@code [error][cds]} line on every start and drops optimized module handling, so the goal makes
   * no application archive there (JDK 25's AOT cache, {@code -XX:AOTCache}, is the way forward; not
   * done yet).
   *
   * @return {@code true} on JDK 17
   */
  static boolean supported() {
    return Runtime.version().feature() == 17;
  }

  /** Why {@link #supported()} says no, for the build's log. */
  static String unsupportedReason() {
    return "made on JDK 17 only; JDK "
        + Runtime.version().feature()
        + " reports a module mismatch against the image's base archive on every start";
  }

  /**
   * Runs the training and writes the archive.
   *
   * @param image the linked image, with its base CDS archive
   * @param target the launcher's {@code module/mainclass}
   * @param jvmOptions the launchers' JVM options
   * @param t the training
   * @return a one-line summary
   * @throws IOException if the log cannot be written
   * @throws IllegalStateException if the host does not get ready in time or writes no archive
   */
  static String train(Path image, String target, List<String> jvmOptions, Training t)
      throws IOException {
    Path java = image.resolve("bin").resolve("java");
    Path archive = image.resolve(FILE);
    Path logFile = image.resolveSibling(image.getFileName() + "-appcds.log");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(jvmOptions);
    command.add("-XX:ArchiveClassesAtExit=" + archive);
    command.add("-Daugment.home=" + image.toAbsolutePath());
    command.addAll(List.of("-m", target));
    command.addAll(t.args);
    Pattern ready = Pattern.compile(t.ready == null ? ".+" : t.ready);
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuffer log = new StringBuffer("$ " + String.join(" ", command) + "\n");
    CountDownLatch isReady = new CountDownLatch(1);
    AtomicReference<Matcher> readyLine = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  log.append(line).append('\n');
                  Matcher m = ready.matcher(line);
                  if (readyLine.get() == null && m.find()) {
                    readyLine.set(m);
                    isReady.countDown();
                  }
                }
              } catch (IOException e) {
                log.append("(reading the host's output failed: ").append(e).append(")\n");
              }
            },
            "augment-image-training");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!isReady.await(t.timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        Files.writeString(logFile, log);
        throw new IllegalStateException(
            "the training run printed no line matching '"
                + ready
                + "' within "
                + t.timeoutSeconds
                + " s (see "
                + logFile
                + ")");
      }
      if (t.url != null) {
        fetch(t.url, readyLine.get(), log);
      }
      // SIGTERM: the host stops as it would in production, and the JVM writes the archive.
      p.destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("the training run did not stop within 60 s of SIGTERM");
      }
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted during the training run", e);
    } finally {
      Files.writeString(logFile, log);
    }
    if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
      throw new IllegalStateException(
          "the training run wrote no "
              + FILE
              + " (exit code "
              + p.exitValue()
              + ", see "
              + logFile
              + ")");
    }
    return String.format(
        Locale.ROOT,
        "Application CDS archive %s (%.1f MiB) from a training run of %.1f s, in %s",
        FILE,
        Files.size(archive) / (1024.0 * 1024.0),
        (System.nanoTime() - t0) / 1e9,
        logFile.getFileName());
  }

  private static void fetch(String template, Matcher ready, StringBuffer log) throws IOException {
    String url = template;
    try {
      url = template.replace("{port}", ready.group("port"));
    } catch (IllegalArgumentException noPortGroup) {
      // The URL names its port itself.
    }
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(10_000);
    c.setReadTimeout(30_000);
    int code = c.getResponseCode();
    try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
      if (in != null) {
        in.readAllBytes();
      }
    }
    log.append("(training fetched ").append(url).append(": ").append(code).append(")\n");
  }
}
