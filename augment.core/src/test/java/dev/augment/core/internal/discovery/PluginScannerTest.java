package dev.augment.core.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.augment.core.internal.Parallel;
import dev.augment.core.internal.plugin.Source;
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
            source("C.ZIP", Source.Kind.ZIP),
            source("a.zip", Source.Kind.ZIP),
            source("b-folder", Source.Kind.FOLDER)),
        PluginScanner.scan(dir));
  }

  @Test
  void refusesAMissingFolder() {
    IOException e = assertThrows(IOException.class, () -> PluginScanner.scan(dir.resolve("no")));
    assertEquals(true, e.getMessage().contains("does not exist"));
  }

  @Test
  void neverOpensASpecialFileNamedLikeAZip() throws Exception {
    Path fifo = dir.resolve("stuck.zip");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo works here");
    Files.writeString(dir.resolve("fine.zip"), "");
    assertEquals(List.of(source("fine.zip", Source.Kind.ZIP)), PluginScanner.scan(dir));
  }

  @Test
  void aLargeFolderReadOnSeveralThreadsGivesTheSameCandidatesInTheSameOrder() throws IOException {
    // Above the size from which attributes are read in parallel, with every kind of entry mixed in.
    for (int i = 999; i >= 0; i--) {
      String n = String.format("p%04d", i);
      if (i % 7 == 0) {
        Files.createDirectories(dir.resolve(n));
      } else if (i % 11 == 0) {
        Files.writeString(dir.resolve(n + ".txt"), "");
      } else {
        Files.writeString(dir.resolve(n + ".zip"), "x".repeat(i % 5));
      }
    }
    List<Source> alone = PluginScanner.scan(dir);
    List<Source> parallel;
    try (Parallel p = new Parallel(3)) {
      parallel = PluginScanner.scan(dir, p);
    }
    assertEquals(alone, parallel);
    assertEquals(
        alone.stream().map(s -> s.seen()).toList(), parallel.stream().map(s -> s.seen()).toList());
    // 1,000 entries less the 78 text files (multiples of 11 that are not multiples of 7).
    assertEquals(922, alone.size());
    assertEquals("p0000", alone.get(0).path().getFileName().toString());
    assertEquals("p0999.zip", alone.get(alone.size() - 1).path().getFileName().toString());
  }

  private Source source(String name, Source.Kind kind) {
    Path root = dir.toAbsolutePath().normalize();
    return new Source(root.resolve(name), root, kind);
  }
}
