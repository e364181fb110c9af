package dev.augment.core.internal.archive;

import dev.augment.api.Api;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One host's public list of the cache entries it uses: {@code <cache>/.leases/<pid>-<id>.lease},
 * one entry name a line.
 *
 * <p>The host holds a lock on the file for as long as it lives: on one byte far beyond its content,
 * so that other processes may read the content on every platform (Windows locks are mandatory). A
 * lease whose lock another process can take belongs to a host that ended, {@code kill -9} included,
 * and is deleted. Leases are created, rewritten and read only under the {@link CacheLock}.
 */
@Api.Internal
final class CacheLease implements AutoCloseable {

  /** The folder of the leases inside the cache. */
  static final String DIR = ".leases";

  private static final long LOCK_AT = Long.MAX_VALUE - 1;

  /**
   * The leases this JVM holds, with their names. Their files are never opened by another lease of
   * this JVM: on POSIX systems closing any channel of a file drops every lock the process holds on
   * it.
   */
  private static final Map<Path, CacheLease> HELD = new java.util.concurrent.ConcurrentHashMap<>();

  private final Set<String> names = new HashSet<>();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  /** Creates and locks a new lease; call under the cache lock. */
  CacheLease(Path root) throws IOException {
    Path dir = Files.createDirectories(root.resolve(DIR));
    this.file = dir.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".lease");
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    this.lock = channel.lock(LOCK_AT, 1, false);
    HELD.put(file, this);
  }

  Path file() {
    return file;
  }

  /** Adds one entry name; call under the cache lock. */
  void add(String name) throws IOException {
    if (!names.add(name)) {
      return;
    }
    channel.write(ByteBuffer.wrap((name + "\n").getBytes(StandardCharsets.UTF_8)), channel.size());
  }

  /**
   * Whether the lease lists every one of {@code used} and at most as many other names as that (and
   * at least 16): a lease that needs no rewrite yet.
   */
  boolean coversWithFewStale(Set<String> used) {
    return names.size() - used.size() <= Math.max(16, used.size()) && names.containsAll(used);
  }

  /** Replaces the list; call under the cache lock. */
  void set(Collection<String> names) throws IOException {
    this.names.clear();
    this.names.addAll(names);
    channel.truncate(0);
    StringBuilder text = new StringBuilder();
    names.forEach(n -> text.append(n).append('\n'));
    channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
  }

  /**
   * Reads the leases of every other live host and deletes those of hosts that ended; call under the
   * cache lock.
   *
   * @param root the cache directory
   * @param own this host's lease, skipped; {@code null} for none
   * @return the entry names each live lease lists
   */
  static Map<Path, Set<String>> live(Path root, Path own) throws IOException {
    Map<Path, Set<String>> live = new HashMap<>();
    Path dir = root.resolve(DIR);
    if (!Files.isDirectory(dir)) {
      return live;
    }
    try (DirectoryStream<Path> leases = Files.newDirectoryStream(dir, "*.lease")) {
      for (Path lease : leases) {
        if (lease.equals(own)) {
          continue;
        }
        CacheLease held = HELD.get(lease);
        if (held != null) {
          live.put(lease, Set.copyOf(held.names));
        } else if (alive(lease)) {
          live.put(lease, read(lease));
        } else {
          Files.deleteIfExists(lease);
        }
      }
    }
    return live;
  }

  private static boolean alive(Path lease) {
    try (FileChannel c =
        FileChannel.open(lease, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock probe = c.tryLock(LOCK_AT, 1, false);
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (OverlappingFileLockException sameJvm) {
      return true;
    } catch (IOException gone) {
      return false;
    }
  }

  private static Set<String> read(Path lease) {
    try {
      return new HashSet<>(Files.readAllLines(lease, StandardCharsets.UTF_8));
    } catch (IOException gone) {
      return Set.of();
    }
  }

  /** Gives the lease up: its entries are then protected only by their retention time. */
  @Override
  public void close() throws IOException {
    HELD.remove(file);
    try {
      lock.release();
      channel.close();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
