package dev.augment.core;

import dev.augment.api.Api;
import java.nio.file.Path;
import java.util.List;

/**
 * One plugin loaded into its own {@link ModuleLayer}: the handle that {@link
 * dev.augment.core.host.Layers#load} returns.
 *
 * <p>The layer's parent is the host's layer and all of the plugin's modules share one class loader.
 * Closing the handle drops Augment's references to the layer; the layer, its class loader and its
 * classes are then collected once nothing else holds them.
 */
@Api.Stable
public interface PluginLayer extends AutoCloseable {

  /**
   * Returns the plugin's validated manifest.
   *
   * @return the manifest
   */
  PluginManifest manifest();

  /**
   * Returns the folder or zip the plugin was loaded from.
   *
   * @return the source path
   */
  Path source();

  /**
   * Returns the folder the plugin's files are read from: its copy in the host's cache (a zip
   * extracted, a folder copied), named by a hash of its content.
   *
   * @return the plugin's folder
   */
  Path directory();

  /**
   * Returns the plugin's module layer.
   *
   * @return the layer
   * @throws IllegalStateException if this handle is closed
   */
  ModuleLayer layer();

  /**
   * Instantiates the providers of {@code contract} that the plugin's own modules declare.
   *
   * <p>Providers in parent layers (the host's own, say) are never returned and never instantiated.
   * Each call creates new instances; a {@link dev.augment.core.host.PluginHost} calls this once per
   * load and keeps the instance.
   *
   * @param <T> the contract type
   * @param contract the service interface or class, as the host sees it
   * @return the plugin's providers, in the order the layer lists them; empty when there are none
   * @throws PluginLoadException with {@link Rule#PROVIDER_FAILED} if a provider cannot be created
   * @throws IllegalStateException if this handle is closed
   */
  <T> List<T> services(Class<T> contract);

  /**
   * Tells whether {@link #close()} was called.
   *
   * @return {@code true} once closed
   */
  boolean isClosed();

  /**
   * Drops this handle's reference to the layer. Calling it again does nothing.
   *
   * <p>Instances the caller obtained from {@link #services} keep the layer alive until they are
   * unreachable too.
   */
  @Override
  void close();
}
