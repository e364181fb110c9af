package dev.augment.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.fixtures.Jars;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's host and plugin snippets are these files, word for word, and they work: the plugin
 * is compiled and loaded by the host, whose module this is, in a JVM of its own on the module path.
 */
class ReadmeSnippetsTest {

  private static final Path README =
      Path.of(System.getProperty("augment.readme", "../../README.md"));
  private static final Path SNIPPETS = Path.of(System.getProperty("augment.snippets", "."));
  private static final Path HOST_CLASSES =
      Path.of(System.getProperty("augment.hostClasses", "target/classes"));

  /** {@code <!-- snippet: PATH[#region] -->}, then a fenced block. */
  private static final Pattern QUOTE =
      Pattern.compile(
          "<!-- snippet: ([^#\\s]+)(?:#(\\w+))? -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);

  private static final Pattern RUNTIME =
      Pattern.compile(
          "(augment-(api|core|example-contract)-|jackson-|asm-\\d|slf4j-(api|simple)-).*\\.jar");

  @TempDir Path tmp;

  /** The lines between {@code // README: region} and {@code // README: end}, dedented. */
  static String region(String file, String name) {
    List<String> lines = file.lines().toList();
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.equals("// README: " + name)) {
        from = i + 1;
      } else if (from >= 0 && l.equals("// README: end")) {
        to = i;
        break;
      }
    }
    assertTrue(from >= 0 && to > from, "no region " + name);
    List<String> body = lines.subList(from, to);
    int indent =
        body.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return String.join(
        "\n", body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
  }

  @Test
  void theReadmeQuotesTheSnippetFilesWordForWord() throws Exception {
    String readme = Files.readString(README);
    Matcher m = QUOTE.matcher(readme);
    List<String> quoted = new ArrayList<>();
    while (m.find()) {
      String file = Files.readString(SNIPPETS.resolve(m.group(1))).stripTrailing();
      String expected = m.group(2) == null ? file : region(file, m.group(2));
      assertEquals(expected, m.group(3), "README.md's quote of " + m.group(1));
      quoted.add(m.group(1));
    }
    assertEquals(
        List.of(
            "src/main/java/dev/augment/readme/ReadmeHost.java",
            "src/plugin/java/module-info.java",
            "src/plugin/java/com/acme/greeter/HelloRoute.java",
            "src/plugin/plugin.manifest.json"),
        quoted);
  }

  @Test
  void theHostSnippetLoadsAndCallsThePluginSnippet() throws Exception {
    List<Path> runtime =
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .filter(p -> RUNTIME.matcher(p.getFileName().toString()).matches())
            .toList();
    Jars plugin = Jars.of().modulePath(runtime.toArray(Path[]::new));
    Path sources = SNIPPETS.resolve("src/plugin/java");
    try (Stream<Path> walk = Files.walk(sources)) {
      for (Path f : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
        plugin.source(sources.relativize(f).toString().replace('\\', '/'), Files.readString(f));
      }
    }
    Path folder = tmp.resolve("plugins/greeter");
    plugin.writeTo(folder.resolve("modules/greeter-1.0.0.jar"));
    Files.copy(
        SNIPPETS.resolve("src/plugin/plugin.manifest.json"),
        folder.resolve("plugin.manifest.json"));

    List<String> path = new ArrayList<>(List.of(HOST_CLASSES.toString()));
    runtime.forEach(p -> path.add(p.toString()));
    Process host =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-p",
                String.join(File.pathSeparator, path),
                "-m",
                "augment.readme/dev.augment.readme.ReadmeHost",
                tmp.resolve("plugins").toString())
            .redirectError(tmp.resolve("host.err").toFile())
            .start();
    String out = new String(host.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(host.waitFor(2, TimeUnit.MINUTES));
    String err = Files.readString(tmp.resolve("host.err"));
    assertEquals(0, host.exitValue(), out + err);
    assertEquals("greeter: Hello, world!\n", out, err);
  }
}
