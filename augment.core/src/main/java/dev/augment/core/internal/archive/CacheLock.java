package dev.augment.core.internal.archive;

import dev.augment.api.Api;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one lock of a cache directory, across threads and processes: {@code <cache>/.lock}, held with
 * {@link FileChannel#lock()} for short steps only (claiming an entry, writing a lease, a removal
 * pass).
 *
 * <p>A JVM may lock a file only once ({@link java.nio.channels.OverlappingFileLockException}), so
 * threads of one JVM first take a lock of their own, one per cache directory, and the file lock is
 * taken by the outermost holder only. The operating system releases the file lock when a process
 * ends, {@code kill -9} included.
 */
@Api.Internal
final class CacheLock {

  /** The name of the lock file inside the cache. */
  static final String FILE = ".lock";

  private static final Map<Path, CacheLock> LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private final ReentrantLock jvm = new ReentrantLock();
  private FileChannel channel;

  /** Work done while holding the lock. */
  @FunctionalInterface
  interface Work<R> {
    R run() throws IOException;
  }

  private CacheLock(Path root) {
    this.root = root;
  }

  /**
   * Returns the lock of a cache directory.
   *
   * @param root the cache directory, normalized
   * @return its lock, one per directory in this JVM
   */
  static CacheLock of(Path root) {
    return LOCKS.computeIfAbsent(root, CacheLock::new);
  }

  /**
   * Runs {@code work} while holding the lock.
   *
   * @param <R> what the work returns
   * @param work the work
   * @return what it returned
   * @throws IOException if the lock cannot be taken or the work fails
   */
  <R> R exclusive(Work<R> work) throws IOException {
    jvm.lock();
    try {
      if (jvm.getHoldCount() > 1) {
        return work.run();
      }
      if (channel == null || !channel.isOpen()) {
        Files.createDirectories(root);
        channel =
            FileChannel.open(
                root.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      }
      FileLock held = channel.lock();
      try {
        return work.run();
      } finally {
        held.release();
      }
    } finally {
      jvm.unlock();
    }
  }
}
