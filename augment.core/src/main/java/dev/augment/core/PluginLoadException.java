package dev.augment.core;

import dev.augment.api.Api;
import java.nio.file.Path;

/**
 * Thrown when a plugin cannot be loaded: the boundary form of a {@link PluginFailure}, whose
 * message it carries.
 *
 * <p>A {@link dev.augment.core.host.PluginHost} never lets this exception escape {@link
 * dev.augment.core.host.PluginHost#reload()}: it records the plugin as a {@link PluginFailure} and
 * goes on with the others. {@link dev.augment.core.host.Layers#load} throws it to its caller.
 */
@Api.Stable
public class PluginLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The failure; not serialized, since it holds a {@link Path}. */
  private final transient PluginFailure failure;

  /**
   * Creates an exception for a failure.
   *
   * @param failure the failure
   * @param cause the underlying exception, or {@code null} when there is none
   */
  public PluginLoadException(PluginFailure failure, Throwable cause) {
    super(failure.message(), cause);
    this.failure = failure;
  }

  /**
   * Creates an exception whose failure is {@link PluginFailure#of(String, Path, Rule, String)}.
   *
   * @param plugin the plugin's name, or its file name when the manifest is unknown
   * @param file the file the failure is about
   * @param rule the rule the plugin broke
   * @param detail what exactly is wrong, in one sentence
   * @param cause the underlying exception, or {@code null} when there is none
   */
  public PluginLoadException(String plugin, Path file, Rule rule, String detail, Throwable cause) {
    this(PluginFailure.of(plugin, file, rule, detail), cause);
  }

  /**
   * Returns the failure this exception carries.
   *
   * @return the failure
   */
  public PluginFailure failure() {
    return failure;
  }

  /**
   * Returns the plugin's name, or its file name when the manifest could not be read.
   *
   * @return the plugin
   */
  public String plugin() {
    return failure.plugin();
  }

  /**
   * Returns the file the failure is about: the plugin's folder or zip, its manifest or a jar.
   *
   * @return the file
   */
  public Path file() {
    return failure.file();
  }

  /**
   * Returns the rule the plugin broke.
   *
   * @return the rule
   */
  public Rule rule() {
    return failure.rule();
  }
}
