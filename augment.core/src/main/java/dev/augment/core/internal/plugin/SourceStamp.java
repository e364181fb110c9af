package dev.augment.core.internal.plugin;

import dev.augment.api.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * What a plugin zip's metadata says about its content: size, last modification time and file key
 * (device and inode on Unix).
 *
 * <p>Two equal stamps of one path mean the file was not rewritten in between, as far as the file
 * system tells: a copy or a move onto the path changes the file key or the time, an edit in place
 * changes the time. It is the quick check {@code rsync} and {@code make} rely on; Augment uses it
 * only to skip hashing a zip whose cache entry it made itself, and always hashes what it extracts.
 *
 * @param size the size in bytes
 * @param modified the last modification time, in the finest unit the file system keeps
 * @param fileKey the file key, or {@code null} on file systems that have none
 */
@Api.Internal
public record SourceStamp(long size, long modified, Object fileKey) {

  /**
   * Reads the stamp of a file, following no link that the path's own last element is.
   *
   * @param file a file
   * @return its stamp
   * @throws IOException if its attributes cannot be read
   */
  public static SourceStamp of(Path file) throws IOException {
    return of(Files.readAttributes(file, BasicFileAttributes.class));
  }

  /**
   * Makes the stamp of attributes already read.
   *
   * @param a a file's attributes
   * @return its stamp
   */
  public static SourceStamp of(BasicFileAttributes a) {
    Instant t = a.lastModifiedTime().toInstant();
    return new SourceStamp(
        a.size(), t.getEpochSecond() * 1_000_000_000L + t.getNano(), a.fileKey());
  }

  /**
   * Tells whether this stamp can vouch for a file at all: without a file key, a file replaced by
   * another of the same size written in the same tick would look unchanged, so such a file is
   * always hashed.
   *
   * @return {@code true} when a file key is known
   */
  public boolean trustworthy() {
    return fileKey != null;
  }
}
