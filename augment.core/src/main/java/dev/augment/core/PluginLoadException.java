package dev.augment.core;

import dev.augment.api.Api;
import java.nio.file.Path;

/**
 * Thrown when a plugin cannot be loaded; the message names the plugin, the file and the rule.
 *
 * <p>A {@link dev.augment.core.host.PluginHost} never lets this exception escape {@link
 * dev.augment.core.host.PluginHost#reload()}: it records the plugin as a {@link PluginFailure} and
 * goes on with the others. {@link dev.augment.core.host.Layers#load} throws it to its caller.
 */
@Api.Stable
public class PluginLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The plugin's name, or the file name when the manifest could not be read. */
  private final String plugin;

  /** The file the failure is about: the plugin, its manifest or one of its jars. */
  private final transient Path file;

  /** The rule the plugin broke. */
  private final Rule rule;

  /**
   * Creates an exception.
   *
   * @param plugin the plugin's name, or its file name when the manifest is unknown
   * @param file the file the failure is about
   * @param rule the rule the plugin broke
   * @param detail what exactly is wrong, in one sentence
   * @param cause the underlying exception, or {@code null} when there is none
   */
  public PluginLoadException(String plugin, Path file, Rule rule, String detail, Throwable cause) {
    super(
        "plugin '" + plugin + "' (" + file + ") broke rule [" + rule.code() + "]: " + detail,
        cause);
    this.plugin = plugin;
    this.file = file;
    this.rule = rule;
  }

  /**
   * Returns the plugin's name, or its file name when the manifest could not be read.
   *
   * @return the plugin
   */
  public String plugin() {
    return plugin;
  }

  /**
   * Returns the file the failure is about: the plugin's folder or zip, its manifest or a jar.
   *
   * @return the file
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the rule the plugin broke.
   *
   * @return the rule
   */
  public Rule rule() {
    return rule;
  }
}
