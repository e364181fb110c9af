package dev.augment.core.internal.plugin;

import dev.augment.api.Api;
import dev.augment.core.PluginFailure;
import dev.augment.core.Rule;
import java.nio.file.Path;

/**
 * A plugin's files in the host's cache: what the cache returns, carried with the plugin to its
 * registry entry.
 *
 * @param source where the files came from
 * @param directory the cache folder holding them, named by their content
 * @param sha256 the hash of the content: two sources with the same hash hold the same plugin, byte
 *     for byte
 */
@Api.Internal
public record Staged(Source source, Path directory, String sha256) {

  /**
   * Returns the path to name in a failure about {@code file}: for a folder the same file in the
   * original folder, for a zip the zip, since the cache copy is an implementation detail.
   *
   * @param file a file of the plugin's cache copy
   * @return the path to report
   */
  public Path report(Path file) {
    return source.zip() ? source.path() : source.path().resolve(inside(file));
  }

  /**
   * Replaces the cache folder in a message with the plugin's own path ({@code /p/x.zip!} for a
   * zip).
   *
   * @param text a message, such as one the JDK wrote
   * @return the message naming the plugin's source
   */
  public String hideCache(String text) {
    return text.replace(
        directory.toString(), source.zip() ? source.path() + "!" : source.path().toString());
  }

  /**
   * Names a file of the plugin relative to its root, for messages: {@code modules/x.jar}.
   *
   * @param file a file of the plugin
   * @return the relative name, with forward slashes; empty for the root itself
   */
  public String inside(Path file) {
    return directory.relativize(file).toString().replace('\\', '/');
  }

  /**
   * Describes a failure about one file of the plugin, before its manifest is known.
   *
   * @param plugin the plugin's name, or its label
   * @param file a file of the plugin's cache copy, or its root
   * @param rule the rule broken
   * @param detail what is wrong, as a predicate of the file: {@code "holds no .jar file"}
   * @return the failure, naming the file inside the plugin and never the cache
   */
  public PluginFailure failure(String plugin, Path file, Rule rule, String detail) {
    String what = inside(file);
    return PluginFailure.of(
        plugin,
        report(file),
        rule,
        (what.isEmpty() ? "the plugin" : what) + " " + hideCache(detail));
  }
}
