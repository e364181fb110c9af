package dev.augment.core.internal.discovery;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a host's folder scan which names in its plugin folders changed since the last pass, so that
 * a reload reads only those (work proportional to what changed, not to what is installed).
 *
 * <p>Why a fence: a {@link WatchService} hands on the kernel's events from a thread of its own, a
 * little after each change, and a {@code reload()} right after a write must still see that write.
 * The events of one watch service arrive in the order they happened (one inotify queue on Linux),
 * so {@link #sync()} creates a file of its own (the fence) in a folder this same service watches,
 * and waits for the fence's event: every change made before the fence was created has then been
 * delivered. A change made after it is seen by the next pass.
 *
 * <p>When it cannot tell, it says so and the scan reads every entry, as without a watch: a folder
 * whose key overflowed or went invalid, and every folder when the fence did not come back within
 * {@link #FENCE_WAIT} (a polling watch service, an overloaded machine). After {@link
 * #MISSES_BEFORE_OFF} such misses in a row the watch is closed for good. Only the fence's folder
 * (in the host's cache directory, which Augment owns) is ever written.
 *
 * <p>Not thread-safe: one pass at a time uses it, under the host's reload lock.
 */
final class FolderEvents implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FolderEvents.class);

  /** How long {@link #sync()} waits for its fence's event. */
  static final Duration FENCE_WAIT = Duration.ofMillis(500);

  /** Fences missed in a row before the watch gives up. */
  static final int MISSES_BEFORE_OFF = 3;

  /** The prefix of a fence folder's name inside the cache directory. */
  static final String FENCE_PREFIX = ".watch-";

  private final WatchService service;
  private final Path fenceDir;
  private final WatchKey fenceKey;
  private final Map<WatchKey, Watched> byKey = new HashMap<>();
  private final Map<Path, Watched> byRoot = new HashMap<>();
  private long fences;
  private int misses;
  private boolean off;

  /** One watched plugin folder: what changed in it since its changes were last taken. */
  private static final class Watched {
    private final WatchKey key;
    private final Set<String> changed = new HashSet<>();
    private boolean lost;

    private Watched(WatchKey key) {
      this.key = key;
    }
  }

  private FolderEvents(WatchService service, Path fenceDir, WatchKey fenceKey) {
    this.service = service;
    this.fenceDir = fenceDir;
    this.fenceKey = fenceKey;
  }

  /**
   * Opens a watch whose fences go into a new folder inside {@code cacheRoot}.
   *
   * @param cacheRoot the host's cache directory, created if missing
   * @return the watch, or empty when the file system offers none or the folder cannot be written
   *     (the scan then reads every entry on every pass)
   */
  static Optional<FolderEvents> open(Path cacheRoot) {
    WatchService service = null;
    Path dir = null;
    try {
      Files.createDirectories(cacheRoot);
      service = cacheRoot.getFileSystem().newWatchService();
      dir = Files.createTempDirectory(cacheRoot, FENCE_PREFIX);
      WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE);
      return Optional.of(new FolderEvents(service, dir, key));
    } catch (IOException | RuntimeException e) {
      // Out of inotify instances, a read-only cache, a file system without a watch service.
      LOG.debug("Reading every plugin folder entry on each reload: {}", e.toString());
      closeQuietly(service);
      deleteQuietly(dir);
      return Optional.empty();
    }
  }

  /**
   * Starts watching a plugin folder; call it before the folder's full scan, so that no change after
   * that scan goes unseen.
   *
   * @param root the folder, normalized
   * @return whether it is watched now
   */
  boolean watch(Path root) {
    if (off) {
      return false;
    }
    Watched known = byRoot.get(root);
    if (known != null && known.key.isValid()) {
      // Its events so far are covered by the full scan that follows.
      known.lost = false;
      known.changed.clear();
      return true;
    }
    forget(root);
    try {
      WatchKey key =
          root.register(
              service,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_DELETE,
              StandardWatchEventKinds.ENTRY_MODIFY);
      Watched w = new Watched(key);
      byKey.put(key, w);
      byRoot.put(root, w);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot watch {}; it is read in full on each reload: {}", root, e.toString());
      return false;
    }
  }

  /** Stops watching a folder, if it is watched. */
  void forget(Path root) {
    Watched w = byRoot.remove(root);
    if (w != null) {
      byKey.remove(w.key);
      w.key.cancel();
    }
  }

  /**
   * Collects every event up to now: writes a fence and waits for it.
   *
   * @return whether the events are complete up to now; {@code false} makes every folder's {@link
   *     #changes} empty until it is watched again
   */
  boolean sync() {
    if (off) {
      return false;
    }
    if (byRoot.isEmpty()) {
      return true;
    }
    Path fence = fenceDir.resolve("f" + ++fences);
    try {
      Files.createFile(fence);
    } catch (IOException e) {
      return missed("the fence " + fence + " cannot be written: " + e);
    }
    try {
      boolean seen = false;
      long deadline = System.nanoTime() + FENCE_WAIT.toNanos();
      while (!seen) {
        long left = deadline - System.nanoTime();
        WatchKey key = left > 0 ? service.poll(left, TimeUnit.NANOSECONDS) : null;
        if (key == null) {
          return missed("no event for the fence " + fence + " within " + FENCE_WAIT.toMillis());
        }
        seen = take(key, fence.getFileName());
      }
      // Keys that got events while they were being read are queued again: they hold events from
      // before the fence too.
      for (WatchKey key = service.poll(); key != null; key = service.poll()) {
        take(key, fence.getFileName());
      }
      misses = 0;
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return missed("interrupted");
    } catch (ClosedWatchServiceException e) {
      off = true;
      return false;
    } finally {
      try {
        Files.deleteIfExists(fence);
      } catch (IOException e) {
        LOG.debug("Cannot delete the fence {}: {}", fence, e.toString());
      }
    }
  }

  /** Moves a key's events to its folder; whether they include the given fence's creation. */
  private boolean take(WatchKey key, Path fenceName) {
    boolean fence = false;
    Watched w = byKey.get(key);
    for (WatchEvent<?> e : key.pollEvents()) {
      if (key == fenceKey) {
        fence |= fenceName.equals(e.context());
      } else if (w != null) {
        if (e.kind() == StandardWatchEventKinds.OVERFLOW || !(e.context() instanceof Path name)) {
          w.lost = true;
        } else {
          w.changed.add(name.toString());
        }
      }
    }
    if (!key.reset() && w != null) {
      // The folder was deleted or is no longer reachable: the scan finds out what it is now.
      w.lost = true;
    }
    return fence;
  }

  private boolean missed(String why) {
    byRoot.values().forEach(w -> w.lost = true);
    if (++misses >= MISSES_BEFORE_OFF) {
      LOG.debug("Plugin folders are read in full on each reload from now on: {}", why);
      close();
    } else {
      LOG.debug("This reload reads every plugin folder entry: {}", why);
    }
    return false;
  }

  /**
   * Takes the names that changed in a folder since the last call, after a {@link #sync()}.
   *
   * @param root the folder, normalized
   * @return the names; empty when the folder is not watched or its events are incomplete (then it
   *     must be read in full, and {@link #watch} called first)
   */
  Optional<Set<String>> changes(Path root) {
    Watched w = byRoot.get(root);
    if (off || w == null || w.lost) {
      return Optional.empty();
    }
    Set<String> names = Set.copyOf(w.changed);
    w.changed.clear();
    return Optional.of(names);
  }

  /** Whether the watch is still on. */
  boolean on() {
    return !off;
  }

  @Override
  public void close() {
    off = true;
    byKey.clear();
    byRoot.clear();
    closeQuietly(service);
    deleteQuietly(fenceDir);
  }

  private static void closeQuietly(WatchService service) {
    if (service != null) {
      try {
        service.close();
      } catch (IOException e) {
        LOG.debug("Cannot close a watch service: {}", e.toString());
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir != null) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        LOG.debug("Cannot delete {}: {}", dir, e.toString());
      }
    }
  }
}
