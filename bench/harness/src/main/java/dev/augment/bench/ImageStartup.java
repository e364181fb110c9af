package dev.augment.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * The runtime image's start-up against a hello-world image linked by the same JDK with a CDS
 * archive.
 *
 * <p>Augment's figure comes from the image's own {@code StartupBenchmark} (start to the first
 * answered plugin request, with the image's application CDS archive as its launchers map it, with
 * the JDK's CDS archive only, and without CDS), run over {@code jlink/target/image} when that was
 * built; the hello-world figure is start to exit of {@code bin/java -m hello}.
 */
final class ImageStartup {

  private static final Pattern WITH_APP_CDS =
      Pattern.compile("with app CDS\\s*: first answered request after (\\d+) ms");
  private static final Pattern WITH_CDS =
      Pattern.compile("with CDS\\s*: first answered request after (\\d+) ms");
  private static final Pattern RESTART =
      Pattern.compile("restart\\s*: first answered request after (\\d+) ms");
  private static final Pattern WITHOUT_CDS =
      Pattern.compile("without CDS\\s*: first answered request after (\\d+) ms");

  private final Jvm jvm;
  private final Path dir;
  private final Path root;
  private final int runs;

  ImageStartup(Jvm jvm, Path dir, Path root, int runs) {
    this.jvm = jvm;
    this.dir = dir;
    this.root = root;
    this.runs = runs;
  }

  void measure(Map<String, List<Double>> results, List<String> notes) {
    Path image = root.resolve("jlink/target/image");
    if (!Files.isExecutable(image.resolve("bin/java"))) {
      notes.add(
          "image start-up: not measured: "
              + image
              + " was not built; the full command (docs/benchmarks.md) builds it");
      return;
    }
    Path hello = helloImage();
    List<Double> helloMs = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      jvm.run(List.of(hello.resolve("bin/java").toString(), "-m", "hello/hello.Main"));
      helloMs.add((System.nanoTime() - t0) / 1e6);
    }
    results.put("image.hello.ms", helloMs);
    String out =
        String.join(
            "\n",
            jvm.run(
                List.of(
                    jvm.java().toString(),
                    "-p",
                    root.resolve("jlink/target/classes").toString(),
                    "-m",
                    "augment.jlink/dev.augment.jlink.StartupBenchmark",
                    image.toString(),
                    root.resolve("jlink/target/plugins").toString(),
                    String.valueOf(runs))));
    if (WITH_APP_CDS.matcher(out).find()) {
      results.put("image.augment.appcds.ms", List.of(parse(WITH_APP_CDS, out)));
    }
    results.put("image.augment.cds.ms", List.of(parse(WITH_CDS, out)));
    results.put("image.augment.nocds.ms", List.of(parse(WITHOUT_CDS, out)));
    results.put("image.augment.restart.ms", List.of(parse(RESTART, out)));
  }

  private static double parse(Pattern p, String out) {
    Matcher m = p.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("StartupBenchmark printed no figure: " + out);
    }
    return Double.parseDouble(m.group(1));
  }

  /** Compiles a hello-world module and links it with a CDS archive, once. */
  private Path helloImage() {
    Path image = dir.resolve("hello-image");
    if (Files.isExecutable(image.resolve("bin/java"))) {
      return image;
    }
    try {
      Path src = Files.createDirectories(dir.resolve("hello-src/hello"));
      Files.writeString(src.resolve("module-info.java"), "module hello {}");
      Files.createDirectories(src.resolve("hello"));
      Files.writeString(
          src.resolve("hello/Main.java"),
          "package hello; public class Main { public static void main(String[] a) {"
              + " System.out.println(\"Hello, world!\"); } }");
      Path classes = dir.resolve("hello-classes");
      tool(
          "javac",
          "-d",
          classes.toString(),
          src.resolve("module-info.java").toString(),
          src.resolve("hello/Main.java").toString());
      Path jmods = Path.of(System.getProperty("java.home"), "jmods");
      String modulePath =
          Files.isDirectory(jmods)
              ? jmods + java.io.File.pathSeparator + classes
              : classes.toString();
      tool(
          "jlink",
          "--module-path",
          modulePath,
          "--add-modules",
          "hello",
          "--strip-debug",
          "--no-header-files",
          "--no-man-pages",
          "--generate-cds-archive",
          "--output",
          image.toString());
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void tool(String name, String... args) {
    StringWriter log = new StringWriter();
    PrintWriter pw = new PrintWriter(log);
    int rc =
        ToolProvider.findFirst(name)
            .orElseThrow(() -> new IllegalStateException("this JDK has no " + name))
            .run(pw, pw, args);
    if (rc != 0) {
      throw new IllegalStateException(name + " failed: " + log);
    }
  }
}
