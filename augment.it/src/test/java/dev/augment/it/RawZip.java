package dev.augment.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes zips byte by byte, stored entries only, for what {@code ZipOutputStream} refuses to write:
 * a name twice, a symbolic link (unix mode in the external attributes), an entry left out of the
 * central directory.
 */
final class RawZip {

  private record Entry(String name, byte[] data, int unixMode, boolean listed) {}

  private final List<Entry> entries = new ArrayList<>();

  static RawZip of() {
    return new RawZip();
  }

  RawZip file(String name, byte[] data) {
    entries.add(new Entry(name, data, 0100644, true));
    return this;
  }

  RawZip file(String name, String text) {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Every regular file of {@code folder}, with paths relative to it. */
  RawZip folder(Path folder) {
    try (var walk = Files.walk(folder)) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        file(folder.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An entry whose external attributes mark it as a symbolic link to {@code target}. */
  RawZip symlink(String name, String target) {
    entries.add(new Entry(name, target.getBytes(StandardCharsets.UTF_8), 0120777, true));
    return this;
  }

  /** A local entry that the central directory does not list. */
  RawZip unlisted(String name, String text) {
    entries.add(new Entry(name, text.getBytes(StandardCharsets.UTF_8), 0100644, false));
    return this;
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream cen = new ByteArrayOutputStream();
    int listed = 0;
    for (Entry e : entries) {
      byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
      CRC32 crc = new CRC32();
      crc.update(e.data());
      int offset = out.size();
      ByteBuffer loc = le(30 + name.length);
      loc.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x0800).putShort((short) 0);
      loc.putShort((short) 0).putShort((short) 0x21).putInt((int) crc.getValue());
      loc.putInt(e.data().length).putInt(e.data().length);
      loc.putShort((short) name.length).putShort((short) 0).put(name);
      out.writeBytes(loc.array());
      out.writeBytes(e.data());
      if (!e.listed()) {
        continue;
      }
      listed++;
      ByteBuffer c = le(46 + name.length);
      c.putInt(0x02014b50).putShort((short) 0x031E).putShort((short) 20);
      c.putShort((short) 0x0800).putShort((short) 0).putShort((short) 0).putShort((short) 0x21);
      c.putInt((int) crc.getValue()).putInt(e.data().length).putInt(e.data().length);
      c.putShort((short) name.length).putShort((short) 0).putShort((short) 0);
      c.putShort((short) 0).putShort((short) 0).putInt(e.unixMode() << 16).putInt(offset);
      c.put(name);
      cen.writeBytes(c.array());
    }
    int cenOffset = out.size();
    out.writeBytes(cen.toByteArray());
    ByteBuffer end = le(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    end.putShort((short) listed).putShort((short) listed);
    end.putInt(cen.size()).putInt(cenOffset).putShort((short) 0);
    out.writeBytes(end.array());
    return out.toByteArray();
  }

  Path writeTo(Path zip) {
    try {
      return Files.write(zip, bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
