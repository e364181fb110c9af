package dev.augment.core.internal.archive;

import static dev.augment.core.internal.archive.ZipExtraction.copyBounded;
import static dev.augment.core.internal.archive.ZipExtraction.refuse;

import dev.augment.core.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies a plugin folder's files into a folder and hashes them in the same read, within an {@link
 * ArchiveCache.Limits}: no more files than its entry limit, no more bytes than its byte limit (the
 * ratio does not apply to a folder). The hash covers every file's relative name and size as well as
 * its content, so it names the folder's content exactly; the {@link ArchiveCache} names the copy
 * after it.
 */
final class FolderCopy {

  private final ArchiveCache.Limits limits;

  /** Copies within {@code limits}. */
  FolderCopy(ArchiveCache.Limits limits) {
    this.limits = limits;
  }

  /**
   * Copies every regular file of {@code folder} into {@code into}.
   *
   * @return the SHA-256 of the folder's names, sizes and contents, in hex
   */
  String copyAndHash(Path folder, Path into, String label) throws IOException {
    MessageDigest digest = Sha256.digest();
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
      digest.update(ByteBuffer.allocate(Long.BYTES).putLong(Files.size(file)).array());
      Path target = into.resolve(relative);
      Files.createDirectories(target.getParent());
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest);
          OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
        written += copyBounded(limits, in, out, limits.maxBytes() - written, -1, folder, label);
      }
    }
    return Sha256.hex(digest);
  }
}
