package dev.augment.core.internal.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Source;
import dev.augment.core.internal.plugin.Staged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fuzzes the archive reader: {@link ArchiveCache} over arbitrary bytes named {@code plugin.zip}.
 * Whatever the bytes, it extracts them inside its cache or refuses them with {@link Rule#ARCHIVE}
 * and a message naming the zip and never the cache; it never throws anything else, never leaves a
 * temporary folder, and never writes beside the zip.
 *
 * <p>The default build runs the inputs in {@code ArchiveFuzzTestInputs/} only (regression mode);
 * {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration}. A crashing input Jazzer finds is written
 * there and stays a regression test.
 */
class ArchiveFuzzTest {

  /** Small limits, so that a fuzzed bomb is refused quickly. */
  private static final ArchiveCache.Limits LIMITS = new ArchiveCache.Limits(64, 1 << 20, 100);

  @FuzzTest(maxDuration = "30s")
  void anyBytesAreExtractedInsideTheCacheOrRefusedAsAnArchive(byte[] bytes) throws IOException {
    Path dir = Files.createTempDirectory("augment-fuzz-zip");
    try {
      Path zip = Files.write(dir.resolve("plugin.zip"), bytes);
      Path cache = dir.resolve("cache");
      ArchiveCache archives = new ArchiveCache(cache, LIMITS, bytes.length % 2 == 0 ? 1 << 20 : 0);
      try {
        Staged staged = archives.stage(new Source(zip, dir, Source.Kind.ZIP));
        assertTrue(staged.directory().startsWith(cache), staged.directory().toString());
      } catch (PluginLoadException e) {
        assertEquals(Rule.ARCHIVE, e.rule(), e.getMessage());
        assertTrue(e.getMessage().contains("plugin.zip"), e.getMessage());
        assertFalse(e.getMessage().contains(cache.toString()), e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c != 0x7f), e.getMessage());
      }
      try (Stream<Path> beside = Files.list(dir)) {
        List<String> names = beside.map(p -> p.getFileName().toString()).sorted().toList();
        assertTrue(List.of("cache", "plugin.zip").containsAll(names), names.toString());
      }
      if (Files.isDirectory(cache)) {
        try (Stream<Path> entries = Files.list(cache)) {
          assertTrue(
              entries.noneMatch(p -> p.getFileName().toString().startsWith(".extracting-")),
              "no temporary folder is left");
        }
      }
    } finally {
      ArchiveCache.deleteTree(dir);
    }
  }
}
