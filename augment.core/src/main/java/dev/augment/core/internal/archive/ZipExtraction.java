package dev.augment.core.internal.archive;

import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
import dev.augment.core.internal.Sha256;
import dev.augment.core.internal.Text;
import dev.augment.core.internal.plugin.Source;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads a plugin zip into a folder safely, within an {@link ArchiveCache.Limits}.
 *
 * <p>The zip's central directory is read before anything is written: a zip without one, an entry it
 * marks as a symbolic link, or a name it lists twice is refused, and so are local entries it does
 * not list and listed entries with no local one. Every entry's name is checked before it becomes a
 * path (portable, and inside the target folder), and entries, bytes and the expansion ratio are
 * counted as they are written. The {@link ArchiveCache} decides where a zip goes and when it is
 * read again; this class only reads it, from memory or streamed from the file while it is hashed.
 * {@link #copyBounded} and {@link #refuse} serve a plugin folder's copy too ({@link FolderCopy}),
 * so that the byte limit and the refusal are stated once.
 */
final class ZipExtraction {

  private final ArchiveCache.Limits limits;

  /** Extraction within {@code limits}. */
  ZipExtraction(ArchiveCache.Limits limits) {
    this.limits = limits;
  }

  /** Extracts a zip already read into memory into {@code into}. */
  void extractBytes(byte[] bytes, Path into, Source source) throws IOException {
    InputStream in = new ByteArrayInputStream(bytes);
    requireZipHeader(in);
    CentralDirectory.Listing listed = listing(CentralDirectory.Bytes.of(bytes), source);
    unzip(in, into, source, bytes.length, listed);
  }

  /**
   * Extracts a zip file into {@code into} while it is hashed, in one pass over the file.
   *
   * @return the SHA-256 of the zip file, every byte of it, in hex
   */
  String extractWhileHashing(Source source, long zipSize, Path into) throws IOException {
    MessageDigest digest = Sha256.digest();
    CentralDirectory.Listing listed;
    try (FileChannel channel = FileChannel.open(source.path())) {
      listed = listing(CentralDirectory.Bytes.of(channel), source);
    }
    try (InputStream file =
        new BufferedInputStream(Files.newInputStream(source.path()), 64 * 1024)) {
      requireZipHeader(file);
      InputStream in = new DigestInputStream(file, digest);
      unzip(in, into, source, zipSize, listed);
      // The rest (the central directory) belongs to the zip's hash too.
      in.transferTo(OutputStream.nullOutputStream());
    }
    return Sha256.hex(digest);
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
    Set<String> unlisted = new LinkedHashSet<>(listed.names());
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
            written += copyBounded(limits, file, out, allowed - written, zipSize, zip, label);
          }
        } catch (FileAlreadyExistsException e) {
          throw refuse(
              zip,
              label,
              "entry '"
                  + Text.printable(entry.getName())
                  + "' appears twice, or as both a file and a folder");
        } catch (FileSystemException e) {
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
  private static final class NotClosed extends FilterInputStream {
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
  static long copyBounded(
      ArchiveCache.Limits limits,
      InputStream in,
      OutputStream out,
      long budget,
      long zipSize,
      Path zip,
      String label)
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

  /** A refusal of {@code zip} (or a plugin folder) under {@link Rule#ARCHIVE}. */
  static PluginLoadException refuse(Path zip, String label, String detail) {
    return new PluginLoadException(label, zip, Rule.ARCHIVE, detail, null);
  }
}
