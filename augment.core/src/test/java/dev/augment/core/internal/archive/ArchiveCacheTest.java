package dev.augment.core.internal.archive;

import static dev.augment.fixtures.Fixtures.rawZip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCacheTest {

  @TempDir Path tmp;

  private ArchiveCache cache() {
    return new ArchiveCache(tmp.resolve("cache"), ArchiveCache.Limits.DEFAULT);
  }

  private List<Path> cacheContents() throws IOException {
    try (Stream<Path> list = Files.list(tmp.resolve("cache"))) {
      return list.toList();
    }
  }

  @Test
  void extractsIntoAContentAddressedFolder() throws IOException {
    Path zip = rawZip(tmp.resolve("p.zip"), "a.txt", "A", "dir/b.txt", "B", "dir/", "");
    Path out = extract(cache(), zip);
    assertEquals(tmp.resolve("cache").toAbsolutePath(), out.getParent());
    assertEquals(64, out.getFileName().toString().length());
    assertEquals("A", Files.readString(out.resolve("a.txt")));
    assertEquals("B", Files.readString(out.resolve("dir/b.txt")));
  }

  @Test
  void reusesTheCachedCopyForTheSameContentAndSeparatesOtherContent() throws IOException {
    Path one = rawZip(tmp.resolve("one.zip"), "a.txt", "A");
    Path same = rawZip(tmp.resolve("same.zip"), "a.txt", "A");
    Path other = rawZip(tmp.resolve("other.zip"), "a.txt", "changed");
    ArchiveCache cache = cache();
    Path first = extract(cache, one);
    Files.writeString(first.resolve("marker"), "kept");
    Path second = extract(cache, same);
    assertEquals(first, second);
    assertTrue(Files.exists(second.resolve("marker")), "not extracted again");
    assertNotEquals(first, extract(cache, other));
    assertEquals(2, cacheContents().size(), "no temporary folder is left behind");
  }

  @Test
  void refusesPathTraversalAndLeavesNothingBehind() throws IOException {
    for (String evil : List.of("../evil.txt", "a/../../evil.txt", "/abs/evil.txt")) {
      Path zip = rawZip(tmp.resolve("evil.zip"), "ok.txt", "fine", evil, "pwned");
      PluginLoadException e = assertThrows(PluginLoadException.class, () -> extract(cache(), zip));
      assertEquals(Rule.ARCHIVE, e.rule());
      assertTrue(e.getMessage().contains("outside the cache"), e.getMessage());
      assertTrue(e.getMessage().contains("evil.zip"), e.getMessage());
      assertEquals(List.of(), cacheContents(), "no partial folder for " + evil);
      assertFalse(Files.exists(tmp.resolve("evil.txt")));
    }
  }

  @Test
  void refusesEntryNamesThatEscapeOrCollideOnWindowsOnEveryPlatform() throws IOException {
    Map<String, String> names =
        Map.of(
            "..\\..\\evil.txt", "backslash",
            "C:/evil.txt", "drive letter",
            "modules/x.jar:stream", "data stream",
            "modules/con", "device",
            "modules/NUL.txt", "device",
            "modules/com1.jar", "device",
            "modules/x.jar.", "trailing dot",
            "modules/x.jar ", "trailing space",
            "modules/a\nb.jar", "newline");
    for (Map.Entry<String, String> n : names.entrySet()) {
      Path zip = rawZip(tmp.resolve("win.zip"), "ok.txt", "fine", n.getKey(), "x");
      PluginLoadException e = assertThrows(PluginLoadException.class, () -> extract(cache(), zip));
      assertEquals(Rule.ARCHIVE, e.rule(), n.getValue());
      assertFalse(e.getMessage().contains("\n"), "the name is escaped: " + e.getMessage());
      assertEquals(List.of(), cacheContents(), "no partial folder for " + n.getValue());
    }
    Path fine = rawZip(tmp.resolve("fine.zip"), "modules/console.jar", "x", "a.b/c", "y");
    assertTrue(Files.exists(extract(cache(), fine).resolve("modules/console.jar")));
  }

  @Test
  void refusesTooManyEntriesAndTooManyBytes() throws IOException {
    Path zip = rawZip(tmp.resolve("big.zip"), "a", "12345", "b", "12345", "c", "12345");
    ArchiveCache fewEntries =
        new ArchiveCache(tmp.resolve("cache"), new ArchiveCache.Limits(2, 1000));
    assertTrue(
        assertThrows(PluginLoadException.class, () -> extract(fewEntries, zip))
            .getMessage()
            .contains("3 entries"));
    ArchiveCache fewBytes = new ArchiveCache(tmp.resolve("cache"), new ArchiveCache.Limits(10, 12));
    assertTrue(
        assertThrows(PluginLoadException.class, () -> extract(fewBytes, zip))
            .getMessage()
            .contains("more than the limit of 12 bytes"));
    assertEquals(List.of(), cacheContents());
  }

  @Test
  void refusesDuplicateEntriesAndDamagedZips() throws IOException {
    Path dup = tmp.resolve("dup.zip");
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(dup))) {
      out.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
      out.closeEntry();
      out.putNextEntry(new java.util.zip.ZipEntry("x/../a.txt"));
      out.closeEntry();
    }
    assertTrue(
        assertThrows(PluginLoadException.class, () -> extract(cache(), dup))
            .getMessage()
            .contains("appears twice"));
    Path junk = Files.writeString(tmp.resolve("junk.zip"), "this is not a zip");
    PluginLoadException e = assertThrows(PluginLoadException.class, () -> extract(cache(), junk));
    assertEquals(Rule.ARCHIVE, e.rule());
    assertTrue(e.getMessage().contains("not a readable zip"), e.getMessage());
  }

  @Test
  void refusesAnEntryNameThatIsNoLegalPath() throws IOException {
    Path zip = rawZip(tmp.resolve("nul.zip"), "bad\u0000name.txt", "x");
    PluginLoadException e = assertThrows(PluginLoadException.class, () -> extract(cache(), zip));
    assertEquals(Rule.ARCHIVE, e.rule());
    assertTrue(
        e.getMessage().contains("entry 'bad\\u0000name.txt' holds a control character"),
        e.getMessage());
    assertEquals(List.of(), cacheContents());
  }

  @Test
  void folderFingerprintsTellFilesAndContentApart() throws IOException {
    Path one = Files.createDirectories(tmp.resolve("one"));
    Files.writeString(one.resolve("a"), "b\u0000hello");
    Path two = Files.createDirectories(tmp.resolve("two"));
    Files.writeString(two.resolve("a"), "");
    Files.writeString(two.resolve("b"), "hello");
    ArchiveCache cache = cache();
    Path first = copyFolder(cache, one);
    Path second = copyFolder(cache, two);
    assertNotEquals(first, second);
    assertEquals("hello", Files.readString(second.resolve("b")));
    assertEquals(first, copyFolder(cache, one), "unchanged content, same copy");
  }

  @Test
  void anUnchangedZipIsKnownWithoutReadingItAndAChangedOneIsExtractedAgain() throws IOException {
    Path zip = rawZip(tmp.resolve("p.zip"), "a.txt", "A");
    ArchiveCache cache = cache();
    Source source = zipSource(zip);
    assertTrue(cache.unchanged(source).isEmpty(), "nothing is known before the first stage");
    Path first = cache.stage(source).directory();
    assertEquals(first, cache.unchanged(source).orElseThrow().directory());
    assertEquals(first, cache.stage(source).directory());

    rawZip(zip, "a.txt", "changed in place");
    assertTrue(cache.unchanged(source).isEmpty(), "a rewritten zip has another stamp");
    Path second = cache.stage(source).directory();
    assertNotEquals(first, second);
    assertEquals("changed in place", Files.readString(second.resolve("a.txt")));

    ArchiveCache.deleteTree(second);
    assertTrue(cache.unchanged(source).isEmpty(), "an entry that is gone is not vouched for");
    assertEquals(second, cache.stage(source).directory());
    assertEquals("changed in place", Files.readString(second.resolve("a.txt")));
  }

  @Test
  void aPassListsTheCacheOnceAndSeesEntriesExtractedDuringIt() throws IOException {
    Path one = rawZip(tmp.resolve("one.zip"), "a.txt", "1");
    Path two = rawZip(tmp.resolve("two.zip"), "a.txt", "2");
    ArchiveCache cache = cache();
    cache.stage(zipSource(one));
    cache.beginPass();
    try {
      assertTrue(cache.unchanged(zipSource(one)).isPresent());
      Path entry = cache.stage(zipSource(two)).directory();
      assertEquals(entry, cache.unchanged(zipSource(two)).orElseThrow().directory());
    } finally {
      cache.endPass();
    }
    ArchiveCache.deleteTree(cache.stage(zipSource(one)).directory());
    assertTrue(cache.unchanged(zipSource(one)).isEmpty(), "after the pass, the disk is asked");
  }

  @Test
  void aLargeZipIsExtractedWhileItIsHashedToTheSameEntry() throws IOException {
    Path zip = rawZip(tmp.resolve("p.zip"), "a.txt", "A", "dir/b.txt", "B");
    Path inMemory = extract(cache(), zip);
    ArchiveCache.deleteTree(inMemory);
    ArchiveCache streaming = new ArchiveCache(tmp.resolve("cache"), ArchiveCache.Limits.DEFAULT, 0);
    assertEquals(inMemory, extract(streaming, zip), "both ways hash the whole zip");
    assertEquals("B", Files.readString(inMemory.resolve("dir/b.txt")));
    assertEquals(List.of(inMemory), cacheContents(), "no temporary folder is left behind");

    Path evil = rawZip(tmp.resolve("evil.zip"), "ok.txt", "fine", "../evil.txt", "pwned");
    PluginLoadException e = assertThrows(PluginLoadException.class, () -> extract(streaming, evil));
    assertTrue(e.getMessage().contains("outside the cache"), e.getMessage());
    Path junk = Files.writeString(tmp.resolve("junk.zip"), "this is not a zip");
    assertTrue(
        assertThrows(PluginLoadException.class, () -> extract(streaming, junk))
            .getMessage()
            .contains("not a readable zip"));
    assertEquals(List.of(inMemory), cacheContents(), "a refused zip leaves nothing behind");
  }

  @Test
  void anEmptyZipIsReadableAndHoldsNothing() throws IOException {
    Path empty = rawZip(tmp.resolve("empty.zip"));
    Path out = extract(cache(), empty);
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(0, files.count());
    }
  }

  private static Source zipSource(Path zip) {
    return new Source(zip.toAbsolutePath(), zip.toAbsolutePath().getParent(), Source.Kind.ZIP);
  }

  @Test
  void deleteTreeIgnoresMissingFolders() throws IOException {
    ArchiveCache.deleteTree(tmp.resolve("nothing"));
    Path d = Files.createDirectories(tmp.resolve("d/e"));
    Files.writeString(d.resolve("f"), "x");
    ArchiveCache.deleteTree(tmp.resolve("d"));
    assertFalse(Files.exists(tmp.resolve("d")));
  }

  private static Path extract(ArchiveCache cache, Path zip) {
    return cache
        .stage(new Source(zip.toAbsolutePath(), zip.toAbsolutePath().getParent(), Source.Kind.ZIP))
        .directory();
  }

  private static Path copyFolder(ArchiveCache cache, Path folder) {
    return cache
        .stage(
            new Source(
                folder.toAbsolutePath(), folder.toAbsolutePath().getParent(), Source.Kind.FOLDER))
        .directory();
  }
}
