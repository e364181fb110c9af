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
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes an application class archive from a training run of the linked host: the host is started
 * with the option that makes the JVM write one as it exits, waited for until it prints its ready
 * line (and answers one request, when a URL is given), then stopped with {@code SIGTERM}; the JVM
 * writes the archive of every class it loaded from the image (Augment's, Jackson's, the host's, the
 * server's) as it exits. The launchers then start with the option that maps it, which a JVM ignores
 * with a warning if the archive does not fit it. Plugin classes are never archived: they live in
 * layers of their own.
 *
 * <p>Which archive depends on the JDK that runs the build (the image's own JDK): on JDK 17 a
 * dynamic CDS archive, {@code lib/app.jsa}, on top of the image's default archive; on JDK 25 and
 * later an AOT cache, {@code lib/app.aot} (JEP 483 and 514: classes loaded and linked ahead of
 * time, and on 25 the training run's method profiles too). JDK 18 to 24 get none: there, a dynamic
 * archive on top of the image's base archive makes every start print an {@code [error][cds]} line
 * (the main module of the run differs from the base archive's dump), and the one-step AOT training
 * ({@code -XX:AOTCacheOutput}) came with 25.
 */
final class AppCdsArchive {

  /**
   * One kind of archive.
   *
   * @param file where it goes, relative to the image
   * @param write the JVM option, followed by the file, that makes a training run write it
   * @param map the JVM option, followed by the file, that makes a launcher map it
   * @param trainedModuleOnly whether only a launcher of the training run's main module may map it
   */
  record Kind(String file, String write, String map, boolean trainedModuleOnly) {

    /** Whether a launcher of {@code target} maps an archive trained with {@code trained}. */
    boolean mappedBy(String target, String trained) {
      return !trainedModuleOnly || module(target).equals(module(trained));
    }

    private static String module(String target) {
      int slash = target.indexOf('/');
      return slash < 0 ? target : target.substring(0, slash);
    }
  }

  /** JDK 17's dynamic CDS archive; every launcher of the image maps it. */
  static final Kind DYNAMIC =
      new Kind("lib/app.jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", false);

  /**
   * JDK 25's AOT cache; only the launchers of the training run's main module map it, since a JVM
   * started with another main module finds {@code jdk.module.main} different from the cache's and
   * prints an {@code [error][aot]} line on every start (the image's {@code augment} command line
   * did, before this rule).
   */
  static final Kind AOT = new Kind("lib/app.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=", true);

  private AppCdsArchive() {}

  /**
   * Tells which archive the JDK running the build makes for its images.
   *
   * @return {@link #DYNAMIC} on JDK 17, {@link #AOT} on JDK 25 and later, empty in between
   */
  static Optional<Kind> forThisJdk() {
    int feature = Runtime.version().feature();
    return feature == 17
        ? Optional.of(DYNAMIC)
        : feature >= 25 ? Optional.of(AOT) : Optional.empty();
  }

  /** Why {@link #forThisJdk()} is empty, for the build's log. */
  static String unsupportedReason() {
    return "made on JDK 17 (a dynamic CDS archive) and on JDK 25 or later (an AOT cache) only; JDK "
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
   * @param kind the archive to make
   * @return a one-line summary
   * @throws IOException if the log cannot be written
   * @throws IllegalStateException if the host does not get ready in time or writes no archive
   */
  static String train(Path image, String target, List<String> jvmOptions, Training t, Kind kind)
      throws IOException {
    Path java = image.resolve("bin").resolve("java");
    Path archive = image.resolve(kind.file());
    Path logFile = image.resolveSibling(image.getFileName() + "-appcds.log");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(jvmOptions);
    command.add(kind.write() + archive);
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
      // SIGTERM: the host stops as it would in production, and the JVM writes the archive. Through
      // the handle, since Process.destroy() also closes the output pipe, which the JVM that
      // assembles an AOT cache after the run writes to (and dies of, with no cache written).
      p.toHandle().destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("the training run did not stop within 60 s of SIGTERM");
      }
      // An AOT cache is assembled after the run, by a JVM that writes to the same output.
      reader.join(120_000);
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
              + kind.file()
              + " (exit code "
              + p.exitValue()
              + ", see "
              + logFile
              + "; its end: "
              + tail(log.toString())
              + ")");
    }
    return String.format(
        Locale.ROOT,
        "%s %s (%.1f MiB) from a training run of %.1f s, in %s",
        kind == AOT ? "AOT cache" : "Application CDS archive",
        kind.file(),
        Files.size(archive) / (1024.0 * 1024.0),
        (System.nanoTime() - t0) / 1e9,
        logFile.getFileName());
  }

  /** The last lines of a training log, for a message. */
  private static String tail(String log) {
    List<String> lines = log.lines().toList();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
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
