package dev.augment.core.internal.archive;

import dev.augment.api.Api;
import dev.augment.core.HostDescription;
import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
import dev.augment.core.internal.Sha256;
import dev.augment.core.internal.plugin.Source;
import dev.augment.core.internal.plugin.SourceStamp;
import dev.augment.core.internal.plugin.Staged;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts plugin zips into a content-addressed cache directory that the host owns.
 *
 * <p>A zip is extracted to {@code <cache>/<sha-256 of the zip>/}. Extraction writes into a fresh
 * temporary folder inside the cache and moves it into place with one atomic rename, so a reader
 * sees either no folder or a complete one, and a refused zip leaves nothing behind. A zip already
 * in the cache is not extracted again. The zip is hashed and extracted in one read, with no copy: a
 * small zip is read into memory and extracted from those bytes, a large one is extracted while its
 * bytes are hashed; either way the hash names exactly the bytes extracted, and a zip whose {@link
 * SourceStamp} changed while it was read is read again. A zip whose stamp has not changed since
 * this cache extracted it, and whose entry is still there, is not read at all: a reload learns that
 * nothing changed from file metadata. Every entry is checked before it is written: an entry whose
 * normalized path would leave the temporary folder (absolute paths, {@code ..} segments) refuses
 * the whole zip, and so do more than {@link Limits#maxEntries()} entries, more than {@link
 * Limits#maxBytes()} bytes of content, or, once past {@link Limits#RATIO_FLOOR} bytes, more than
 * {@link Limits#maxRatio()} times the zip's own size, counted as they are written. The zip's
 * central directory is read before anything is written (the list other zip tools show): a zip
 * without one (truncated), an entry it marks as a symbolic link, a name it lists twice, or entries
 * it does not list, refuse the zip too, so the host extracts exactly what {@code unzip -l} shows.
 */
@Api.Internal
public final class ArchiveCache {

  private static final Logger LOG = LoggerFactory.getLogger(ArchiveCache.class);
  private static final String TEMP_PREFIX = ".extracting-";

  /** Zips up to this size are read into memory once, hashed and extracted from those bytes. */
  private static final long IN_MEMORY_BYTES = 16L * 1024 * 1024;

  /** How often a zip that changes while it is read is read again before it is refused. */
  private static final int READ_ATTEMPTS = 3;

  private final Path root;
  private final ZipExtraction zips;
  private final FolderCopy folders;
  private volatile CacheJanitor janitor;
  private final long inMemoryBytes;
  private final Map<Path, Remembered> remembered = new ConcurrentHashMap<>();
  private volatile Set<String> listed;
  private volatile boolean inPass;

  /**
   * Limits that stop a hostile zip from filling the disk.
   *
   * @param maxEntries most entries one zip may hold
   * @param maxBytes most bytes all entries of one zip may hold once extracted
   * @param maxRatio most times its own size a zip may expand to, once past {@link #RATIO_FLOOR}
   */
  public record Limits(int maxEntries, long maxBytes, int maxRatio) {
    /** Below this many extracted bytes the ratio is not checked: 1 MiB. */
    public static final long RATIO_FLOOR = HostDescription.ArchiveLimits.RATIO_FLOOR;

    /** The default ratio: 100 to 1 (jars inside a plugin zip are compressed already). */
    public static final int DEFAULT_RATIO = HostDescription.ArchiveLimits.DEFAULT.maxRatio();

    /** Generous defaults for plugins: 10,000 entries, 512 MiB, 100 times the zip's size. */
    public static final Limits DEFAULT = of(HostDescription.ArchiveLimits.DEFAULT);

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException if a limit is not positive
     */
    public Limits {
      new HostDescription.ArchiveLimits(maxEntries, maxBytes, maxRatio);
    }

    /**
     * The limits a host description states.
     *
     * @param limits the public value
     * @return the limits
     */
    public static Limits of(HostDescription.ArchiveLimits limits) {
      return new Limits(limits.maxEntries(), limits.maxBytes(), limits.maxRatio());
    }

    /**
     * The public value of these limits, for a host's description.
     *
     * @return the value
     */
    public HostDescription.ArchiveLimits describe() {
      return new HostDescription.ArchiveLimits(maxEntries, maxBytes, maxRatio);
    }

    /**
     * Limits with the default ratio.
     *
     * @param maxEntries most entries one zip may hold
     * @param maxBytes most bytes all entries of one zip may hold once extracted
     */
    public Limits(int maxEntries, long maxBytes) {
      this(maxEntries, maxBytes, DEFAULT_RATIO);
    }

    /** The most bytes a zip of {@code zipSize} bytes may expand to by the ratio. */
    long byRatio(long zipSize) {
      long scaled = zipSize > Long.MAX_VALUE / maxRatio ? Long.MAX_VALUE : zipSize * maxRatio;
      return Math.max(RATIO_FLOOR, scaled);
    }
  }

  /**
   * Creates a cache in {@code root}, which is created when missing.
   *
   * @param root the cache directory
   * @param limits the extraction limits
   */
  public ArchiveCache(Path root, Limits limits) {
    this(root, limits, IN_MEMORY_BYTES);
  }

  /** A cache that reads zips up to {@code inMemoryBytes} into memory: tests use 0 to stream. */
  ArchiveCache(Path root, Limits limits, long inMemoryBytes) {
    this.root = root.toAbsolutePath().normalize();
    this.zips = new ZipExtraction(limits);
    this.folders = new FolderCopy(limits);
    this.inMemoryBytes = inMemoryBytes;
  }

  /**
   * Returns the cache directory.
   *
   * @return the directory
   */
  public Path root() {
    return root;
  }

  /**
   * Puts a plugin's files into the cache: extracts a zip, copies a folder.
   *
   * @param source the plugin's folder or zip
   * @return the cache copy with its content hash
   * @throws PluginLoadException with {@link Rule#ARCHIVE} if a zip is damaged or refused, {@link
   *     Rule#SOURCE} if a folder cannot be copied
   */
  public Staged stage(Source source) {
    Staged staged = source.zip() ? stageZip(source) : copyFolder(source);
    // Housekeeping hook (CacheJanitor): check the copy's integrity and claim it against removal;
    // a damaged copy, or one another host removed meanwhile, is extracted again, never taken from
    // what this cache remembers of the zip.
    CacheJanitor j = janitor;
    return j == null
        ? staged
        : j.claim(staged, () -> source.zip() ? extract(source) : copyFolder(source));
  }

  /**
   * Lets a janitor check and claim every copy this cache stages; a host's cache has one, the
   * verifier's and {@code Layers.load}'s have none.
   *
   * @param janitor the host's janitor
   * @return this cache
   */
  public ArchiveCache housekeeping(CacheJanitor janitor) {
    this.janitor = janitor;
    return this;
  }

  /**
   * Returns the cache entry of a zip: the one this cache made for it before when the zip's {@link
   * SourceStamp} has not changed since and the entry is still there, else a fresh extraction.
   */
  private Staged stageZip(Source source) {
    return unchanged(source).orElseGet(() -> extract(source));
  }

  /**
   * Returns the cache entry this cache made for a zip before, when the zip's {@link SourceStamp}
   * has not changed since and the entry is still there; nothing is read from the zip.
   *
   * @param source a plugin's source
   * @return the entry, or empty when the source is a folder, new, changed, or its entry is gone
   */
  public Optional<Staged> unchanged(Source source) {
    Remembered known = source.zip() ? remembered.get(source.path()) : null;
    if (known == null) {
      return Optional.empty();
    }
    try {
      SourceStamp now =
          source.seen().isPresent() ? source.seen().get() : SourceStamp.of(source.path());
      if (known.stamp().equals(now) && present(known.directory())) {
        return Optional.of(new Staged(source, known.directory(), known.sha256()));
      }
    } catch (IOException e) {
      // Extraction reports what is wrong with the file.
    }
    remembered.remove(source.path(), known);
    return Optional.empty();
  }

  /**
   * Opens a pass over the host's folders: the first unchanged zip whose entry must be found lists
   * the cache's entries once, and the plugins after it are known to be present without a {@code
   * stat} of their own. A pass that needs no entry (every plugin kept from the registry) lists
   * nothing. Entries extracted during the pass are added; {@link #endPass()} forgets the listing.
   */
  public void beginPass() {
    listed = null;
    inPass = true;
  }

  /** Forgets the listing of {@link #beginPass()}: later checks ask the file system again. */
  public void endPass() {
    inPass = false;
    listed = null;
  }

  /** Tells whether a cache entry is there, from the pass's listing when there is one. */
  private boolean present(Path entry) {
    Set<String> names = inPass ? listing() : null;
    return names != null
        ? names.contains(entry.getFileName().toString())
        : Files.isDirectory(entry);
  }

  /** The pass's listing, made on first use; {@code null} when the cache cannot be listed. */
  private Set<String> listing() {
    Set<String> names = listed;
    if (names != null) {
      return names;
    }
    synchronized (this) {
      if (listed == null && inPass) {
        Set<String> found = ConcurrentHashMap.newKeySet();
        try (Stream<Path> list = Files.list(root)) {
          list.forEach(p -> found.add(p.getFileName().toString()));
          listed = found;
        } catch (IOException | UncheckedIOException e) {
          // Checked entry by entry instead.
          return null;
        }
      }
      return listed;
    }
  }

  /** Remembers the entry a zip of this stamp produced, when the stamp can vouch for it. */
  private void remember(Path zip, SourceStamp stamp, Staged staged) {
    if (stamp.trustworthy()) {
      remembered.put(zip, new Remembered(stamp, staged.directory(), staged.sha256()));
    }
    Set<String> names = listed;
    if (names != null) {
      names.add(staged.directory().getFileName().toString());
    }
  }

  /** What a zip of one stamp was extracted to. */
  private record Remembered(SourceStamp stamp, Path directory, String sha256) {}

  /**
   * Hashes and extracts a zip in one read of the file, with no copy of it: the SHA-256 names
   * exactly the bytes extracted. A zip whose stamp changes while it is read (rewritten in place) is
   * read again, and refused when it keeps changing.
   */
  private Staged extract(Source source) {
    Path zip = source.path();
    String label = source.label();
    try {
      for (int attempt = 1; ; attempt++) {
        SourceStamp before = SourceStamp.of(zip);
        Optional<Staged> staged =
            before.size() <= inMemoryBytes
                ? extractFromMemory(source, before)
                : extractStreaming(source, before);
        if (staged.isPresent()) {
          remember(zip, before, staged.get());
          return staged.get();
        }
        if (attempt == READ_ATTEMPTS) {
          throw ZipExtraction.refuse(
              zip,
              label,
              "changed while it was being read, "
                  + READ_ATTEMPTS
                  + " times; it is loaded once it stays unchanged");
        }
      }
    } catch (ZipException e) {
      throw new PluginLoadException(
          label, zip, Rule.ARCHIVE, "is not a readable zip: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PluginLoadException(
          label, zip, Rule.ARCHIVE, "cannot be extracted: " + e.getMessage(), e);
    }
  }

  /**
   * A small zip: read once into memory, hashed, and extracted from those very bytes unless its
   * entry is already in the cache. Empty when the file changed while it was read.
   */
  private Optional<Staged> extractFromMemory(Source source, SourceStamp before) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(source.path())) {
      // No more than the stamp promised, and one byte to see that the file grew meanwhile.
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, before.size() + 1));
    }
    if (bytes.length != before.size() || !before.equals(SourceStamp.of(source.path()))) {
      return Optional.empty();
    }
    String sha = Sha256.hex(bytes);
    Path target = root.resolve(sha);
    if (!Files.isDirectory(target)) {
      inTemporaryFolder(
          temp -> {
            zips.extractBytes(bytes, temp, source);
            moveIntoPlace(temp, target);
            return null;
          });
    }
    return Optional.of(new Staged(source, target, sha));
  }

  /**
   * A large zip: extracted while it is hashed, in one pass over the file. Empty when the file
   * changed meanwhile: what was extracted is then deleted, never moved into place.
   */
  private Optional<Staged> extractStreaming(Source source, SourceStamp before) throws IOException {
    return Optional.ofNullable(
        inTemporaryFolder(
            temp -> {
              String sha = zips.extractWhileHashing(source, before.size(), temp);
              if (!before.equals(SourceStamp.of(source.path()))) {
                return null;
              }
              Path target = root.resolve(sha);
              if (!Files.isDirectory(target)) {
                moveIntoPlace(temp, target);
              }
              return new Staged(source, target, sha);
            }));
  }

  /** Work that fills a temporary folder inside the cache. */
  @FunctionalInterface
  private interface TemporaryWork {
    Staged run(Path temp) throws IOException;
  }

  /**
   * Runs {@code work} in a fresh temporary folder inside the cache, which the work may move into
   * place; what is left of the folder afterwards is deleted. A failed clean-up is logged, never
   * allowed to hide the work's own outcome.
   */
  private Staged inTemporaryFolder(TemporaryWork work) throws IOException {
    Files.createDirectories(root);
    Path temp = Files.createTempDirectory(root, TEMP_PREFIX);
    try {
      return work.run(temp);
    } finally {
      try {
        deleteTree(temp);
      } catch (UncheckedIOException e) {
        LOG.warn("Could not delete the temporary folder {}: {}", temp, e.getMessage());
      }
    }
  }

  /**
   * Returns a cache copy of a plugin folder, so that the plugin runs from a copy the host owns and
   * the original may change or vanish at any time. The copy's folder is named {@code d-<sha-256 of
   * its files>}, so unchanged content is copied once and reused.
   */
  private Staged copyFolder(Source source) {
    Path folder = source.path();
    String label = source.label();
    try {
      return inTemporaryFolder(
          temp -> {
            String sha = folders.copyAndHash(folder, temp, label);
            Path target = root.resolve("d-" + sha);
            if (!Files.isDirectory(target)) {
              moveIntoPlace(temp, target);
            }
            return new Staged(source, target, sha);
          });
    } catch (IOException | UncheckedIOException e) {
      throw new PluginLoadException(
          label, folder, Rule.SOURCE, "cannot be copied into the cache: " + e.getMessage(), e);
    }
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Another loader extracted the same content first; its complete copy is as good as ours.
      if (!Files.isDirectory(target)) {
        throw e;
      }
    }
  }

  /**
   * Deletes a folder and everything in it; a missing folder is fine.
   *
   * @param dir the folder
   */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
