package dev.augment.core;

import dev.augment.api.Api;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to a plugin, as {@link PluginListener}s hear it.
 *
 * @param kind what happened
 * @param plugin the plugin's name (its file name for a failure before its manifest was read)
 * @param version the version concerned: the new one for {@code LOADED} and {@code UPDATED}, the
 *     dropped one for {@code UNLOADED} and {@code LEAKED}; empty for most failures
 * @param failure the failure, for {@code FAILED}
 * @param leak the leak report, for {@code LEAKED}
 */
@Api.Stable
public record PluginEvent(
    Kind kind,
    String plugin,
    Optional<Version> version,
    Optional<PluginFailure> failure,
    Optional<LeakReport> leak) {

  /** What happened. */
  @Api.Stable
  public enum Kind {
    /** A plugin was added and is active. */
    LOADED,
    /** A plugin's new version replaced its old one, which was torn down. */
    UPDATED,
    /** A plugin was removed and torn down. */
    UNLOADED,
    /** A plugin was skipped; if an older version was active, it still is. */
    FAILED,
    /** A dropped plugin's class loader was not collected in time. */
    LEAKED
  }

  /**
   * Creates an event.
   *
   * @param kind see the record description
   * @param plugin see the record description
   * @param version see the record description
   * @param failure see the record description
   * @param leak see the record description
   */
  public PluginEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(plugin, "plugin");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(leak, "leak");
  }
}
