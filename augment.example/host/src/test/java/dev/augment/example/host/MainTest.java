package dev.augment.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  private static final Path PLUGINS = Path.of(System.getProperty("host.plugins", "target/plugins"));

  private static List<String> run(Path folder, int expectedCode) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      assertEquals(expectedCode, Main.run(folder, out));
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void printsTheHostsRouteThenEveryPluginsAnswer() {
    List<String> lines = run(PLUGINS, 0);

    assertEquals("GET /health -> OK [host]", lines.get(0));
    assertEquals(3, lines.size(), lines::toString);
    assertEquals(
        true,
        lines.get(1).matches("GET /hello\\?name=world -> Hello, World! \\[greeter@.+]"),
        lines.get(1));
    assertEquals(
        true, lines.get(2).matches("GET /shout\\?text=hello -> HELLO \\[legacy@.+]"), lines.get(2));
  }

  @Test
  void reportsSkippedPluginsAndGoesOn(@TempDir Path folder) throws Exception {
    java.nio.file.Files.createDirectories(folder.resolve("broken/modules"));

    List<String> lines = run(folder, 0);

    assertEquals(2, lines.size(), lines::toString);
    assertEquals(true, lines.get(1).startsWith("SKIPPED plugin 'broken'"), lines.get(1));
  }

  @Test
  void missingPluginFolderIsAnError(@TempDir Path folder) {
    List<String> lines = run(folder.resolve("missing"), Main.NO_PLUGIN_FOLDER);

    assertEquals(List.of(), lines);
  }
}
