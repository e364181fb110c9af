package dev.augment.core.internal.archive;

import dev.augment.api.Api;
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
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The size and SHA-256 of every file of a cache entry, recorded beside it in {@code
 * <cache>/<entry>.sum} and checked whenever the entry is reused.
 *
 * <p>The first check of an entry in a JVM reads every file and compares its hash; later checks in
 * the same JVM compare the list of files and their sizes only, which costs one directory walk. An
 * entry without a record is recorded as it is: cache entries appear complete or not at all (one
 * atomic rename), and the first claim of an entry follows its extraction.
 */
@Api.Internal
final class Integrity {

  /** The suffix of an entry's record, beside the entry. */
  static final String SUFFIX = ".sum";

  private static final String HEADER = "augment-sum 1";

  /** Entries whose every hash was checked in this JVM. */
  private static final Set<Path> HASHED = ConcurrentHashMap.newKeySet();

  private Integrity() {}

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
      Map<String, long[]> sizes = files(entry);
      if (!Files.exists(sum)) {
        write(entry, sum);
        HASHED.add(entry);
        return Optional.empty();
      }
      Map<String, String[]> recorded = read(sum);
      if (!recorded.keySet().equals(sizes.keySet())) {
        return Optional.of("holds other files than were extracted");
      }
      boolean full = !HASHED.contains(entry);
      for (Map.Entry<String, String[]> r : recorded.entrySet()) {
        if (Long.parseLong(r.getValue()[0]) != sizes.get(r.getKey())[0]) {
          return Optional.of("file " + r.getKey() + " changed its size");
        }
        if (full && !r.getValue()[1].equals(sha256(entry.resolve(r.getKey())))) {
          return Optional.of("file " + r.getKey() + " changed its content");
        }
      }
      HASHED.add(entry);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("cannot be checked: " + e);
    }
  }

  /** Forgets an entry that was removed or replaced. */
  static void forget(Path entry) {
    HASHED.remove(entry);
  }

  private static Map<String, long[]> files(Path entry) throws IOException {
    Map<String, long[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(entry)) {
      for (Path p : walk.toList()) {
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory()) {
          continue;
        }
        String name = entry.relativize(p).toString().replace('\\', '/');
        // A link or special file is never extracted: its presence is damage.
        files.put(name, new long[] {a.isRegularFile() ? a.size() : -1});
      }
    }
    return files;
  }

  private static void write(Path entry, Path sum) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Map.Entry<String, long[]> f : files(entry).entrySet()) {
      text.append(f.getValue()[0])
          .append(' ')
          .append(sha256(entry.resolve(f.getKey())))
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

  private static Map<String, String[]> read(Path sum) throws IOException {
    List<String> lines = Files.readAllLines(sum, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IOException("record " + sum + " is not an Augment record");
    }
    Map<String, String[]> recorded = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(" ", 3);
      if (parts.length != 3) {
        throw new IOException("record " + sum + " is damaged");
      }
      String name = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
      recorded.put(name, new String[] {parts[0], parts[1]});
    }
    return recorded;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }
}
