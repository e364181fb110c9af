package dev.augment.core;

import dev.augment.api.Api;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A plugin that a {@link dev.augment.core.host.PluginHost} skipped, and why.
 *
 * @param plugin the plugin's name, or its file name when the manifest could not be read
 * @param file the file the failure is about: the plugin's folder or zip, its manifest or a jar
 * @param rule the rule the plugin broke
 * @param message the full message, naming the plugin, the file and the rule
 */
@Api.Stable
public record PluginFailure(String plugin, Path file, Rule rule, String message) {

  /**
   * Creates a failure record.
   *
   * @param plugin see the record description
   * @param file see the record description
   * @param rule see the record description
   * @param message see the record description
   * @throws NullPointerException if an argument is null
   */
  public PluginFailure {
    Objects.requireNonNull(plugin, "plugin");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Describes a load exception as a failure.
   *
   * @param e the exception
   * @return the failure
   */
  public static PluginFailure of(PluginLoadException e) {
    return new PluginFailure(e.plugin(), e.file(), e.rule(), e.getMessage());
  }
}
