package dev.augment.core;

import dev.augment.api.Api;

/** Where a plugin is in its lifecycle. */
@Api.Stable
public enum PluginState {
  /** Loaded and checked; its provider exists; setup has not run. */
  REGISTERED,
  /** Setup returned; the plugin is not yet visible to the host. */
  SET_UP,
  /** Visible to the host through {@link dev.augment.core.host.PluginHost#getAll()}. */
  ACTIVE,
  /** Teardown ran and the framework released what the plugin registered. */
  TORN_DOWN,
  /** Setup threw or overran its time budget; the plugin was torn down and dropped. */
  FAILED
}
