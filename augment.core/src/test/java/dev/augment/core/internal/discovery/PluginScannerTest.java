package dev.augment.core.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.augment.core.internal.discovery.PluginScanner.Candidate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginScannerTest {

  @TempDir Path dir;

  @Test
  void findsFoldersAndZipsInNameOrderAndSkipsTheRest() throws IOException {
    Files.createDirectories(dir.resolve("b-folder"));
    Files.writeString(dir.resolve("a.zip"), "");
    Files.writeString(dir.resolve("C.ZIP"), "");
    Files.writeString(dir.resolve("readme.txt"), "");
    Files.writeString(dir.resolve(".partial.zip"), "");
    Files.createDirectories(dir.resolve(".hidden"));
    assertEquals(
        List.of(
            new Candidate(dir.resolve("C.ZIP"), true),
            new Candidate(dir.resolve("a.zip"), true),
            new Candidate(dir.resolve("b-folder"), false)),
        PluginScanner.scan(dir));
  }

  @Test
  void refusesAMissingFolder() {
    IOException e = assertThrows(IOException.class, () -> PluginScanner.scan(dir.resolve("no")));
    assertEquals(true, e.getMessage().contains("does not exist"));
  }
}
