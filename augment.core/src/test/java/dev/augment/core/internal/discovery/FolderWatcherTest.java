package dev.augment.core.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.WatchStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher on real folders: it carries on after every folder problem and keeps its deadline. */
class FolderWatcherTest {

  private static final FolderWatcher.Settings FAST =
      new FolderWatcher.Settings(
          Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofMillis(100));

  @TempDir Path tmp;
  private final AtomicInteger calls = new AtomicInteger();

  private FolderWatcher watch(Path root, FolderWatcher.Registrar registrar) throws IOException {
    return new FolderWatcher(List.of(root), FAST, calls::incrementAndGet, registrar);
  }

  /** Waits for a condition with a generous deadline: the build machine is loaded. */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(condition.getAsBoolean(), what);
  }

  /** Waits until the callback count has not moved for a while, and returns it. */
  private int settled() throws InterruptedException {
    int before;
    do {
      before = calls.get();
      Thread.sleep(1_500);
    } while (calls.get() != before);
    return before;
  }

  @Test
  void aFolderThatCannotBeRegisteredIsLoggedAndTheRestIsWatched() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("plugins"));
    Files.createDirectories(root.resolve("unreadable/deeper"));
    Files.createDirectories(root.resolve("vanishing"));
    FolderWatcher.Registrar failing =
        (dir, service) -> {
          if (dir.endsWith("unreadable")) {
            throw new java.nio.file.AccessDeniedException(dir.toString());
          }
          if (dir.endsWith("vanishing")) {
            // What Files.walk(...).toList() threw before: it must not kill the watcher.
            throw new UncheckedIOException(new java.nio.file.NoSuchFileException(dir.toString()));
          }
          return FolderWatcher.DEFAULT_REGISTRAR.register(dir, service);
        };
    try (FolderWatcher watcher = watch(root, failing)) {
      assertEquals(WatchStatus.State.WATCHING, watcher.status().state());
      assertTrue(
          watcher.status().problem().orElseThrow().contains("vanishing")
              || watcher.status().problem().orElseThrow().contains("unreadable"),
          watcher.status().toString());
      Files.writeString(root.resolve("new.zip"), "x");
      await(() -> calls.get() > 0, "a change beside the broken folders is picked up");
      Files.createDirectories(root.resolve("later/unreadable"));
      int before = settled();
      Files.writeString(root.resolve("later/file"), "x");
      await(() -> calls.get() > before, "a folder created later is watched");
      assertEquals(WatchStatus.State.WATCHING, watcher.status().state());
    }
  }

  @Test
  void anUnreadableSubFolderDoesNotStopTheWatcher() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("plugins"));
    Path locked = Files.createDirectories(root.resolve("locked/inner"));
    locked.getParent().toFile().setReadable(false);
    locked.getParent().toFile().setExecutable(false);
    try {
      Assumptions.assumeFalse(
          Files.isReadable(locked.getParent()), "permissions are enforced (not running as root)");
      try (FolderWatcher watcher = watch(root, FolderWatcher.DEFAULT_REGISTRAR)) {
        Files.writeString(root.resolve("a.zip"), "x");
        await(() -> calls.get() > 0, "the watcher runs");
        assertEquals(WatchStatus.State.WATCHING, watcher.status().state());
      }
    } finally {
      locked.getParent().toFile().setReadable(true);
      locked.getParent().toFile().setExecutable(true);
    }
  }

  @Test
  void aFolderDeletedAndRecreatedOrSwappedByARenameIsWatchedAgain() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("plugins"));
    Path plugin = Files.createDirectories(root.resolve("greeter/modules"));
    try (FolderWatcher watcher = watch(root, FolderWatcher.DEFAULT_REGISTRAR)) {
      delete(plugin.getParent());
      Files.createDirectories(plugin);
      settled();
      int before = calls.get();
      Files.writeString(plugin.resolve("a.jar"), "x");
      await(() -> calls.get() > before, "a change inside the recreated folder is seen");

      Path replacement = Files.createDirectories(tmp.resolve("staging/greeter/modules"));
      delete(plugin.getParent());
      Files.move(replacement.getParent(), plugin.getParent(), StandardCopyOption.ATOMIC_MOVE);
      int swapped = settled();
      Files.writeString(plugin.resolve("b.jar"), "x");
      await(() -> calls.get() > swapped, "a change inside the folder swapped in is seen");
      assertEquals(WatchStatus.State.WATCHING, watcher.status().state());
    }
  }

  @Test
  void aRootThatDisappearsIsPolledUntilItReturns() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("plugins"));
    try (FolderWatcher watcher = watch(root, FolderWatcher.DEFAULT_REGISTRAR)) {
      delete(root);
      await(() -> watcher.status().missing().contains(root), "the missing root is reported");
      int before = settled();
      Files.createDirectories(root);
      await(() -> watcher.status().missing().isEmpty(), "the root is back");
      await(() -> calls.get() > before, "its return calls for a reload");
      int back = settled();
      Files.writeString(root.resolve("x.zip"), "x");
      await(() -> calls.get() > back, "the returned root is watched");
    }
  }

  @Test
  void aRootMissingAtStartIsWatchedOnceItExists() throws Exception {
    Path root = tmp.resolve("later");
    try (FolderWatcher watcher = watch(root, FolderWatcher.DEFAULT_REGISTRAR)) {
      assertEquals(List.of(root.toAbsolutePath()), watcher.status().missing());
      Files.createDirectories(root);
      await(() -> calls.get() > 0, "the new root calls for a reload");
      assertEquals(List.of(), watcher.status().missing());
    }
  }

  @Test
  void steadyChurnStillCallsBackWithinTheMaximumWait() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("plugins"));
    List<Long> times = new CopyOnWriteArrayList<>();
    AtomicBoolean churn = new AtomicBoolean(true);
    try (FolderWatcher watcher =
        new FolderWatcher(
            List.of(root),
            new FolderWatcher.Settings(
                Duration.ofMillis(300), Duration.ofMillis(800), Duration.ofMillis(200)),
            () -> times.add(System.nanoTime()),
            FolderWatcher.DEFAULT_REGISTRAR)) {
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; churn.get(); i++) {
                  try {
                    Files.writeString(root.resolve("churn.txt"), "change " + i);
                    Thread.sleep(100);
                  } catch (IOException | InterruptedException e) {
                    return;
                  }
                }
              });
      writer.start();
      // A change every 100 ms never leaves 300 ms of quiet: only the maximum wait ends a burst.
      await(() -> times.size() >= 3, "three reloads while the churn goes on: " + times.size());
      churn.set(false);
      writer.join();
      assertEquals(WatchStatus.State.WATCHING, watcher.status().state());
    }
  }

  @Test
  void aCallbackThatThrowsIsLoggedAndWatchingGoesOn() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("plugins"));
    try (FolderWatcher watcher =
        new FolderWatcher(
            List.of(root),
            FAST,
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new NoClassDefFoundError("a linkage error is contained too");
              }
              throw new IllegalStateException("reload failed");
            },
            FolderWatcher.DEFAULT_REGISTRAR)) {
      Files.writeString(root.resolve("a.zip"), "x");
      await(() -> calls.get() > 0, "first callback");
      int before = settled();
      Files.writeString(root.resolve("b.zip"), "x");
      await(() -> calls.get() > before, "the watcher goes on after a failed reload");
      await(
          () -> watcher.status().problem().orElse("").contains("reload failed"),
          "the failure is in the status: " + watcher.status());
      assertEquals(WatchStatus.State.WATCHING, watcher.status().state());
      assertTrue(watcher.status().lastChange().isPresent());
    }
  }

  @Test
  void aWatcherKilledByAFatalErrorSaysSoAndANewOneWorks() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("plugins"));
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> {});
    try (FolderWatcher dying =
        new FolderWatcher(
            List.of(root),
            FAST,
            () -> {
              throw new OutOfMemoryError("simulated");
            },
            FolderWatcher.DEFAULT_REGISTRAR)) {
      Files.writeString(root.resolve("a.zip"), "x");
      await(
          () -> dying.status().state() == WatchStatus.State.STOPPED,
          "the stopped watcher is visible");
      assertTrue(dying.status().problem().orElseThrow().contains("simulated"));
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
    try (FolderWatcher fresh = watch(root, FolderWatcher.DEFAULT_REGISTRAR)) {
      Files.writeString(root.resolve("b.zip"), "x");
      await(() -> calls.get() > 0, "a new watcher picks changes up");
      fresh.close();
      assertEquals(WatchStatus.State.OFF, fresh.status().state());
    }
  }

  @Test
  void aZipThatNeverSettlesIsReportedOnceAndDelaysNoLaterReload() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("plugins"));
    Path growing = root.resolve("growing.zip");
    Files.writeString(growing, "PK");
    AtomicBoolean grow = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              while (grow.get()) {
                try {
                  Files.writeString(growing, "more", StandardOpenOption.APPEND);
                  Thread.sleep(30);
                } catch (IOException | InterruptedException e) {
                  return;
                }
              }
            });
    writer.start();
    try {
      ZipSettling settling = new ZipSettling();
      long start = System.nanoTime();
      settling.await(List.of(root), Duration.ofMillis(100), start + ms(600));
      long first = System.nanoTime() - start;
      assertTrue(first >= ms(500), "the first burst waits up to its deadline: " + first / 1e6);
      long again = System.nanoTime();
      settling.await(List.of(root), Duration.ofMillis(100), again + ms(20_000));
      long second = System.nanoTime() - again;
      assertTrue(second < ms(5_000), "a zip reported unsettled is not waited for: " + second / 1e6);
    } finally {
      grow.set(false);
      writer.join();
    }
  }

  @Test
  void aBrokenZipThatStoppedChangingIsJudgedOnceAndSpecialFilesAreNeverOpened() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("plugins"));
    Files.writeString(root.resolve("broken.zip"), "not a zip");
    Path fifo = root.resolve("fifo.zip");
    boolean haveFifo = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
    ZipSettling settling = new ZipSettling();
    long start = System.nanoTime();
    settling.await(List.of(root), Duration.ofMillis(100), start + ms(20_000));
    assertTrue(System.nanoTime() - start < ms(10_000), "a broken zip is judged in a few rounds");
    long again = System.nanoTime();
    settling.await(List.of(root), Duration.ofMillis(100), again + ms(20_000));
    assertTrue(System.nanoTime() - again < ms(1_000), "and not waited for again");
    Assumptions.assumeTrue(haveFifo, "mkfifo works here");
  }

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  private static void delete(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
