package dev.augment.tools;

import dev.augment.api.Api;
import dev.augment.core.PluginLoadException;
import java.nio.file.Path;

/**
 * One thing wrong with a plugin.
 *
 * @param rule the rule's code, as in {@code docs/rules.md}, such as {@code bytecode-policy}
 * @param file the file the problem is about
 * @param message what is wrong, naming the plugin, the file and the rule
 */
@Api.Experimental
public record Problem(String rule, Path file, String message) {

  /**
   * Describes a load failure as a problem.
   *
   * @param e the failure
   * @return the problem
   */
  public static Problem of(PluginLoadException e) {
    return new Problem(e.rule().code(), e.file(), e.getMessage());
  }
}
