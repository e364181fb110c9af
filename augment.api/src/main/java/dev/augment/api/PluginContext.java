package dev.augment.api;

import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;

/**
 * What the host hands a plugin: read-only facts and the few services a plugin may use.
 *
 * <p>Nothing reachable from the context lets a plugin reach the host's internals or change the
 * host's state. Host services and hook events are gated by the capabilities the plugin declared in
 * its manifest. After teardown every method throws {@link IllegalStateException}.
 */
@Api.Stable
public interface PluginContext {

  /**
   * Returns the plugin's own name and version, from its manifest.
   *
   * @return the plugin's identity
   */
  PluginInfo plugin();

  /**
   * Returns whether the host runs in development or in production.
   *
   * @return the environment
   */
  Environment environment();

  /**
   * Returns the hooks: the host's events this plugin may observe.
   *
   * @return the hooks
   */
  Hooks hooks();

  /**
   * Returns a logger named {@code augment.plugin.<name>}.
   *
   * @return the plugin's logger
   */
  Logger logger();

  /**
   * Returns the plugin's read-only configuration: its manifest's {@code meta}, overlaid with the
   * settings the host provides for this plugin.
   *
   * @return the configuration
   */
  PluginConfig config();

  /**
   * Returns an executor for the plugin's background work, to use instead of threads of its own. The
   * framework shuts it down at teardown and interrupts what still runs.
   *
   * @return the plugin's managed executor
   */
  ExecutorService executor();

  /**
   * Returns a host service, if one of the plugin's capabilities grants it.
   *
   * @param <S> the service type
   * @param type the service type, as the host offers it
   * @return the host's instance
   * @throws CapabilityException if no declared capability grants {@code type}, or the host offers
   *     no such service
   */
  <S> S service(Class<S> type);

  /**
   * Returns the providers of an extension point this plugin owns: a service type defined by one of
   * its own modules, in a package it exports, that the plugins which declared this plugin as a
   * dependency provide ({@code provides Type with Impl}).
   *
   * <p>The view is live and read-only: it changes with reloads, and {@link Extensions#onChange}
   * tells the plugin when it did. Calling this again with the same type returns the same view.
   *
   * @param <S> the service type
   * @param type a type of one of this plugin's modules
   * @return the view
   * @throws IllegalArgumentException if {@code type} is not a type of this plugin's own modules
   * @implSpec The default implementation returns {@link Extensions#empty(Class) an empty view} of
   *     {@code type}: no providers, and no change ever reported. It checks nothing about {@code
   *     type}, so it never throws {@link IllegalArgumentException}. It exists so that an
   *     implementation written before extension points, such as a test's own context, still
   *     compiles; the context Augment gives a plugin overrides it, and so does the test kit's.
   */
  @Api.Experimental
  default <S> Extensions<S> extensions(Class<S> type) {
    return Extensions.empty(type);
  }
}
