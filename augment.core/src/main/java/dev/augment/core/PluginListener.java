package dev.augment.core;

import dev.augment.api.Api;

/**
 * Hears about plugins being loaded, updated, unloaded, failing and leaking.
 *
 * <p>Register it with {@code PluginHostBuilder.listener(listener)} to be called on the reloading
 * thread before {@code reload()} returns (blocking), or with {@code listener(listener, executor)}
 * to be called through an executor of yours (event-based). A listener that throws is logged and the
 * others are still called.
 */
@Api.Stable
@FunctionalInterface
public interface PluginListener {

  /**
   * Called once per event.
   *
   * @param event what happened
   */
  void onEvent(PluginEvent event);
}
