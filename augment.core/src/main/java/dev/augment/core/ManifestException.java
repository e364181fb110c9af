package dev.augment.core;

import dev.augment.api.Api;
import java.nio.file.Path;

/**
 * Thrown when {@code plugin.manifest.json} is missing, unreadable or breaks the manifest schema.
 *
 * <p>The message names the plugin, its folder's manifest or its zip, the field (as a JSON pointer
 * such as {@code /version}) and the rule the field breaks. When several fields break rules, the
 * exception names the first and carries the others, in field order, as its {@linkplain
 * #getSuppressed() suppressed} exceptions, each a {@code ManifestException} of its own field.
 */
@Api.Stable
public class ManifestException extends PluginLoadException {

  private static final long serialVersionUID = 1L;

  /** The JSON pointer of the offending field, {@code ""} for the whole document. */
  private final String field;

  /**
   * Creates an exception.
   *
   * @param plugin the plugin's name if known, else the name of its folder or zip
   * @param manifest the manifest file of a plugin folder, or the plugin's zip
   * @param field the JSON pointer of the offending field, {@code ""} for the whole document
   * @param detail the rule the field breaks
   * @param cause the underlying exception, or {@code null} when there is none
   */
  public ManifestException(
      String plugin, Path manifest, String field, String detail, Throwable cause) {
    super(
        plugin,
        manifest,
        Rule.MANIFEST,
        PluginManifest.FILE_NAME + (field.isEmpty() ? " " : " field '" + field + "': ") + detail,
        cause);
    this.field = field;
  }

  /**
   * Returns the JSON pointer of the offending field, such as {@code /name}; {@code ""} when the
   * failure is about the whole document.
   *
   * @return the field
   */
  public String field() {
    return field;
  }
}
