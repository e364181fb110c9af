package dev.augment.jlink;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Links the host runtime image with jlink, run through {@link ToolProvider} because the Maven jlink
 * plugin has no option for a CDS archive.
 *
 * <p>The image holds the demo host and the {@code augment} command line with the modules they need,
 * and nothing else: {@code java.base}, Jetty's four core modules (and {@code java.naming}, which
 * {@code org.eclipse.jetty.util} requires), SLF4J with its simple provider, Jackson, ASM, picocli
 * and Augment's modules. jlink refuses automatic modules, so a successful link proves the image has
 * none. It is stripped of debug information, header files and man pages, compressed, and carries a
 * CDS archive of the JDK's classes.
 *
 * <p>jlink's POSIX launchers run {@code java} as a child of the shell, so a {@code SIGTERM} to the
 * launcher's process leaves the JVM running; the builder replaces them with scripts that {@code
 * exec} java, so the JVM is the launcher's process and gets its signals.
 */
public final class ImageBuilder {

  /** The launchers: name, then module/main class. */
  static final List<List<String>> LAUNCHERS =
      List.of(
          List.of("augment-demo", "augment.example.host/dev.augment.example.host.Server"),
          List.of("augment", "augment.cli/dev.augment.cli.AugmentCommand"));

  /** The root modules; the rest follows from their requires. */
  static final List<String> ROOTS =
      List.of("augment.example.host", "augment.cli", "org.slf4j.simple");

  private ImageBuilder() {}

  /**
   * Links the image.
   *
   * @param args the folder of the host's modules, and the image folder (replaced)
   * @throws IOException if the old image cannot be removed
   */
  public static void main(String[] args) throws IOException {
    Path modules = Path.of(args[0]);
    Path image = Path.of(args[1]);
    deleteTree(image);
    Path jmods = Path.of(System.getProperty("java.home"), "jmods");
    String modulePath = modules.toString();
    if (Files.isDirectory(jmods)) {
      modulePath = modulePath + java.io.File.pathSeparator + jmods;
    }
    List<String> jlink =
        new ArrayList<>(
            List.of(
                "--module-path",
                modulePath,
                "--add-modules",
                String.join(",", ROOTS),
                "--strip-debug",
                "--no-header-files",
                "--no-man-pages",
                "--compress=" + (Runtime.version().feature() >= 21 ? "zip-6" : "2"),
                "--generate-cds-archive",
                "--output",
                image.toString()));
    for (List<String> launcher : LAUNCHERS) {
      jlink.add(jlink.size() - 2, "--launcher");
      jlink.add(jlink.size() - 2, launcher.get(0) + "=" + launcher.get(1));
    }
    ToolProvider tool =
        ToolProvider.findFirst("jlink")
            .orElseThrow(() -> new IllegalStateException("this JDK has no jlink"));
    PrintWriter out = new PrintWriter(System.out, true);
    int code = tool.run(out, new PrintWriter(System.err, true), jlink.toArray(String[]::new));
    if (code != 0) {
      throw new IllegalStateException("jlink failed with exit code " + code + ": " + jlink);
    }
    for (List<String> launcher : LAUNCHERS) {
      execLauncher(image.resolve("bin").resolve(launcher.get(0)), launcher.get(1));
    }
    out.println("Linked the host image into " + image);
  }

  /**
   * Replaces jlink's POSIX launcher script with one that {@code exec}s java; leaves a Windows
   * image's {@code .bat} launchers alone.
   */
  static void execLauncher(Path script, String main) throws IOException {
    if (!Files.exists(script)) {
      return;
    }
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "# Written by dev.augment.jlink.ImageBuilder: exec, so that the JVM gets the signals.\n"
            + "JLINK_VM_OPTIONS=\n"
            + "DIR=`dirname \"$0\"`\n"
            + "exec \"$DIR/java\" $JLINK_VM_OPTIONS -m "
            + main
            + " \"$@\"\n");
    script.toFile().setExecutable(true, false);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
