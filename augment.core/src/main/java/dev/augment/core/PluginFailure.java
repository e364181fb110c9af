package dev.augment.core;

import dev.augment.api.Api;
import dev.augment.core.internal.Text;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A plugin that was refused, and why: the one failure value of Augment.
 *
 * <p>A {@link dev.augment.core.host.PluginHost} reports it in {@link
 * dev.augment.core.host.PluginHost#failures()}, {@link PluginLoadException} wraps it at the
 * boundary of {@link dev.augment.core.host.Layers#load}, and the builder's verifier and {@code
 * augment list} report the same values, so that a plugin author sees the same rule and the same
 * words wherever a plugin is judged.
 *
 * <p>Text that came from a plugin (its name, a file name, a manifest field) is printable: control
 * characters are written as escapes ({@code \n}, {@code \u0000}), so a failure can never forge a
 * log line.
 *
 * @param plugin the plugin's name, or its file name when the manifest could not be read
 * @param file the file the failure is about: the plugin's folder or zip, its manifest or a jar
 * @param rule the rule the plugin broke
 * @param message the full message, naming the plugin, the file and the rule
 */
@Api.Stable
public record PluginFailure(String plugin, Path file, Rule rule, String message) {

  /**
   * Creates a failure record; control characters in the plugin's name and the message are escaped.
   *
   * @param plugin see the record description
   * @param file see the record description
   * @param rule see the record description
   * @param message see the record description
   * @throws NullPointerException if an argument is null
   */
  public PluginFailure {
    plugin = Text.printable(Objects.requireNonNull(plugin, "plugin"));
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(rule, "rule");
    message = Text.printable(Objects.requireNonNull(message, "message"));
  }

  /**
   * Creates a failure whose message reads {@code plugin 'NAME' (FILE) broke rule [CODE]: DETAIL}.
   *
   * @param plugin the plugin's name, or its file name when the manifest is unknown
   * @param file the file the failure is about
   * @param rule the rule the plugin broke
   * @param detail what exactly is wrong, in one sentence
   * @return the failure
   */
  public static PluginFailure of(String plugin, Path file, Rule rule, String detail) {
    return new PluginFailure(
        plugin,
        file,
        rule,
        "plugin '"
            + Text.printable(plugin)
            + "' ("
            + Text.printable(file.toString())
            + ") broke rule ["
            + rule.code()
            + "]: "
            + detail);
  }

  /**
   * Describes a load exception as a failure.
   *
   * @param e the exception
   * @return the failure it wraps
   */
  public static PluginFailure of(PluginLoadException e) {
    return e.failure();
  }
}
