package dev.augment.core.internal.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import com.google.common.jimfs.WatchServiceConfiguration;
import dev.augment.core.internal.archive.ArchiveCache;
import dev.augment.core.internal.archive.CacheJanitor;
import dev.augment.core.internal.discovery.FolderWatcher;
import dev.augment.core.internal.discovery.PluginScanner;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scanning, source names, folder copies in the cache, housekeeping and watching on a file system
 * with Windows semantics: drive letters, backslashes, case-insensitive names. Zips are not staged
 * here: {@code ZipFile} needs a {@code java.io.File}, which only the default file system gives.
 */
class WindowsPathsTest {

  private FileSystem fs;

  @BeforeEach
  void windows() {
    fs =
        Jimfs.newFileSystem(
            Configuration.windows().toBuilder()
                .setWorkingDirectory("C:\\work")
                .setWatchServiceConfiguration(
                    WatchServiceConfiguration.polling(20, TimeUnit.MILLISECONDS))
                .build());
  }

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private Path plugin(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("modules"));
    Files.writeString(dir.resolve("plugin.manifest.json"), "{}");
    Files.writeString(dir.resolve("modules").resolve("a.jar"), "jar");
    return dir;
  }

  @Test
  void scanningNormalizesEverySpellingOfAFolderToOneSource() throws IOException {
    Path root = Files.createDirectories(fs.getPath("C:\\plugins"));
    plugin(root.resolve("Greeter"));
    Files.writeString(root.resolve("b.ZIP"), "");
    Files.writeString(root.resolve(".partial.zip"), "");
    Files.writeString(root.resolve("readme.txt"), "");
    List<Source> plain = PluginScanner.scan(root);
    assertEquals(plain, PluginScanner.scan(fs.getPath("C:/plugins/./sub/..")));
    assertEquals(plain, PluginScanner.scan(fs.getPath("..\\plugins")));
    assertEquals(List.of("Greeter", "b.ZIP"), plain.stream().map(Source::label).toList());
    assertEquals(Source.Kind.ZIP, plain.get(1).kind());
    assertEquals(fs.getPath("C:\\plugins"), plain.get(0).root());
  }

  @Test
  void twoNamesDifferingOnlyInCaseAreOneFileOnWindows() throws IOException {
    Path root = Files.createDirectories(fs.getPath("C:\\plugins"));
    Files.writeString(root.resolve("Greeter.zip"), "first");
    Files.writeString(root.resolve("greeter.zip"), "second");
    List<Source> found = PluginScanner.scan(root);
    assertEquals(1, found.size(), "the second write replaced the first: " + found);
    assertEquals("Greeter.zip", found.get(0).label(), "the name first written is kept");
    assertEquals("second", Files.readString(found.get(0).path()));
  }

  @Test
  void aFolderPluginIsCopiedIntoTheCacheAndNamedWithForwardSlashes() throws IOException {
    Path root = Files.createDirectories(fs.getPath("C:\\plugins"));
    Path dir = plugin(root.resolve("greeter"));
    Path cacheDir = fs.getPath("C:\\Users\\host\\cache");
    try (CacheJanitor janitor = new CacheJanitor(cacheDir, Duration.ZERO)) {
      ArchiveCache cache = new ArchiveCache(cacheDir, ArchiveCache.Limits.DEFAULT);
      cache.housekeeping(janitor);
      Source source = PluginScanner.scan(root).get(0);
      Staged staged = cache.stage(source);
      assertEquals(cacheDir, staged.directory().getParent());
      assertTrue(staged.directory().getFileName().toString().startsWith("d-"));
      Path jar = staged.directory().resolve("modules\\a.jar");
      assertEquals("jar", Files.readString(jar));
      assertEquals("modules/a.jar", staged.inside(jar));
      assertEquals(dir.resolve("modules\\a.jar"), staged.report(jar));
      assertTrue(Files.exists(cacheDir.resolve(staged.directory().getFileName() + ".sum")));
      assertEquals(staged.sha256(), cache.stage(source).sha256(), "the same content, reused");

      Files.writeString(staged.directory().resolve("MODULES\\A.JAR"), "changed");
      assertEquals(
          "jar", Files.readString(cache.stage(source).directory().resolve("modules\\a.jar")));

      janitor.afterReload(List.of());
      assertEquals(0, janitor.stats().entries(), "unused, and a retention of zero");
      assertFalse(Files.exists(staged.directory()));
    }
  }

  @Test
  void theWatcherSeesChangesOnAWindowsFileSystem() throws Exception {
    Path root = Files.createDirectories(fs.getPath("C:\\plugins"));
    AtomicInteger calls = new AtomicInteger();
    try (FolderWatcher watcher =
        new FolderWatcher(
            List.of(root),
            new FolderWatcher.Settings(
                Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(100)),
            calls::incrementAndGet,
            FolderWatcher.DEFAULT_REGISTRAR)) {
      plugin(root.resolve("Greeter"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (calls.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(calls.get() > 0, "a new plugin folder is seen");
      assertEquals(List.of(), watcher.status().missing());
    }
  }
}
