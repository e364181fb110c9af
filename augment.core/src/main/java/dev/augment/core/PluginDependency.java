package dev.augment.core;

import dev.augment.api.Api;
import java.util.Objects;

/**
 * One entry of a manifest's {@code dependencies}: another plugin this plugin builds on.
 *
 * <p>A plugin with dependencies is loaded after them, in the same pass, and its layer has their
 * layers (and the host's) as parents: its modules may {@code requires} the modules its dependencies
 * contain. A dependency is written either as a range or as an object:
 *
 * <pre>{@code
 * "dependencies": {
 *   "storage": "^1.0.0",
 *   "metrics": { "version": ">=0.3.0", "optional": true }
 * }
 * }</pre>
 *
 * @param name the name of the plugin depended on
 * @param range the versions of it that this plugin accepts, parsed once when the manifest is read
 * @param optional whether this plugin loads without it when it is absent; a present dependency must
 *     still be in range
 */
@Api.Experimental
public record PluginDependency(String name, VersionRange range, boolean optional) {

  /**
   * Creates a dependency.
   *
   * @param name see the record description
   * @param range see the record description
   * @param optional see the record description
   * @throws NullPointerException if {@code name} or {@code range} is null
   */
  public PluginDependency {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(range, "range");
  }

  /**
   * Returns the dependency as written in a manifest, such as {@code storage@^1.0.0}, with {@code
   * (optional)} after an optional one.
   *
   * @return the dependency in words
   */
  @Override
  public String toString() {
    return name + "@" + range + (optional ? " (optional)" : "");
  }
}
