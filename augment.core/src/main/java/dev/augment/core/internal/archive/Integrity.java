package dev.augment.core.internal.archive;

import dev.augment.api.Api;
import dev.augment.core.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The size, modification time and SHA-256 of every file of a cache entry, recorded beside it in
 * {@code <cache>/<entry>.sum} and checked whenever the entry is reused.
 *
 * <p>Each check lists the entry's files and compares their names, sizes and modification times with
 * the record, and hashes every file whose time is not the recorded one; a file with the recorded
 * size and time is taken as intact without being read (the quick check {@code rsync} and {@code
 * make} rely on), so a warm start reads no plugin file twice and the check keeps no state in
 * memory. This guards against damage: a partial copy, a disk error, another tool writing into the
 * cache. It is no defence against someone who can write the cache on purpose, who could rewrite the
 * record as well (see {@code docs/security.md}). An entry without a record is recorded as it is:
 * cache entries appear complete or not at all (one atomic rename), and the first claim of an entry
 * follows its extraction. Records of the first format (no times) are hashed in full once and
 * rewritten.
 */
@Api.Internal
final class Integrity {

  /** The suffix of an entry's record, beside the entry. */
  static final String SUFFIX = ".sum";

  private static final String HEADER_V1 = "augment-sum 1";
  private static final String HEADER = "augment-sum 2";

  private Integrity() {}

  /** What is known of one file: its size, last modification time (-1 if unknown) and hash. */
  private record Known(long size, long modified, String sha256) {}

  /** One file as it is now. */
  private record Seen(long size, long modified) {}

  static Path record(Path entry) {
    return entry.resolveSibling(entry.getFileName() + SUFFIX);
  }

  /**
   * Checks an entry against its record, recording it first when it has none.
   *
   * @param entry the entry folder
   * @return what is wrong with it; empty when it is intact
   */
  static Optional<String> check(Path entry) {
    try {
      Path sum = record(entry);
      Map<String, Seen> now = files(entry);
      if (!Files.exists(sum)) {
        write(entry, sum, now, Map.of());
        return Optional.empty();
      }
      Map<String, Known> recorded = read(sum);
      if (!recorded.keySet().equals(now.keySet())) {
        return Optional.of("holds other files than were extracted");
      }
      Map<String, String> rehashed = new TreeMap<>();
      for (Map.Entry<String, Known> r : recorded.entrySet()) {
        Seen seen = now.get(r.getKey());
        if (r.getValue().size() != seen.size()) {
          return Optional.of("file " + r.getKey() + " changed its size");
        }
        if (r.getValue().modified() != seen.modified()) {
          String sha = sha256(entry.resolve(r.getKey()));
          if (!r.getValue().sha256().equals(sha)) {
            return Optional.of("file " + r.getKey() + " changed its content");
          }
          rehashed.put(r.getKey(), sha);
        }
      }
      if (!rehashed.isEmpty()) {
        // Touched but intact (or a record without times): record the times, so that the next
        // JVM need not read these files again.
        Map<String, String> known = new TreeMap<>();
        recorded.forEach((k, v) -> known.put(k, v.sha256()));
        write(entry, sum, now, known);
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("cannot be checked: " + e);
    }
  }

  private static Map<String, Seen> files(Path entry) throws IOException {
    Map<String, Seen> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(entry)) {
      for (Path p : walk.toList()) {
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory()) {
          continue;
        }
        String name = entry.relativize(p).toString().replace('\\', '/');
        // A link or special file is never extracted: its presence is damage.
        Instant t = a.lastModifiedTime().toInstant();
        files.put(
            name,
            new Seen(
                a.isRegularFile() ? a.size() : -1,
                t.getEpochSecond() * 1_000_000_000L + t.getNano()));
      }
    }
    return files;
  }

  /** Writes the record; {@code known} holds hashes already computed, by file name. */
  private static void write(
      Path entry, Path sum, Map<String, Seen> files, Map<String, String> known) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Map.Entry<String, Seen> f : files.entrySet()) {
      String sha = known.get(f.getKey());
      text.append(f.getValue().size())
          .append(' ')
          .append(f.getValue().modified())
          .append(' ')
          .append(sha != null ? sha : sha256(entry.resolve(f.getKey())))
          .append(' ')
          .append(
              Base64.getUrlEncoder().encodeToString(f.getKey().getBytes(StandardCharsets.UTF_8)))
          .append('\n');
    }
    Path temp = Files.createTempFile(sum.getParent(), ".sum-", ".tmp");
    try {
      Files.writeString(temp, text);
      Files.move(temp, sum, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Map<String, Known> read(Path sum) throws IOException {
    List<String> lines = Files.readAllLines(sum, StandardCharsets.UTF_8);
    boolean v1 = !lines.isEmpty() && lines.get(0).equals(HEADER_V1);
    if (lines.isEmpty() || !(v1 || lines.get(0).equals(HEADER))) {
      throw new IOException("record " + sum + " is not an Augment record");
    }
    int fields = v1 ? 3 : 4;
    Map<String, Known> recorded = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(" ", fields);
      if (parts.length != fields) {
        throw new IOException("record " + sum + " is damaged");
      }
      String name =
          new String(Base64.getUrlDecoder().decode(parts[fields - 1]), StandardCharsets.UTF_8);
      recorded.put(
          name,
          new Known(
              Long.parseLong(parts[0]), v1 ? -1 : Long.parseLong(parts[1]), parts[fields - 2]));
    }
    return recorded;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = Sha256.digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return Sha256.hex(digest);
  }
}
