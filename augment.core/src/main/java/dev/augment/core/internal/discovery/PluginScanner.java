package dev.augment.core.internal.discovery;

import dev.augment.api.Api;
import dev.augment.core.internal.plugin.Source;
import dev.augment.core.internal.plugin.SourceStamp;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  /**
   * Scans one folder.
   *
   * @param folder one of the host's plugin folders
   * @return the candidates, ordered by file name, in normalized form
   * @throws IOException if the folder is missing or cannot be listed
   */
  public static List<Source> scan(Path folder) throws IOException {
    Path root = Source.normalize(folder);
    if (!Files.isDirectory(root)) {
      throw new IOException("plugin folder " + root + " does not exist or is not a folder");
    }
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
      stream.forEach(entries::add);
    }
    // By the name's characters, not Path order: Windows paths compare ignoring case, and the scan
    // order (which settles duplicate names) must be the same on every platform.
    entries.sort(java.util.Comparator.comparing(p -> p.getFileName().toString()));
    List<Source> found = new ArrayList<>();
    for (Path entry : entries) {
      if (entry.getFileName().toString().startsWith(".")) {
        continue;
      }
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(entry, BasicFileAttributes.class);
      } catch (IOException e) {
        LOG.debug("Ignoring {}: its attributes cannot be read ({})", entry, e.getMessage());
        continue;
      }
      Optional<Source.Kind> kind = Source.kindOf(entry, attributes);
      if (kind.isPresent()) {
        // One stat per candidate: the cache learns from it whether a zip changed since.
        Optional<SourceStamp> seen =
            kind.get() == Source.Kind.ZIP
                ? Optional.of(SourceStamp.of(attributes))
                : Optional.empty();
        found.add(new Source(entry, root, kind.get(), seen));
      } else {
        LOG.debug("Ignoring {}: neither a plugin folder nor a regular .zip file", entry);
      }
    }
    return found;
  }
}
