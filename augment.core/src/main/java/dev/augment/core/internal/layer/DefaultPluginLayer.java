package dev.augment.core.internal.layer;

import dev.augment.core.PluginLayer;
import dev.augment.core.PluginLoadException;
import dev.augment.core.PluginManifest;
import dev.augment.core.Rule;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The handle of one loaded plugin; the only object in Augment that holds its layer. */
final class DefaultPluginLayer implements PluginLayer {

  private final PluginManifest manifest;
  private final Path source;
  private final Path directory;
  private volatile ModuleLayer layer;

  DefaultPluginLayer(PluginManifest manifest, Path source, Path directory, ModuleLayer layer) {
    this.manifest = manifest;
    this.source = source;
    this.directory = directory;
    this.layer = layer;
  }

  @Override
  public PluginManifest manifest() {
    return manifest;
  }

  @Override
  public Path source() {
    return source;
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public ModuleLayer layer() {
    ModuleLayer current = layer;
    if (current == null) {
      throw new IllegalStateException("plugin " + manifest.coordinates() + " is closed");
    }
    return current;
  }

  @Override
  public <T> List<T> services(Class<T> contract) {
    ModuleLayer own = layer();
    // augment.core cannot declare `uses` for a contract it does not know at compile time; a
    // module may add a `uses` edge to itself at run time, which is what ServiceLoader checks.
    DefaultPluginLayer.class.getModule().addUses(contract);
    try {
      return ServiceLoader.load(own, contract).stream()
          .filter(provider -> provider.type().getModule().getLayer() == own)
          .map(ServiceLoader.Provider::get)
          .toList();
    } catch (ServiceConfigurationError e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new PluginLoadException(
          manifest.name(),
          source,
          Rule.PROVIDER_FAILED,
          "a provider of " + contract.getName() + " could not be created: " + cause,
          e);
    }
  }

  @Override
  public boolean isClosed() {
    return layer == null;
  }

  @Override
  public void close() {
    layer = null;
  }

  @Override
  public String toString() {
    return "PluginLayer[" + manifest.coordinates() + " from " + source + "]";
  }
}
