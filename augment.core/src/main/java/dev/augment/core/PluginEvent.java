package dev.augment.core;

import dev.augment.api.Api;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to a plugin, as {@link PluginListener}s hear it: one record per kind, so that each
 * event carries exactly what its kind needs (a {@link Failed} event always has its failure).
 *
 * <pre>{@code
 * host.listener(event -> {
 *   if (event instanceof PluginEvent.Updated u) {
 *     log.info("{} {} -> {}", u.plugin(), u.from(), u.to());
 *   } else if (event instanceof PluginEvent.Failed f) {
 *     log.warn(f.failure().message());
 *   }
 * });
 * }</pre>
 */
@Api.Stable
public sealed interface PluginEvent {

  /**
   * Returns the plugin's name (its file name for a failure before its manifest was read).
   *
   * @return the plugin
   */
  String plugin();

  /**
   * Returns what happened, for a {@code switch}.
   *
   * @return the kind of this event
   */
  Kind kind();

  /** What happened. */
  @Api.Stable
  enum Kind {
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
   * A plugin was added and is active.
   *
   * @param plugin the plugin's name
   * @param version its version
   */
  @Api.Stable
  record Loaded(String plugin, Version version) implements PluginEvent {
    /**
     * Creates the event.
     *
     * @param plugin see the record description
     * @param version see the record description
     */
    public Loaded {
      Objects.requireNonNull(plugin, "plugin");
      Objects.requireNonNull(version, "version");
    }

    @Override
    public Kind kind() {
      return Kind.LOADED;
    }
  }

  /**
   * A plugin's new content replaced its old one, which was then torn down.
   *
   * @param plugin the plugin's name
   * @param from the version that was replaced
   * @param to the version now active
   */
  @Api.Stable
  record Updated(String plugin, Version from, Version to) implements PluginEvent {
    /**
     * Creates the event.
     *
     * @param plugin see the record description
     * @param from see the record description
     * @param to see the record description
     */
    public Updated {
      Objects.requireNonNull(plugin, "plugin");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    @Override
    public Kind kind() {
      return Kind.UPDATED;
    }
  }

  /**
   * A plugin was removed and torn down.
   *
   * @param plugin the plugin's name
   * @param version the version that was dropped
   */
  @Api.Stable
  record Unloaded(String plugin, Version version) implements PluginEvent {
    /**
     * Creates the event.
     *
     * @param plugin see the record description
     * @param version see the record description
     */
    public Unloaded {
      Objects.requireNonNull(plugin, "plugin");
      Objects.requireNonNull(version, "version");
    }

    @Override
    public Kind kind() {
      return Kind.UNLOADED;
    }
  }

  /**
   * A plugin was refused.
   *
   * @param plugin the plugin's name, or its file name when the manifest could not be read
   * @param failure why
   * @param kept the version that stays active because this update failed; empty when none does
   */
  @Api.Stable
  record Failed(String plugin, PluginFailure failure, Optional<Version> kept)
      implements PluginEvent {
    /**
     * Creates the event.
     *
     * @param plugin see the record description
     * @param failure see the record description
     * @param kept see the record description
     */
    public Failed {
      Objects.requireNonNull(plugin, "plugin");
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(kept, "kept");
    }

    @Override
    public Kind kind() {
      return Kind.FAILED;
    }
  }

  /**
   * A dropped plugin's class loader was not collected within the unload limit.
   *
   * @param plugin the plugin's name
   * @param version the version that was dropped
   * @param leak what Augment found holding it
   */
  @Api.Stable
  record Leaked(String plugin, Version version, LeakReport leak) implements PluginEvent {
    /**
     * Creates the event.
     *
     * @param plugin see the record description
     * @param version see the record description
     * @param leak see the record description
     */
    public Leaked {
      Objects.requireNonNull(plugin, "plugin");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(leak, "leak");
    }

    @Override
    public Kind kind() {
      return Kind.LEAKED;
    }
  }
}
