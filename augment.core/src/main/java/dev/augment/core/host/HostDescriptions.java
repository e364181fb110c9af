package dev.augment.core.host;

import dev.augment.api.Api;
import dev.augment.core.HostDescription;
import dev.augment.core.internal.manifest.HostDescriptionJson;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes and reads a {@link HostDescription} as JSON, the format of {@code
 * docs/host-description.md}.
 *
 * <pre>{@code
 * HostDescriptions.write(PluginHost.builder(Route.class)....describe(), Path.of("host.json"));
 * HostDescription host = HostDescriptions.read(Path.of("host.json"));
 * }</pre>
 */
@Api.Experimental
public final class HostDescriptions {

  private HostDescriptions() {}

  /**
   * Returns a description as pretty-printed JSON.
   *
   * @param description the description
   * @return the JSON text, ending with a newline
   */
  public static String toJson(HostDescription description) {
    return HostDescriptionJson.toJson(description);
  }

  /**
   * Writes a description as JSON.
   *
   * @param description the description
   * @param file where to write it
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(HostDescription description, Path file) {
    HostDescriptionJson.write(description, file);
  }

  /**
   * Reads a description that {@link #write} wrote.
   *
   * @param file the JSON file
   * @return the description
   * @throws IllegalArgumentException if the file is not a host description; the message names the
   *     file and the field
   * @throws UncheckedIOException if the file cannot be read
   */
  public static HostDescription read(Path file) {
    return HostDescriptionJson.read(file);
  }
}
