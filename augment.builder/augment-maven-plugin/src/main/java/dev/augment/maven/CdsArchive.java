package dev.augment.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Dumps an image's CDS archives with the image's own {@code bin/java -Xshare:dump}, which is what
 * jlink's {@code --generate-cds-archive} runs, but with the output captured: jlink's plugin starts
 * the dump with inherited standard streams, so its warnings about classes of the JDK's default
 * class list that the image leaves out would reach the build's console around any capture.
 */
final class CdsArchive {

  private CdsArchive() {}

  /** Dumps the CDS archives with the image's java, its output to a log beside the image. */
  static String dump(Path image) throws IOException {
    Path java = image.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
    Path logFile = image.resolveSibling(image.getFileName() + "-cds.log");
    List<List<String>> dumps = new ArrayList<>();
    dumps.add(List.of(java.toString(), "-Xshare:dump"));
    if ("64".equals(System.getProperty("sun.arch.data.model"))) {
      dumps.add(List.of(java.toString(), "-XX:-UseCompressedOops", "-Xshare:dump"));
    }
    StringBuilder all = new StringBuilder();
    int warnings = 0;
    for (List<String> command : dumps) {
      Path out = Files.createTempFile(image.toAbsolutePath().getParent(), "cds", ".log");
      try {
        Process p =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean done;
        try {
          done = p.waitFor(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          p.destroyForcibly();
          throw new IllegalStateException("interrupted while dumping the CDS archive", e);
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        all.append("$ ").append(String.join(" ", command)).append('\n').append(text);
        if (!done) {
          p.destroyForcibly();
          throw new IllegalStateException("the CDS dump did not end within 5 minutes: " + command);
        }
        if (p.exitValue() != 0) {
          Files.writeString(logFile, all);
          throw new IllegalStateException(
              "the CDS dump failed with exit code "
                  + p.exitValue()
                  + " ("
                  + command
                  + "):\n"
                  + text);
        }
        warnings += (int) text.lines().filter(l -> l.contains("[warning]")).count();
      } finally {
        Files.deleteIfExists(out);
      }
    }
    Files.writeString(logFile, all);
    Path archive = image.resolve("lib/server/classes.jsa");
    String size =
        Files.exists(archive)
            ? String.format("%.1f MiB", Files.size(archive) / (1024.0 * 1024.0))
            : "not written";
    return "CDS archive lib/server/classes.jsa ("
        + size
        + (dumps.size() > 1 ? ", and classes_nocoops.jsa" : "")
        + "); "
        + warnings
        + " warning(s) about classes the image leaves out, in "
        + logFile.getFileName();
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }
}
