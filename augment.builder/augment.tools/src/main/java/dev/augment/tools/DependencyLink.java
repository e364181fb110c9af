package dev.augment.tools;

import dev.augment.api.Api;
import dev.augment.core.PluginDependency;
import dev.augment.core.PluginManifest;
import java.util.Objects;
import java.util.Optional;

/**
 * One declared dependency of a plugin, and what a host would build the plugin's layer on for it:
 * the plugin of that name among its neighbours, when the verifier was given them.
 *
 * @param declared the manifest's entry: name, range, whether it is optional
 * @param found the plugin of that name a host would pick from the folder (the one that wins its
 *     name), in or out of range, loading or not; empty when there is none or when the dependency
 *     was not checked against a folder
 * @param state what a host would do with the dependency
 */
@Api.Experimental
public record DependencyLink(
    PluginDependency declared, Optional<PluginManifest> found, State state) {

  /** What a host would do with one dependency. */
  @Api.Experimental
  public enum State {
    /** The plugin's layer is built on {@link #found}: it is there, in range and loads. */
    RESOLVED,
    /**
     * No plugin of that name is there, and the dependency is required: {@code dependency-missing}.
     */
    MISSING,
    /**
     * No plugin of that name is there, and the dependency is optional: the plugin loads without.
     */
    ABSENT,
    /** The plugin of that name is out of the range: {@code dependency-incompatible}. */
    OUT_OF_RANGE,
    /**
     * The plugin of that name is in range but is refused itself: {@code dependency-failed} (or
     * {@code dependency-cycle}), or left out when the dependency is optional.
     */
    REFUSED,
    /** Not checked: the verifier had only the plugin, not the folder it will be installed in. */
    UNCHECKED
  }

  /**
   * Creates a link.
   *
   * @param declared see the record description
   * @param found see the record description
   * @param state see the record description
   * @throws NullPointerException if an argument is null
   */
  public DependencyLink {
    Objects.requireNonNull(declared, "declared");
    Objects.requireNonNull(found, "found");
    Objects.requireNonNull(state, "state");
  }

  /**
   * Returns the version the plugin's layer is built on.
   *
   * @return the found plugin's version when {@link State#RESOLVED}, else empty
   */
  public Optional<String> resolvedVersion() {
    return state == State.RESOLVED ? found.map(m -> m.version().toString()) : Optional.empty();
  }
}
