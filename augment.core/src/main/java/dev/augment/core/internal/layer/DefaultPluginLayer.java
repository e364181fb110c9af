package dev.augment.core.internal.layer;

import dev.augment.core.PluginLayer;
import dev.augment.core.PluginLoadException;
import dev.augment.core.PluginManifest;
import dev.augment.core.internal.plugin.Prepared;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The handle of one loaded plugin; the only object in Augment that holds its layer. */
final class DefaultPluginLayer implements PluginLayer {

  private final Prepared plugin;
  private final Duration providerBudget;
  private volatile ModuleLayer layer;

  DefaultPluginLayer(Prepared plugin, ModuleLayer layer, Duration providerBudget) {
    this.plugin = plugin;
    this.layer = layer;
    this.providerBudget = providerBudget;
  }

  @Override
  public PluginManifest manifest() {
    return plugin.manifest();
  }

  @Override
  public Path source() {
    return plugin.source().path();
  }

  @Override
  public Path directory() {
    return plugin.directory();
  }

  @Override
  public ModuleLayer layer() {
    ModuleLayer current = layer;
    if (current == null) {
      throw new IllegalStateException("plugin " + manifest().coordinates() + " is closed");
    }
    return current;
  }

  @Override
  public <T> List<T> services(Class<T> contract) {
    Providers.Created<T> created = Providers.create(plugin, layer(), contract, providerBudget);
    if (!created.ok()) {
      throw new PluginLoadException(created.failure(), created.cause());
    }
    return created.providers();
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
    return "PluginLayer[" + manifest().coordinates() + " from " + source() + "]";
  }
}
