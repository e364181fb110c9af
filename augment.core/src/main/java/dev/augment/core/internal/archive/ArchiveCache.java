package dev.augment.core.internal.archive;

import dev.augment.api.Api;
import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
import dev.augment.core.internal.Text;
import dev.augment.core.internal.plugin.Source;
import dev.augment.core.internal.plugin.Staged;
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
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts plugin zips into a content-addressed cache directory that the host owns.
 *
 * <p>A zip is extracted to {@code <cache>/<sha-256 of the zip>/}. Extraction writes into a fresh
 * temporary folder inside the cache and moves it into place with one atomic rename, so a reader
 * sees either no folder or a complete one, and a refused zip leaves nothing behind. A zip already
 * in the cache is not extracted again. The zip is first copied into the cache, then hashed and
 * extracted from that copy. Every entry is checked before it is written: an entry whose normalized
 * path would leave the temporary folder (absolute paths, {@code ..} segments) refuses the whole
 * zip, and so do more than {@link Limits#maxEntries()} entries or more than {@link
 * Limits#maxBytes()} bytes of content, counted as they are written.
 */
@Api.Internal
public final class ArchiveCache {

  private static final Logger LOG = LoggerFactory.getLogger(ArchiveCache.class);
  private static final String TEMP_PREFIX = ".extracting-";

  private final Path root;
  private final Limits limits;
  private volatile CacheJanitor janitor;

  /**
   * Limits that stop a hostile zip from filling the disk.
   *
   * @param maxEntries most entries one zip may hold
   * @param maxBytes most bytes all entries of one zip may hold once extracted
   */
  public record Limits(int maxEntries, long maxBytes) {
    /** Generous defaults for plugins: 10,000 entries and 512 MiB. */
    public static final Limits DEFAULT = new Limits(10_000, 512L * 1024 * 1024);
  }

  /**
   * Creates a cache in {@code root}, which is created when missing.
   *
   * @param root the cache directory
   * @param limits the extraction limits
   */
  public ArchiveCache(Path root, Limits limits) {
    this.root = root.toAbsolutePath().normalize();
    this.limits = limits;
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
    Staged staged = source.zip() ? extract(source) : copyFolder(source);
    // Housekeeping hook (CacheJanitor): check the copy's integrity and claim it against removal;
    // a damaged copy, or one another host removed meanwhile, is staged again.
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

  private Staged extract(Source source) {
    Path zip = source.path();
    String label = source.label();
    try {
      return inTemporaryFolder(
          temp -> {
            // Hash and extract one private copy, so a zip replaced meanwhile cannot be stored
            // under the hash of its predecessor.
            Path copy = Files.copy(zip, temp.resolve("plugin.zip"));
            String sha = sha256(copy);
            Path target = root.resolve(sha);
            if (!Files.isDirectory(target)) {
              Path content = Files.createDirectory(temp.resolve("content"));
              unzip(copy, content, zip, label);
              moveIntoPlace(content, target);
            }
            return new Staged(source, target, sha);
          });
    } catch (ZipException e) {
      throw new PluginLoadException(
          label, zip, Rule.ARCHIVE, "is not a readable zip: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PluginLoadException(
          label, zip, Rule.ARCHIVE, "cannot be extracted: " + e.getMessage(), e);
    }
  }

  /** Work that fills a temporary folder inside the cache. */
  @FunctionalInterface
  private interface TemporaryWork {
    Staged run(Path temp) throws IOException;
  }

  /**
   * Runs {@code work} in a fresh temporary folder inside the cache and deletes the folder
   * afterwards; a failed clean-up is logged, never allowed to hide the work's own outcome.
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
            Path content = Files.createDirectory(temp.resolve("content"));
            String sha = copyAndHash(folder, content, label);
            Path target = root.resolve("d-" + sha);
            if (!Files.isDirectory(target)) {
              moveIntoPlace(content, target);
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
        written += copyBounded(in, out, limits.maxBytes() - written, folder, label);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private void unzip(Path copy, Path into, Path zip, String label) throws IOException {
    try (ZipFile file = new ZipFile(copy.toFile())) {
      if (file.size() > limits.maxEntries()) {
        throw refuse(
            zip,
            label,
            "holds " + file.size() + " entries, more than the limit of " + limits.maxEntries());
      }
      long written = 0;
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
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
              zip,
              label,
              "entry '" + Text.printable(entry.getName()) + "' is not a legal file name");
        }
        if (!target.startsWith(into) || target.equals(into) && !entry.isDirectory()) {
          throw refuse(
              zip,
              label,
              "entry '" + Text.printable(entry.getName()) + "' would be written outside the cache");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = file.getInputStream(entry);
            OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
          written += copyBounded(in, out, limits.maxBytes() - written, zip, label);
        } catch (FileAlreadyExistsException e) {
          throw refuse(zip, label, "entry '" + Text.printable(entry.getName()) + "' appears twice");
        }
      }
    }
  }

  private long copyBounded(InputStream in, OutputStream out, long budget, Path zip, String label)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long copied = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      copied += n;
      if (copied > budget) {
        throw refuse(
            zip, label, "expands to more than the limit of " + limits.maxBytes() + " bytes");
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

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
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
