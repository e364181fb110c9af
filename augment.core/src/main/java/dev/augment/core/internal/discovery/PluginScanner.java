package dev.augment.core.internal.discovery;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the plugin candidates in the host's folders.
 *
 * <p>A candidate is a sub-folder or a {@code .zip} file directly inside a plugin folder. Names that
 * start with a dot are skipped (hidden files, editors' and copiers' temporary files), and so are
 * other files, with a debug log line. A sub-folder without a manifest is still a candidate: loading
 * it fails with a clear reason instead of being ignored silently. Candidates come back in a stable
 * order: by file name.
 */
public final class PluginScanner {

  private static final Logger LOG = LoggerFactory.getLogger(PluginScanner.class);

  /** A folder or zip that may hold a plugin. */
  public record Candidate(Path path, boolean zip) {}

  private PluginScanner() {}

  /**
   * Scans one folder.
   *
   * @param folder one of the host's plugin folders
   * @return the candidates, ordered by file name
   * @throws IOException if the folder is missing or cannot be listed
   */
  public static List<Candidate> scan(Path folder) throws IOException {
    List<Candidate> found = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      throw new IOException("plugin folder " + folder + " does not exist or is not a folder");
    }
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
      stream.forEach(entries::add);
    }
    entries.sort(null);
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      if (name.startsWith(".")) {
        continue;
      }
      if (Files.isDirectory(entry)) {
        found.add(new Candidate(entry, false));
      } else if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
        found.add(new Candidate(entry, true));
      } else {
        LOG.debug("Ignoring {}: neither a plugin folder nor a .zip", entry);
      }
    }
    return found;
  }
}
