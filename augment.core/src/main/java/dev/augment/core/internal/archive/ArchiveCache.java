package dev.augment.core.internal.archive;

import dev.augment.api.Api;
import dev.augment.core.HostDescription;
import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
import dev.augment.core.internal.Text;
import dev.augment.core.internal.plugin.Source;
import dev.augment.core.internal.plugin.SourceStamp;
import dev.augment.core.internal.plugin.Staged;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
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
  private final Limits limits;
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
    this.limits = limits;
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
          throw refuse(
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
    String sha = HexFormat.of().formatHex(sha256().digest(bytes));
    Path target = root.resolve(sha);
    if (!Files.isDirectory(target)) {
      inTemporaryFolder(
          temp -> {
            InputStream in = new ByteArrayInputStream(bytes);
            requireZipHeader(in);
            CentralDirectory.Listing listed = listing(CentralDirectory.Bytes.of(bytes), source);
            unzip(in, temp, source, bytes.length, listed);
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
              MessageDigest digest = sha256();
              CentralDirectory.Listing listed;
              try (java.nio.channels.FileChannel channel =
                  java.nio.channels.FileChannel.open(source.path())) {
                listed = listing(CentralDirectory.Bytes.of(channel), source);
              }
              try (InputStream file =
                  new BufferedInputStream(Files.newInputStream(source.path()), 64 * 1024)) {
                requireZipHeader(file);
                InputStream in = new DigestInputStream(file, digest);
                unzip(in, temp, source, before.size(), listed);
                // The rest (the central directory) belongs to the zip's hash too.
                in.transferTo(OutputStream.nullOutputStream());
              }
              if (!before.equals(SourceStamp.of(source.path()))) {
                return null;
              }
              String sha = HexFormat.of().formatHex(digest.digest());
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
            String sha = copyAndHash(folder, temp, label);
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

  private String copyAndHash(Path folder, Path into, String label) throws IOException {
    MessageDigest digest = sha256();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    if (files.size() > limits.maxEntries()) {
      throw refuse(
          folder,
          label,
          "holds " + files.size() + " files, more than the limit of " + limits.maxEntries());
    }
    long written = 0;
    for (Path file : files) {
      String relative = folder.relativize(file).toString().replace('\\', '/');
      // Name, a separator and the content's length before the content: no two different
      // folders feed the digest the same bytes.
      digest.update(relative.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(Files.size(file)).array());
      Path target = into.resolve(relative);
      Files.createDirectories(target.getParent());
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest);
          OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
        written += copyBounded(in, out, limits.maxBytes() - written, -1, folder, label);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Reads the central directory and refuses a zip whose directory lists a symbolic link: the local
   * entries a stream reads cannot show one, so it would become a file holding the link's target.
   */
  private CentralDirectory.Listing listing(CentralDirectory.Bytes bytes, Source source)
      throws IOException {
    CentralDirectory.Listing listed;
    try {
      listed = CentralDirectory.read(bytes, limits.maxEntries());
    } catch (CentralDirectory.DuplicateEntry e) {
      throw refuse(
          source.path(), source.label(), "entry '" + Text.printable(e.name()) + "' appears twice");
    }
    if (listed.symlink().isPresent()) {
      throw refuse(
          source.path(),
          source.label(),
          "entry '"
              + Text.printable(listed.symlink().get())
              + "' is a symbolic link; a plugin zip may hold only files and folders");
    }
    return listed;
  }

  private void unzip(
      InputStream bytes, Path into, Source source, long zipSize, CentralDirectory.Listing listed)
      throws IOException {
    Path zip = source.path();
    String label = source.label();
    long allowed = Math.min(limits.maxBytes(), limits.byRatio(zipSize));
    java.util.Set<String> unlisted = new java.util.LinkedHashSet<>(listed.names());
    try (ZipInputStream file = new ZipInputStream(new NotClosed(bytes))) {
      long written = 0;
      int count = 0;
      ZipEntry entry;
      while ((entry = nextEntry(file, zip, label)) != null) {
        if (!unlisted.remove(entry.getName())) {
          throw refuse(
              zip,
              label,
              "entry '"
                  + Text.printable(entry.getName())
                  + "' is not in the zip's central directory, or appears twice");
        }
        if (++count > limits.maxEntries()) {
          throw refuse(
              zip,
              label,
              "holds " + count + " entries or more, more than the limit of " + limits.maxEntries());
        }
        Path target = checkedTarget(entry, into, zip, label);
        try {
          if (entry.isDirectory()) {
            Files.createDirectories(target);
            continue;
          }
          Files.createDirectories(target.getParent());
          try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            written += copyBounded(file, out, allowed - written, zipSize, zip, label);
          }
        } catch (FileAlreadyExistsException e) {
          throw refuse(
              zip,
              label,
              "entry '"
                  + Text.printable(entry.getName())
                  + "' appears twice, or as both a file and a folder");
        } catch (java.nio.file.FileSystemException e) {
          // The exception's message names the temporary folder: give the entry and the reason.
          throw refuse(
              zip,
              label,
              "entry '"
                  + Text.printable(entry.getName())
                  + "' cannot be written: "
                  + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()));
        }
      }
    }
    if (!unlisted.isEmpty()) {
      throw refuse(
          zip,
          label,
          "entry '"
              + Text.printable(unlisted.iterator().next())
              + "' of the zip's central directory has no readable local entry");
    }
  }

  /**
   * The next local entry; a name that is not UTF-8 or a damaged header is a {@link ZipException},
   * never the {@link IllegalArgumentException} the JDK's stream throws for it.
   */
  private static ZipEntry nextEntry(ZipInputStream file, Path zip, String label)
      throws IOException {
    try {
      return file.getNextEntry();
    } catch (IllegalArgumentException e) {
      throw new ZipException("an entry's name is not valid UTF-8 or its header is damaged");
    }
  }

  /** Where an entry goes, once its name is known to be portable and to stay inside {@code into}. */
  private static Path checkedTarget(ZipEntry entry, Path into, Path zip, String label) {
    Optional<String> unportable = EntryNames.problem(entry.getName());
    if (unportable.isPresent()) {
      throw refuse(
          zip, label, "entry '" + Text.printable(entry.getName()) + "' " + unportable.get());
    }
    Path target;
    try {
      target = into.resolve(entry.getName()).normalize();
    } catch (InvalidPathException e) {
      throw refuse(
          zip, label, "entry '" + Text.printable(entry.getName()) + "' is not a legal file name");
    }
    if (!target.startsWith(into) || target.equals(into) && !entry.isDirectory()) {
      throw refuse(
          zip,
          label,
          "entry '" + Text.printable(entry.getName()) + "' would be written outside the cache");
    }
    return target;
  }

  /**
   * Refuses what does not start like a zip: an entry ({@code PK\3\4}) or the end record of an empty
   * zip ({@code PK\5\6}). A zip read from its start has nothing before its first entry.
   */
  private static void requireZipHeader(InputStream in) throws IOException {
    in.mark(4);
    byte[] head = in.readNBytes(4);
    in.reset();
    boolean zip =
        head.length == 4
            && head[0] == 'P'
            && head[1] == 'K'
            && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6);
    if (!zip) {
      throw new ZipException("it does not start with a zip entry or an empty zip's end record");
    }
  }

  /** Keeps the hashing stream open when the zip reader is closed: the rest is hashed after it. */
  private static final class NotClosed extends java.io.FilterInputStream {
    NotClosed(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // The caller closes the stream it opened.
    }
  }

  /**
   * Copies at most {@code budget} bytes. {@code zipSize} is the zip's size when the ratio applies,
   * or -1 (a folder).
   */
  private long copyBounded(
      InputStream in, OutputStream out, long budget, long zipSize, Path zip, String label)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long copied = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      copied += n;
      if (copied > budget) {
        boolean byRatio = zipSize >= 0 && limits.byRatio(zipSize) < limits.maxBytes();
        throw refuse(
            zip,
            label,
            byRatio
                ? "expands to more than "
                    + limits.maxRatio()
                    + " times its own size of "
                    + zipSize
                    + " bytes (the archive ratio limit)"
                : "expands to more than the limit of " + limits.maxBytes() + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return copied;
  }

  private static PluginLoadException refuse(Path zip, String label, String detail) {
    return new PluginLoadException(label, zip, Rule.ARCHIVE, detail, null);
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

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
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
