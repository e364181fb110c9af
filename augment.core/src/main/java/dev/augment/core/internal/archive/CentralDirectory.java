package dev.augment.core.internal.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipException;

/**
 * Reads a zip's central directory: the list of entries that tools such as {@code unzip -l} and
 * {@code jar tf} show, with what a stream of local entries does not carry (the external attributes
 * that mark a symbolic link).
 *
 * <p>Written by hand because {@code java.util.zip} exposes no external attributes and the zip file
 * system ({@code jdk.zipfs}) is a module a host's image need not have. It reads only fixed-size
 * records through positional reads, never more than one entry's header and name at a time, so a
 * hostile directory costs no more memory than its largest name.
 */
final class CentralDirectory {

  private static final int EOCD = 0x06054b50;
  private static final int EOCD_SIZE = 22;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;
  private static final int CEN = 0x02014b50;
  private static final int CEN_SIZE = 46;
  private static final int UNIX = 3;
  private static final int TYPE_MASK = 0xF000;
  private static final int SYMLINK = 0xA000;

  /** Reads bytes at a position of the zip: from memory or from the file. */
  interface Bytes {
    long size() throws IOException;

    /** Exactly {@code length} bytes at {@code position}, little-endian. */
    ByteBuffer read(long position, int length) throws IOException;

    static Bytes of(byte[] bytes) {
      return new Bytes() {
        @Override
        public long size() {
          return bytes.length;
        }

        @Override
        public ByteBuffer read(long position, int length) throws ZipException {
          if (position < 0 || position + length > bytes.length) {
            throw new ZipException("it is truncated: a record reaches past its end");
          }
          return ByteBuffer.wrap(bytes, (int) position, length)
              .slice()
              .order(ByteOrder.LITTLE_ENDIAN);
        }
      };
    }

    static Bytes of(FileChannel channel) {
      return new Bytes() {
        @Override
        public long size() throws IOException {
          return channel.size();
        }

        @Override
        public ByteBuffer read(long position, int length) throws IOException {
          if (position < 0 || position + length > channel.size()) {
            throw new ZipException("it is truncated: a record reaches past its end");
          }
          ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
          while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
              throw new ZipException("it is truncated: a record reaches past its end");
            }
          }
          return b.flip();
        }
      };
    }
  }

  /**
   * What the central directory lists.
   *
   * @param names the entry names, in order, each once
   * @param symlink the first entry marked as a symbolic link, if any
   */
  record Listing(Set<String> names, Optional<String> symlink) {}

  private CentralDirectory() {}

  /**
   * Lists the central directory of a zip.
   *
   * @param zip the zip's bytes
   * @param maxEntries the most entries to accept
   * @return the listing
   * @throws ZipException if there is no end record (a truncated zip), the directory does not fit in
   *     the file, a record is damaged, or there are more than {@code maxEntries} entries
   * @throws IOException if the file cannot be read
   */
  static Listing read(Bytes zip, int maxEntries) throws IOException {
    long size = zip.size();
    long end = findEnd(zip, size);
    ByteBuffer eocd = zip.read(end, EOCD_SIZE);
    long entries = Short.toUnsignedLong(eocd.getShort(10));
    long cenSize = Integer.toUnsignedLong(eocd.getInt(12));
    long cenOffset = Integer.toUnsignedLong(eocd.getInt(16));
    if (entries == 0xFFFF || cenSize == 0xFFFFFFFFL || cenOffset == 0xFFFFFFFFL) {
      ByteBuffer locator = zip.read(end - 20, 20);
      if (locator.getInt(0) != ZIP64_LOCATOR) {
        throw new ZipException("its zip64 end record is missing");
      }
      ByteBuffer eocd64 = zip.read(locator.getLong(8), 56);
      if (eocd64.getInt(0) != ZIP64_EOCD) {
        throw new ZipException("its zip64 end record is damaged");
      }
      entries = eocd64.getLong(32);
      cenSize = eocd64.getLong(40);
      cenOffset = eocd64.getLong(48);
    }
    if (entries < 0 || entries > maxEntries) {
      throw new ZipException(
          "its central directory lists "
              + Long.toUnsignedString(entries)
              + " entries, more than the limit of "
              + maxEntries);
    }
    if (cenOffset < 0 || cenSize < 0 || cenOffset + cenSize > end) {
      throw new ZipException("its central directory does not fit in the file");
    }
    Set<String> names = new LinkedHashSet<>();
    Optional<String> symlink = Optional.empty();
    long at = cenOffset;
    for (long i = 0; i < entries; i++) {
      ByteBuffer h = zip.read(at, CEN_SIZE);
      if (h.getInt(0) != CEN) {
        throw new ZipException("its central directory is damaged at entry " + (i + 1));
      }
      int madeBy = Short.toUnsignedInt(h.getShort(4)) >>> 8;
      int nameLength = Short.toUnsignedInt(h.getShort(28));
      int extraLength = Short.toUnsignedInt(h.getShort(30));
      int commentLength = Short.toUnsignedInt(h.getShort(32));
      int external = h.getInt(38);
      ByteBuffer raw = zip.read(at + CEN_SIZE, nameLength);
      byte[] nameBytes = new byte[nameLength];
      raw.get(nameBytes);
      String name = new String(nameBytes, StandardCharsets.UTF_8);
      if (!names.add(name)) {
        throw new DuplicateEntry(name);
      }
      if (symlink.isEmpty() && madeBy == UNIX && ((external >>> 16) & TYPE_MASK) == SYMLINK) {
        symlink = Optional.of(name);
      }
      at += CEN_SIZE + (long) nameLength + extraLength + commentLength;
    }
    if (at > cenOffset + cenSize) {
      throw new ZipException("its central directory is larger than its end record says");
    }
    return new Listing(names, symlink);
  }

  /** The central directory lists one name twice. */
  static final class DuplicateEntry extends ZipException {
    private static final long serialVersionUID = 1L;
    private final String name;

    DuplicateEntry(String name) {
      super("entry appears twice");
      this.name = name;
    }

    String name() {
      return name;
    }
  }

  /** Finds the end record: the last 22 to 65,557 bytes, searched from the end. */
  private static long findEnd(Bytes zip, long size) throws IOException {
    if (size < EOCD_SIZE) {
      throw new ZipException("it is truncated: it has no end-of-central-directory record");
    }
    int window = (int) Math.min(size, EOCD_SIZE + 0xFFFFL);
    ByteBuffer tail = zip.read(size - window, window);
    for (int i = window - EOCD_SIZE; i >= 0; i--) {
      if (tail.getInt(i) == EOCD
          && i + EOCD_SIZE + Short.toUnsignedInt(tail.getShort(i + 20)) == window) {
        return size - window + i;
      }
    }
    throw new ZipException("it is truncated: it has no end-of-central-directory record");
  }
}
