package dev.augment.core.internal.discovery;

import dev.augment.api.Api;
import dev.augment.core.internal.Parallel;
import dev.augment.core.internal.plugin.Source;
import dev.augment.core.internal.plugin.SourceStamp;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the plugin candidates in the host's folders.
 *
 * <p>A candidate is a sub-folder or a regular {@code .zip} file directly inside a plugin folder, as
 * {@link Source#kindOf} tells them apart. Names that start with a dot are skipped (hidden files,
 * editors' and copiers' temporary files), and so are other files, with a debug log line; a FIFO or
 * device named {@code *.zip} is never opened. A sub-folder without a manifest is still a candidate:
 * loading it fails with a clear reason instead of being ignored silently. Candidates come back in a
 * stable order: by file name, compared character by character (upper case before lower case) on
 * every platform.
 */
@Api.Internal
public final class PluginScanner {

  private static final Logger LOG = LoggerFactory.getLogger(PluginScanner.class);

  private PluginScanner() {}

  /** Below this many entries a folder is read on the caller's thread alone. */
  private static final int PARALLEL_FROM = 256;

  /**
   * Scans one folder on the caller's thread.
   *
   * @param folder one of the host's plugin folders
   * @return the candidates, ordered by file name, in normalized form
   * @throws IOException if the folder is missing or cannot be listed
   */
  public static List<Source> scan(Path folder) throws IOException {
    return scan(folder, new Parallel(1));
  }

  /**
   * Scans one folder; a large folder's entries are read (one {@code stat} each) on the runner's
   * threads, which is most of a scan's time on file systems where a system call is dear.
   *
   * @param folder one of the host's plugin folders
   * @param parallel the runner for reading attributes
   * @return the candidates, ordered by file name, in normalized form
   * @throws IOException if the folder is missing or cannot be listed
   */
  public static List<Source> scan(Path folder, Parallel parallel) throws IOException {
    return candidates(Source.normalize(folder), parallel).stream().map(Candidate::source).toList();
  }

  /**
   * One candidate as the scan read it.
   *
   * @param source the candidate
   * @param linked whether its name in the folder is a symbolic link (its attributes are those of
   *     the link's target, which can change without any change to the folder)
   */
  record Candidate(Source source, boolean linked) {}

  /** Every candidate of a normalized folder, ordered by file name. */
  static List<Candidate> candidates(Path root, Parallel parallel) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("plugin folder " + root + " does not exist or is not a folder");
    }
    TreeMap<String, Path> entries = new TreeMap<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
      for (Path entry : stream) {
        // By the name's characters, not Path order: Windows paths compare ignoring case, and the
        // scan order (which settles duplicate names) must be the same on every platform.
        String name = entry.getFileName().toString();
        if (!skipped(name)) {
          entries.put(name, entry);
        }
      }
    }
    List<Path> ordered = new ArrayList<>(entries.values());
    List<Optional<Candidate>> found;
    if (ordered.size() < PARALLEL_FROM) {
      found = new ArrayList<>(ordered.size());
      for (Path entry : ordered) {
        found.add(candidate(entry, root));
      }
    } else {
      List<List<Path>> chunks = new ArrayList<>();
      for (int i = 0; i < ordered.size(); i += PARALLEL_FROM) {
        chunks.add(ordered.subList(i, Math.min(ordered.size(), i + PARALLEL_FROM)));
      }
      found = new ArrayList<>(ordered.size());
      for (List<Optional<Candidate>> part :
          parallel.map(chunks, c -> c.stream().map(e -> candidate(e, root)).toList())) {
        found.addAll(part);
      }
    }
    return found.stream().flatMap(Optional::stream).toList();
  }

  /** Whether a name in a plugin folder is never a candidate: hidden and temporary files. */
  static boolean skipped(String name) {
    return name.startsWith(".");
  }

  /** Reads one entry: one {@code stat} (two when the name is a symbolic link). */
  static Optional<Candidate> candidate(Path entry, Path root) {
    BasicFileAttributes attributes;
    boolean linked;
    try {
      attributes =
          Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      linked = attributes.isSymbolicLink();
      if (linked) {
        attributes = Files.readAttributes(entry, BasicFileAttributes.class);
      }
    } catch (IOException e) {
      LOG.debug("Ignoring {}: its attributes cannot be read ({})", entry, e.getMessage());
      return Optional.empty();
    }
    Optional<Source.Kind> kind = Source.kindOf(entry, attributes);
    if (kind.isEmpty()) {
      LOG.debug("Ignoring {}: neither a plugin folder nor a regular .zip file", entry);
      return Optional.empty();
    }
    // One stat per candidate: the cache learns from it whether a zip changed since.
    Optional<SourceStamp> seen =
        kind.get() == Source.Kind.ZIP ? Optional.of(SourceStamp.of(attributes)) : Optional.empty();
    return Optional.of(new Candidate(new Source(entry, root, kind.get(), seen), linked));
  }
}
