package dev.augment.core.internal.archive;

import dev.augment.api.Api;
import dev.augment.core.CacheStats;
import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
import dev.augment.core.internal.plugin.Staged;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ResolvedModule;
import java.lang.ref.WeakReference;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a host's cache directory from growing without bound and from serving damaged copies, with
 * other hosts sharing the same directory.
 *
 * <ul>
 *   <li><b>At start</b> (before the host's first reload stages anything): temporary folders ({@code
 *       .extracting-*}, {@code .trash-*}, {@code .damaged-*}) left by a crash are removed; when
 *       another live host shares the cache, only those older than an hour.
 *   <li><b>On every claim</b> (each time a reload stages a plugin): the entry is checked against
 *       its {@link Integrity} record and made again when damaged; its time stamp is set to now and
 *       it is added to this host's {@link CacheLease}.
 *   <li><b>After a reload</b>: the lease is rewritten to what is in use, which is every registry
 *       entry and every dropped plugin whose layer has not been collected yet; then, at most once
 *       per {@code min(retention, 1 min)}, a removal pass deletes every entry that no live host's
 *       lease lists and whose time stamp is older than the retention.
 * </ul>
 *
 * <p>Claims, lease writes and removals all run under the {@link CacheLock}, so an entry is either
 * claimed before a removal pass looks at it (and kept) or removed before the claim (and the claim
 * stages it again). Nothing here ever fails a reload: a problem is logged and the cache is left as
 * it is.
 */
@Api.Internal
public final class CacheJanitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CacheJanitor.class);
  private static final List<String> TEMPORARY =
      List.of(".extracting-", ".trash-", ".damaged-", ".sum-");
  private static final Duration STALE = Duration.ofHours(1);
  private static final Duration MAX_PASS_INTERVAL = Duration.ofMinutes(1);

  /**
   * The folder of the cache that holds files belonging to one entry each, named {@code
   * <entry>-<suffix>}, the suffix without a dash (the pipeline's verdicts); a removal pass deletes
   * those whose entry is gone.
   */
  public static final String ENTRY_FILES = ".checked";

  private final Path root;
  private final Duration retention;
  private final Clock clock;
  private final CacheLock lock;
  private final List<Dropped> dropped = new ArrayList<>();

  /** The copies the registry used at the last reload, without those of dropped layers. */
  private Set<String> registryUsed = Set.of();

  /** Whether {@link #collected()} forgot a dropped layer since the last lease was published. */
  private boolean collectedSinceReload;

  private CacheLease lease;
  private boolean started;
  private boolean closed;
  private Instant lastPass = Instant.MIN;
  private Set<String> used = Set.of();

  /** A dropped plugin's layer, weakly, with the entries its modules were read from. */
  private record Dropped(WeakReference<ModuleLayer> layer, Set<String> entries) {}

  /**
   * Creates a janitor; nothing is read or written before the first use.
   *
   * @param root the cache directory
   * @param retention how long an entry no host uses is kept
   */
  public CacheJanitor(Path root, Duration retention) {
    this(root, retention, Clock.systemUTC());
  }

  CacheJanitor(Path root, Duration retention, Clock clock) {
    this.root = root.toAbsolutePath().normalize();
    this.retention = retention;
    this.clock = clock;
    this.lock = CacheLock.of(this.root);
  }

  /** Takes a lease and sweeps what crashes left; once. A failure leaves the janitor inactive. */
  private synchronized boolean start() {
    if (started) {
      return lease != null;
    }
    started = true;
    if (closed) {
      return false;
    }
    try {
      List<Path> stale =
          lock.exclusive(
              () -> {
                lease = new CacheLease(root);
                boolean alone = CacheLease.live(root, lease.file()).isEmpty();
                return temporaries(alone);
              });
      stale.forEach(CacheJanitor::deleteQuietly);
      if (!stale.isEmpty()) {
        LOG.info("Removed {} temporary folders left in the cache {}", stale.size(), root);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cache housekeeping is off for {}: {}", root, e.toString());
    }
    return lease != null;
  }

  private List<Path> temporaries(boolean alone) throws IOException {
    List<Path> found = new ArrayList<>();
    FileTime cutoff = FileTime.from(clock.instant().minus(STALE));
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (TEMPORARY.stream().anyMatch(name::startsWith)
            && (alone || modified(p).compareTo(cutoff) < 0)) {
          found.add(p);
        }
      }
    }
    return found;
  }

  /**
   * Gets ready for a reload: on the first one, takes this host's lease and sweeps what crashes
   * left. Call it before the reload stages anything: the sweep must never meet one of this host's
   * own extractions.
   */
  public void beforeReload() {
    start();
  }

  /**
   * Checks a freshly staged copy and claims it for this host: a damaged copy is quarantined and
   * staged again; a copy another host removed meanwhile is staged again.
   *
   * @param staged what the cache returned
   * @param restage stages the same source again
   * @return the claimed copy
   * @throws PluginLoadException with {@link Rule#ARCHIVE} if the copy is damaged again right after
   *     it was made
   */
  public Staged claim(Staged staged, Supplier<Staged> restage) {
    if (!start()) {
      return staged;
    }
    Staged current = staged;
    for (int attempt = 0; ; attempt++) {
      Path dir = current.directory();
      Optional<String> damage = Integrity.check(dir);
      if (damage.isEmpty() && claimed(dir)) {
        return current;
      }
      if (attempt >= 2) {
        throw new PluginLoadException(
            current.source().label(),
            current.source().path(),
            Rule.ARCHIVE,
            "its cache copy cannot be made intact: "
                + damage.orElse("it is removed as soon as it is made"),
            null);
      }
      if (damage.isPresent()) {
        LOG.warn(
            "The cache copy {} of {} {}; making it again",
            dir,
            current.source().path(),
            damage.get());
        quarantine(dir);
      }
      current = restage.get();
    }
  }

  private boolean claimed(Path dir) {
    try {
      return lock.exclusive(
          () -> {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
              return false;
            }
            Files.setLastModifiedTime(dir, FileTime.from(clock.instant()));
            lease.add(dir.getFileName().toString());
            return true;
          });
    } catch (IOException e) {
      LOG.warn("Cannot claim the cache copy {}: {}", dir, e.toString());
      return Files.isDirectory(dir);
    }
  }

  private void quarantine(Path dir) {
    Path aside = root.resolve(".damaged-" + UUID.randomUUID());
    try {
      lock.exclusive(
          () -> {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
              Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.deleteIfExists(Integrity.record(dir));
            return null;
          });
    } catch (IOException e) {
      LOG.warn("Cannot move the damaged cache copy {} aside: {}", dir, e.toString());
    }
    deleteQuietly(aside);
  }

  /**
   * Remembers a dropped (or refused) plugin's layer: the entries its modules came from stay in use
   * until the layer is collected, and for the retention after that.
   *
   * @param layer the layer
   */
  public synchronized void dropped(ModuleLayer layer) {
    Set<String> entries = entriesOf(layer);
    if (entries.isEmpty()) {
      return;
    }
    dropped.add(new Dropped(new WeakReference<>(layer), entries));
    entries.forEach(e -> touch(e, clock.instant()));
  }

  /**
   * Forgets the dropped layers that were collected, at once rather than at the next reload: their
   * copies' retention starts now, and a host that stops reloading keeps no record of them.
   */
  public synchronized void collected() {
    List<Dropped> gone = new ArrayList<>();
    dropped.removeIf(
        d -> {
          boolean collected = d.layer().get() == null;
          if (collected) {
            gone.add(d);
          }
          return collected;
        });
    if (gone.isEmpty()) {
      return;
    }
    collectedSinceReload = true;
    Set<String> held = new HashSet<>(registryUsed);
    dropped.forEach(d -> held.addAll(d.entries()));
    Instant now = clock.instant();
    for (Dropped d : gone) {
      d.entries().stream().filter(e -> !held.contains(e)).forEach(e -> touch(e, now));
    }
  }

  private void touch(String entry, Instant when) {
    try {
      Files.setLastModifiedTime(root.resolve(entry), FileTime.from(when));
    } catch (IOException | RuntimeException gone) {
      LOG.debug("Cannot stamp the cache entry {}: {}", entry, gone.toString());
    }
  }

  private Set<String> entriesOf(ModuleLayer layer) {
    Set<String> entries = new HashSet<>();
    for (ResolvedModule m : layer.configuration().modules()) {
      m.reference()
          .location()
          .filter(uri -> "file".equals(uri.getScheme()))
          .map(Path::of)
          .map(p -> p.toAbsolutePath().normalize())
          .filter(p -> p.startsWith(root) && !p.equals(root))
          .ifPresent(p -> entries.add(root.relativize(p).getName(0).toString()));
    }
    return entries;
  }

  /**
   * Publishes what this host uses now and runs a removal pass when one is due.
   *
   * @param inUse the cache folders of every registry entry
   */
  public synchronized void afterReload(Collection<Path> inUse) {
    if (closed || !start()) {
      return;
    }
    Set<String> used = new HashSet<>();
    for (Path dir : inUse) {
      if (root.equals(dir.getParent())) {
        // The usual case, without normalizing: the cache made this path from its root.
        used.add(dir.getFileName().toString());
        continue;
      }
      Path p = dir.toAbsolutePath().normalize();
      if (p.startsWith(root) && !p.equals(root)) {
        used.add(root.relativize(p).getName(0).toString());
      }
    }
    registryUsed = Set.copyOf(used);
    dropped.removeIf(d -> d.layer().get() == null);
    collectedSinceReload = false;
    dropped.forEach(d -> used.addAll(d.entries()));
    Instant now = clock.instant();
    // The retention of a copy counts from the moment this host let go of it.
    for (String gone : this.used) {
      if (!used.contains(gone)) {
        touch(gone, now);
      }
    }
    boolean same = used.equals(this.used);
    this.used = Set.copyOf(used);
    boolean due = due(now);
    if ((same || lease.coversWithFewStale(used)) && !due) {
      // Nothing to publish and no pass due: a reload that changed nothing touches no file here.
      // A reload that changed a few plugins claimed their new entries, so the lease lists them
      // already; the entries it let go of stay listed (kept from other hosts' removal passes a
      // little longer) until they are as many as the ones in use, or this host's own pass is
      // due: rewriting the whole lease on every reload would make a reload O(installed).
      return;
    }
    try {
      List<Path> removed =
          lock.exclusive(
              () -> {
                lease.set(used);
                return due ? removable(used, now) : List.of();
              });
      if (due) {
        lastPass = now;
      }
      removed.forEach(CacheJanitor::deleteQuietly);
      if (!removed.isEmpty()) {
        LOG.debug("Removed {} unused entries from the cache {}", removed.size(), root);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Cache housekeeping of {} failed; the cache is left as it is: {}", root, e.toString());
    }
  }

  /**
   * Does what {@link #afterReload} does after a reload that changed nothing, only when there is
   * something to do: a removal pass is due, or a dropped plugin's layer was collected since. A
   * reload that changed nothing otherwise touches no file and builds no list of the plugins.
   *
   * @param inUse the cache folders of every registry entry, asked for only when needed
   */
  public synchronized void afterUnchangedReload(Supplier<Collection<Path>> inUse) {
    if (closed || !start()) {
      return;
    }
    boolean collected =
        collectedSinceReload || dropped.stream().anyMatch(d -> d.layer().get() == null);
    if (collected || due(clock.instant())) {
      afterReload(inUse.get());
    }
  }

  private boolean due(Instant now) {
    return lastPass.equals(Instant.MIN)
        || Duration.between(lastPass, now)
                .compareTo(
                    retention.compareTo(MAX_PASS_INTERVAL) < 0 ? retention : MAX_PASS_INTERVAL)
            >= 0;
  }

  /** Moves every entry nobody uses, and unused for the retention, aside; under the lock. */
  private List<Path> removable(Set<String> own, Instant now) throws IOException {
    Set<String> used = new HashSet<>(own);
    CacheLease.live(root, lease.file()).values().forEach(used::addAll);
    FileTime cutoff = FileTime.from(now.minus(retention));
    List<Path> aside = new ArrayList<>();
    Set<String> kept = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        if (name.endsWith(Integrity.SUFFIX)) {
          Path entry = root.resolve(name.substring(0, name.length() - Integrity.SUFFIX.length()));
          if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
            aside.add(p);
          }
          continue;
        }
        if (used.contains(name) || modified(p).compareTo(cutoff) >= 0) {
          kept.add(name);
          continue;
        }
        Path trash = root.resolve(".trash-" + UUID.randomUUID());
        Files.move(p, trash, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(Integrity.record(p));
        aside.add(trash);
      }
    }
    entryFilesWithoutEntry(kept, aside);
    return aside;
  }

  /** Adds each file of {@link #ENTRY_FILES} whose entry is not among those kept; under the lock. */
  private void entryFilesWithoutEntry(Set<String> kept, List<Path> aside) throws IOException {
    Path folder = root.resolve(ENTRY_FILES);
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        int dash = name.lastIndexOf('-');
        if (name.startsWith(".") || dash <= 0) {
          continue;
        }
        if (!kept.contains(name.substring(0, dash))) {
          aside.add(f);
        }
      }
    }
  }

  /**
   * Counts what the cache holds.
   *
   * @return the number of entries and the bytes of every file in the cache directory
   */
  public CacheStats stats() {
    int entries = 0;
    long bytes = 0;
    if (!Files.isDirectory(root)) {
      return new CacheStats(root, 0, 0);
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException gone) {
          continue;
        }
        if (a.isRegularFile()) {
          bytes += a.size();
        } else if (a.isDirectory()
            && root.equals(p.getParent())
            && !p.getFileName().toString().startsWith(".")) {
          entries++;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("Cannot count the cache {}: {}", root, e.toString());
    }
    return new CacheStats(root, entries, bytes);
  }

  /**
   * Gives the lease up. The entries this host used are stamped now, so that they are kept for the
   * retention from now.
   */
  @Override
  public synchronized void close() {
    closed = true;
    if (lease == null) {
      return;
    }
    Instant now = clock.instant();
    used.forEach(e -> touch(e, now));
    try {
      lock.exclusive(
          () -> {
            lease.close();
            return null;
          });
    } catch (IOException e) {
      LOG.debug("Cannot give the cache lease up: {}", e.toString());
    }
    lease = null;
  }

  private static FileTime modified(Path p) throws IOException {
    return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
  }

  private static void deleteQuietly(Path p) {
    try {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        ArchiveCache.deleteTree(p);
      } else {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      // On Windows a file a process still has open cannot be deleted; the next start sweeps it.
      LOG.debug("Cannot delete {} yet: {}", p, e.toString());
    }
  }
}
