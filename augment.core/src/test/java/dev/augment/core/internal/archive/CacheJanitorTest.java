package dev.augment.core.internal.archive;

import static dev.augment.fixtures.Fixtures.rawZip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.CacheStats;
import dev.augment.core.internal.plugin.Source;
import dev.augment.core.internal.plugin.Staged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Housekeeping on a real cache directory, with a clock the test moves. */
class CacheJanitorTest {

  @TempDir Path tmp;

  /** A clock the test moves forward by hand. */
  static final class Moving extends Clock {
    Instant now = Instant.now();

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private Path cacheDir() {
    return tmp.resolve("cache").toAbsolutePath().normalize();
  }

  private Staged stage(ArchiveCache cache, Path zip) {
    Path root = zip.getParent().toAbsolutePath().normalize();
    return cache.stage(new Source(zip.toAbsolutePath().normalize(), root, Source.Kind.ZIP));
  }

  private List<String> names() throws IOException {
    try (Stream<Path> list = Files.list(cacheDir())) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private List<String> entries() throws IOException {
    return names().stream().filter(n -> !n.startsWith(".") && !n.endsWith(".sum")).toList();
  }

  @Test
  void temporaryFoldersLeftByACrashAreSweptAtStart() throws IOException {
    Files.createDirectories(cacheDir().resolve(".extracting-123/content/modules"));
    Files.writeString(cacheDir().resolve(".extracting-123/content/modules/x.jar"), "half");
    Files.createDirectories(cacheDir().resolve(".trash-old"));
    try (CacheJanitor janitor = new CacheJanitor(cacheDir(), Duration.ofMinutes(10))) {
      janitor.afterReload(List.of());
      assertEquals(List.of(), entries());
      assertTrue(
          names().stream().noneMatch(n -> n.startsWith(".extracting-") || n.startsWith(".trash-")),
          names().toString());
    }
  }

  @Test
  void unusedCopiesGoAfterTheRetentionAndNeverWhileInUse() throws IOException {
    Moving clock = new Moving();
    CacheJanitor janitor = new CacheJanitor(cacheDir(), Duration.ofMinutes(10), clock);
    ArchiveCache cache =
        new ArchiveCache(cacheDir(), ArchiveCache.Limits.DEFAULT).housekeeping(janitor);
    Staged one = stage(cache, rawZip(tmp.resolve("one.zip"), "a.txt", "1"));
    Staged two = stage(cache, rawZip(tmp.resolve("two.zip"), "a.txt", "2"));
    Path verdicts = Files.createDirectories(cacheDir().resolve(CacheJanitor.ENTRY_FILES));
    Path oneVerdict = verdicts.resolve(one.directory().getFileName() + "-rules1");
    Path twoVerdict = verdicts.resolve(two.directory().getFileName() + "-rules1");
    Path strayVerdict = verdicts.resolve("d-" + "0".repeat(64) + "-rules1");
    for (Path v : List.of(oneVerdict, twoVerdict, strayVerdict)) {
      Files.writeString(v, "verdict");
    }
    janitor.afterReload(List.of(one.directory(), two.directory()));
    assertFalse(Files.exists(strayVerdict), "a file of an entry no longer in the cache goes");
    assertTrue(Files.exists(oneVerdict) && Files.exists(twoVerdict), "those of entries stay");
    clock.advance(Duration.ofHours(1));
    janitor.afterReload(List.of(one.directory(), two.directory()));
    assertEquals(2, entries().size(), "copies in use stay, however old");

    janitor.afterReload(List.of(two.directory()));
    clock.advance(Duration.ofMinutes(9));
    janitor.afterReload(List.of(two.directory()));
    assertTrue(Files.isDirectory(one.directory()), "kept within the retention");
    clock.advance(Duration.ofMinutes(2));
    janitor.afterReload(List.of(two.directory()));
    assertFalse(Files.isDirectory(one.directory()), "removed after the retention");
    assertFalse(Files.exists(Integrity.record(one.directory())), "with its record");
    assertFalse(Files.exists(oneVerdict), "and its verdict");
    assertTrue(Files.exists(twoVerdict), "the verdict of the entry kept stays");
    assertEquals(List.of(two.directory().getFileName().toString()), entries());
    CacheStats stats = janitor.stats();
    assertEquals(1, stats.entries());
    assertTrue(stats.bytes() > 0);
    janitor.close();
  }

  @Test
  void aDroppedLayerThatIsCollectedIsForgottenWithoutWaitingForAReload() throws Exception {
    Moving clock = new Moving();
    CacheJanitor janitor = new CacheJanitor(cacheDir(), Duration.ofMinutes(10), clock);
    ArchiveCache cache =
        new ArchiveCache(cacheDir(), ArchiveCache.Limits.DEFAULT).housekeeping(janitor);
    Staged staged = stage(cache, rawZip(tmp.resolve("layered.zip"), "a.txt", "1"));
    janitor.afterReload(List.of(staged.directory()));
    // A real layer whose one (automatic) module is read from the cache copy.
    Path jar = rawZip(staged.directory().resolve("thing-1.0.jar"), "x.txt", "x");
    java.lang.ref.WeakReference<ModuleLayer> ref = dropLayerOf(janitor, jar);
    Instant dropped = clock.instant();
    janitor.afterReload(List.of());
    clock.advance(Duration.ofMinutes(5));
    for (int i = 0; i < 200 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertTrue(ref.get() == null, "the layer was collected");
    assertEquals(dropped, Files.getLastModifiedTime(staged.directory()).toInstant());
    janitor.collected();
    assertEquals(
        clock.instant(),
        Files.getLastModifiedTime(staged.directory()).toInstant(),
        "the copy's retention starts when its last layer was collected, not at the next reload");
    janitor.close();
  }

  private static java.lang.ref.WeakReference<ModuleLayer> dropLayerOf(
      CacheJanitor janitor, Path jar) {
    java.lang.module.ModuleFinder finder = java.lang.module.ModuleFinder.of(jar);
    java.lang.module.Configuration cf =
        ModuleLayer.boot()
            .configuration()
            .resolve(finder, java.lang.module.ModuleFinder.of(), java.util.Set.of("thing"));
    ModuleLayer layer =
        ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    janitor.dropped(layer);
    return new java.lang.ref.WeakReference<>(layer);
  }

  @Test
  void aFileTouchedButIntactIsNoDamageAndItsNewTimeIsRecorded() throws IOException {
    CacheJanitor janitor = new CacheJanitor(cacheDir(), Duration.ofMinutes(10));
    ArchiveCache cache =
        new ArchiveCache(cacheDir(), ArchiveCache.Limits.DEFAULT).housekeeping(janitor);
    Path zip = rawZip(tmp.resolve("t.zip"), "modules/a.jar", "jar bytes", "m.json", "{}");
    Staged first = stage(cache, zip);
    Path jar = first.directory().resolve("modules/a.jar");
    String recorded = Files.readString(Integrity.record(first.directory()));
    FileTime later = FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000);
    Files.setLastModifiedTime(jar, later);
    assertEquals(Optional.empty(), Integrity.check(first.directory()));
    String now = Files.readString(Integrity.record(first.directory()));
    assertTrue(now.startsWith("augment-sum 2\n"), now);
    assertTrue(
        !now.equals(recorded) && now.contains(" " + later.to(TimeUnit.NANOSECONDS) + " "), now);
    assertTrue(names().stream().noneMatch(n -> n.startsWith(".damaged-")), names().toString());
    janitor.close();
  }

  @Test
  void aRecordOfTheFirstFormatIsCheckedInFullAndRewritten() throws IOException {
    CacheJanitor janitor = new CacheJanitor(cacheDir(), Duration.ofMinutes(10));
    ArchiveCache cache =
        new ArchiveCache(cacheDir(), ArchiveCache.Limits.DEFAULT).housekeeping(janitor);
    Path zip = rawZip(tmp.resolve("v.zip"), "modules/a.jar", "jar bytes", "m.json", "{}");
    Staged first = stage(cache, zip);
    Path sum = Integrity.record(first.directory());
    // The first format: size, hash and name; no time.
    StringBuilder v1 = new StringBuilder("augment-sum 1\n");
    for (String line : Files.readAllLines(sum).subList(1, 3)) {
      String[] p = line.split(" ");
      v1.append(p[0]).append(' ').append(p[2]).append(' ').append(p[3]).append('\n');
    }
    Files.writeString(sum, v1);
    assertEquals(Optional.empty(), Integrity.check(first.directory()));
    assertTrue(Files.readString(sum).startsWith("augment-sum 2\n"));
    Files.writeString(first.directory().resolve("modules/a.jar"), "jar BYTES");
    Files.writeString(sum, v1);
    assertEquals(
        Optional.of("file modules/a.jar changed its content"), Integrity.check(first.directory()));
    janitor.close();
  }

  @Test
  void aDamagedCopyIsMadeAgainInsteadOfRefusingThePlugin() throws IOException {
    CacheJanitor janitor = new CacheJanitor(cacheDir(), Duration.ofMinutes(10));
    ArchiveCache cache =
        new ArchiveCache(cacheDir(), ArchiveCache.Limits.DEFAULT).housekeeping(janitor);
    Path zip = rawZip(tmp.resolve("p.zip"), "modules/a.jar", "jar bytes", "m.json", "{}");
    Staged first = stage(cache, zip);
    assertTrue(Files.exists(Integrity.record(first.directory())), "recorded at extraction");

    Files.writeString(first.directory().resolve("modules/a.jar"), "cut");
    Staged again = stage(cache, zip);
    assertEquals(first.directory(), again.directory());
    assertEquals("jar bytes", Files.readString(again.directory().resolve("modules/a.jar")));

    // The same size, other bytes: its time changed, so it is hashed and found out.
    Files.writeString(again.directory().resolve("modules/a.jar"), "jar BYTES");
    assertEquals(
        "jar bytes",
        Files.readString(stage(cache, zip).directory().resolve("modules/a.jar")),
        "a same-size change is found by its hash");

    Files.writeString(again.directory().resolve("modules/planted.jar"), "evil");
    stage(cache, zip);
    assertFalse(
        Files.exists(again.directory().resolve("modules/planted.jar")), "an extra file is damage");
    assertTrue(names().stream().noneMatch(n -> n.startsWith(".damaged-")), names().toString());
    janitor.close();
  }

  @Test
  void aCopyRemovedByAnotherHostAfterStagingIsStagedAgain() throws IOException {
    CacheJanitor janitor = new CacheJanitor(cacheDir(), Duration.ofMinutes(10));
    ArchiveCache cache = new ArchiveCache(cacheDir(), ArchiveCache.Limits.DEFAULT);
    Path zip = rawZip(tmp.resolve("p.zip"), "a.txt", "A");
    Staged staged = stage(cache, zip);
    ArchiveCache.deleteTree(staged.directory());
    Staged claimed = janitor.claim(staged, () -> stage(cache, zip));
    assertTrue(Files.isDirectory(claimed.directory()));
    assertEquals("A", Files.readString(claimed.directory().resolve("a.txt")));
    janitor.close();
  }

  @Test
  void twoJanitorsOfOneJvmSeeEachOthersLeases() throws IOException {
    Moving clock = new Moving();
    CacheJanitor a = new CacheJanitor(cacheDir(), Duration.ZERO, clock);
    CacheJanitor b = new CacheJanitor(cacheDir(), Duration.ZERO, clock);
    ArchiveCache cacheA = new ArchiveCache(cacheDir(), ArchiveCache.Limits.DEFAULT).housekeeping(a);
    ArchiveCache cacheB = new ArchiveCache(cacheDir(), ArchiveCache.Limits.DEFAULT).housekeeping(b);
    Path zip = rawZip(tmp.resolve("shared.zip"), "a.txt", "shared");
    Staged inB = stage(cacheB, zip);
    b.afterReload(List.of(inB.directory()));
    Staged inA = stage(cacheA, zip);
    assertEquals(inA.directory(), inB.directory());
    clock.advance(Duration.ofMinutes(5));
    a.afterReload(List.of());
    a.afterReload(List.of());
    assertTrue(Files.isDirectory(inB.directory()), "b's lease keeps the copy");
    b.close();
    clock.advance(Duration.ofSeconds(1));
    a.afterReload(List.of());
    assertFalse(Files.isDirectory(inB.directory()), "gone once no host uses it");
    a.close();
  }

  @Test
  void aLeaseOfAnEndedProcessIsDeleted() throws IOException {
    Path leases = Files.createDirectories(cacheDir().resolve(CacheLease.DIR));
    Path dead = Files.writeString(leases.resolve("1-dead.lease"), "someentry\n");
    Path entry = Files.createDirectories(cacheDir().resolve("someentry"));
    Files.setLastModifiedTime(
        entry, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(1))));
    try (CacheJanitor janitor = new CacheJanitor(cacheDir(), Duration.ofMinutes(1))) {
      janitor.afterReload(List.of());
      assertFalse(Files.exists(dead), "nobody holds its lock");
      assertFalse(Files.exists(entry), "so its entries are not protected");
    }
  }
}
