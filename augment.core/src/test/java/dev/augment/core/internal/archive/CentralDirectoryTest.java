package dev.augment.core.internal.archive;

import static dev.augment.fixtures.Fixtures.rawZip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the central directory adds to extraction: the list other zip tools show is the list the host
 * extracts, and what the local entries cannot tell (a symbolic link, a missing end) refuses the
 * zip. Each case runs in memory and streamed.
 */
class CentralDirectoryTest {

  private static final String SEEDS =
      "ArchiveFuzzTestInputs/anyBytesAreExtractedInsideTheCacheOrRefusedAsAnArchive/";

  @TempDir Path tmp;

  @Test
  void aSymbolicLinkEntryRefusesTheZip() throws IOException {
    Path zip = seed("symlink");
    for (long inMemory : new long[] {1 << 20, 0}) {
      PluginLoadException e = refused(zip, inMemory, ArchiveCache.Limits.DEFAULT);
      assertTrue(e.getMessage().contains("'modules/link' is a symbolic link"), e.getMessage());
    }
  }

  @Test
  void aZipCutBeforeItsCentralDirectoryIsTruncatedNotHalfLoaded() throws IOException {
    byte[] whole = Files.readAllBytes(rawZip(tmp.resolve("whole.zip"), "a.txt", "A", "b.txt", "B"));
    int end = whole.length - 22;
    int central =
        (whole[end + 16] & 0xff)
            | (whole[end + 17] & 0xff) << 8
            | (whole[end + 18] & 0xff) << 16
            | (whole[end + 19] & 0xff) << 24;
    Path cut = Files.write(tmp.resolve("cut.zip"), Arrays.copyOf(whole, central));
    for (long inMemory : new long[] {1 << 20, 0}) {
      PluginLoadException e = refused(cut, inMemory, ArchiveCache.Limits.DEFAULT);
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
  }

  @Test
  void moreEntriesThanTheLimitAreRefusedBeforeAnythingIsWritten() throws IOException {
    Path zip = rawZip(tmp.resolve("many.zip"), "a", "1", "b", "2", "c", "3");
    PluginLoadException e = refused(zip, 1 << 20, new ArchiveCache.Limits(2, 1000));
    assertTrue(
        e.getMessage().contains("lists 3 entries, more than the limit of 2"), e.getMessage());
  }

  @Test
  void aZipThatExpandsPastTheRatioIsRefusedOnceItPassesTheFloor() throws IOException {
    Path zip = tmp.resolve("zeros.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("zeros.bin"));
      out.write(new byte[3 * 1024 * 1024]);
      out.closeEntry();
    }
    for (long inMemory : new long[] {1 << 20, 0}) {
      PluginLoadException e = refused(zip, inMemory, new ArchiveCache.Limits(10, 1L << 30, 100));
      assertTrue(e.getMessage().contains("more than 100 times its own size"), e.getMessage());
    }
    // Under the floor of 1 MiB the ratio is not checked: small files of zeros are fine.
    Path small = rawZip(tmp.resolve("small.zip"), "zeros.txt", "0".repeat(500_000));
    new ArchiveCache(tmp.resolve("ok-cache"), new ArchiveCache.Limits(10, 1L << 30, 2))
        .stage(source(small));
  }

  @Test
  void theLimitsRefuseWhatIsNotPositive() {
    assertThrows(IllegalArgumentException.class, () -> new ArchiveCache.Limits(1, 1, 0));
    assertEquals(100, ArchiveCache.Limits.DEFAULT.maxRatio());
  }

  private PluginLoadException refused(Path zip, long inMemory, ArchiveCache.Limits limits)
      throws IOException {
    Path cache = tmp.resolve("cache-" + inMemory);
    ArchiveCache archives = new ArchiveCache(cache, limits, inMemory);
    PluginLoadException e =
        assertThrows(PluginLoadException.class, () -> archives.stage(source(zip)));
    assertEquals(Rule.ARCHIVE, e.rule(), e.getMessage());
    try (Stream<Path> left = Files.list(cache)) {
      assertEquals(List.of(), left.toList(), "nothing is left in the cache");
    }
    return e;
  }

  private Path seed(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(SEEDS + name)) {
      return Files.write(tmp.resolve(name + ".zip"), in.readAllBytes());
    }
  }

  private static Source source(Path zip) {
    return new Source(zip.toAbsolutePath(), zip.toAbsolutePath().getParent(), Source.Kind.ZIP);
  }
}
