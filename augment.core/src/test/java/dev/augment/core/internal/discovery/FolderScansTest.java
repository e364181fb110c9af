package dev.augment.core.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.internal.Parallel;
import dev.augment.core.internal.plugin.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched folder's scan is the folder's full scan after every kind of change, including the ones
 * no watch of the folder can see (a link's target, a hard link written through its other name, a
 * change inside a plugin sub-folder), and a scan right after a write sees the write.
 */
class FolderScansTest {

  private static final int WATCH_FROM = 8;

  @TempDir Path dir;
  @TempDir Path elsewhere;
  @TempDir Path cache;

  private Path plugins;
  private Parallel parallel;
  private FolderScans scans;

  @BeforeEach
  void setUp() throws IOException {
    plugins = Files.createDirectories(dir.resolve("plugins"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(plugins.resolve(String.format("p%02d.zip", i)), "x".repeat(i));
    }
    Files.writeString(plugins.resolve("readme.txt"), "not a plugin");
    parallel = new Parallel(2);
    scans = new FolderScans(cache, parallel, WATCH_FROM);
  }

  @AfterEach
  void tearDown() {
    scans.close();
    parallel.close();
  }

  /** What the folder holds now, read in full. */
  private List<Source> full() throws IOException {
    return PluginScanner.scan(plugins);
  }

  private FolderScans.Scan scan() throws IOException {
    scans.beginPass();
    return scans.scan(plugins);
  }

  /** Scans until the folder is watched (the second full scan registers it), and checks that. */
  private void watched() throws IOException {
    assertTrue(watch().unchanged(), "nothing changed between the first two scans");
  }

  private FolderScans.Scan watch() throws IOException {
    scan();
    FolderScans.Scan second = scan();
    boolean local =
        FolderScans.LOCAL.contains(Files.getFileStore(plugins).type().toLowerCase(Locale.ROOT));
    assertEquals(local, scans.watched(plugins), "a folder on a local file system is watched");
    return second;
  }

  private void assertSameAsFull(FolderScans.Scan scan) throws IOException {
    List<Source> full = full();
    assertEquals(full, scan.sources());
    assertEquals(
        full.stream().map(Source::seen).toList(),
        scan.sources().stream().map(Source::seen).toList());
  }

  @Test
  void aScanWithNothingChangedIsTheLastScanAndSaysSo() throws IOException {
    watched();
    for (int i = 0; i < 5; i++) {
      FolderScans.Scan s = scan();
      assertTrue(s.unchanged());
      assertSameAsFull(s);
    }
  }

  @Test
  void aWatchedFolderReadsOnlyTheNamesThatChanged() throws IOException {
    watched();
    assertEquals(20, scans.entriesRead(), "the second scan reads the folder in full");
    org.junit.jupiter.api.Assumptions.assumeTrue(scans.watched(plugins), "a local file system");
    assertTrue(scan().unchanged());
    assertEquals(0, scans.entriesRead());
    Files.writeString(plugins.resolve("p10.zip"), "changed");
    Files.writeString(plugins.resolve("p11.zip"), "changed too");
    FolderScans.Scan s = scan();
    assertFalse(s.unchanged());
    assertEquals(2, scans.entriesRead());
    assertSameAsFull(s);
  }

  @Test
  void aScanRightAfterAWriteSeesTheWrite() throws IOException {
    watched();
    Path p = plugins.resolve("p05.zip");
    for (int i = 1; i <= 200; i++) {
      // A new size every time: the very next scan must carry the new stamp.
      Files.writeString(p, "y".repeat(i));
      FolderScans.Scan s = scan();
      assertFalse(s.unchanged(), "write " + i);
      assertEquals((long) i, s.sources().get(5).seen().orElseThrow().size(), "write " + i);
    }
    assertSameAsFull(scan());
  }

  @Test
  void everyKindOfChangeInTheFolderGivesTheFullScan() throws IOException {
    watched();
    Files.writeString(plugins.resolve("new.zip"), "new");
    assertSameAsFull(scan());
    Files.delete(plugins.resolve("p03.zip"));
    assertSameAsFull(scan());
    Files.writeString(plugins.resolve("p04.zip"), "rewritten in place, another size");
    assertSameAsFull(scan());
    Files.setLastModifiedTime(
        plugins.resolve("p06.zip"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    FolderScans.Scan touched = scan();
    assertFalse(touched.unchanged());
    assertSameAsFull(touched);
    Path outside = Files.writeString(elsewhere.resolve("moved.zip"), "moved in");
    Files.move(outside, plugins.resolve("moved.zip"), StandardCopyOption.ATOMIC_MOVE);
    assertSameAsFull(scan());
    Files.move(
        plugins.resolve("p07.zip"), elsewhere.resolve("p07.zip"), StandardCopyOption.ATOMIC_MOVE);
    assertSameAsFull(scan());
    Files.move(
        plugins.resolve("p08.zip"),
        plugins.resolve("p08-renamed.zip"),
        StandardCopyOption.ATOMIC_MOVE);
    assertSameAsFull(scan());
    Files.writeString(plugins.resolve("notes.txt"), "not a plugin");
    FolderScans.Scan notAPlugin = scan();
    assertTrue(notAPlugin.unchanged(), "a file that is no candidate changes no candidate");
    assertSameAsFull(notAPlugin);
    Files.writeString(plugins.resolve(".hidden.zip"), "skipped");
    assertTrue(scan().unchanged());
    assertTrue(scan().unchanged());
  }

  @Test
  void whatTheWatchCannotSeeIsReadOnEveryScan() throws IOException {
    Path target = Files.writeString(elsewhere.resolve("target.zip"), "a");
    Files.createSymbolicLink(plugins.resolve("linked.zip"), target);
    Path store = Files.writeString(elsewhere.resolve("stored.zip"), "b");
    Files.createLink(plugins.resolve("hardlinked.zip"), store);
    Path folder = Files.createDirectories(plugins.resolve("folder-plugin"));
    watch();
    assertEquals(
        List.of("folder-plugin", "hardlinked.zip", "linked.zip"), scans.unwatched(plugins));
    // A sub-folder's content is the pipeline's to check on each pass: never "unchanged".
    assertFalse(scan().unchanged());

    Files.writeString(target, "the link's target, rewritten");
    assertSameAsFull(scan());
    Files.writeString(store, "written through the other name");
    assertSameAsFull(scan());
    Files.writeString(folder.resolve("plugin.manifest.json"), "{}");
    assertSameAsFull(scan());
    // Once the second name is gone, the zip is watched like any other.
    Files.delete(store);
    Files.writeString(plugins.resolve("p00.zip"), "a change to wake the watch");
    assertSameAsFull(scan());
    assertEquals(List.of("folder-plugin", "linked.zip"), scans.unwatched(plugins));
  }

  @Test
  void aFolderReplacedByAnotherIsReadInFull() throws IOException {
    watched();
    Path old = dir.resolve("old-plugins");
    Files.move(plugins, old, StandardCopyOption.ATOMIC_MOVE);
    Files.createDirectories(plugins);
    Files.writeString(plugins.resolve("only.zip"), "only");
    FolderScans.Scan s = scan();
    assertFalse(s.unchanged());
    assertSameAsFull(s);
    assertEquals(1, s.sources().size());
  }

  @Test
  void aFolderThatDisappearsFailsItsScanAndIsReadInFullWhenItReturns() throws IOException {
    watched();
    Path old = dir.resolve("gone");
    Files.move(plugins, old, StandardCopyOption.ATOMIC_MOVE);
    IOException e = assertThrows(IOException.class, this::scan);
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    Files.move(old, plugins, StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(plugins.resolve("p01.zip"), "changed while it was away");
    assertSameAsFull(scan());
  }

  @Test
  void aSmallFolderIsNeverWatched() throws IOException {
    try (Parallel p = new Parallel(1)) {
      FolderScans small = new FolderScans(cache, p, 1000);
      try {
        small.beginPass();
        small.scan(plugins);
        small.beginPass();
        assertTrue(small.scan(plugins).unchanged());
        assertFalse(small.watched(plugins));
        Files.writeString(plugins.resolve("p02.zip"), "changed");
        small.beginPass();
        FolderScans.Scan s = small.scan(plugins);
        assertFalse(s.unchanged());
        assertEquals(full(), s.sources());
      } finally {
        small.close();
      }
    }
  }

  @Test
  void closingTheScansLeavesNoFenceFolderInTheCache() throws IOException {
    watched();
    scan();
    scans.close();
    try (var entries = Files.list(cache)) {
      assertEquals(
          List.of(),
          entries
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith(FolderEvents.FENCE_PREFIX))
              .toList());
    }
  }
}
