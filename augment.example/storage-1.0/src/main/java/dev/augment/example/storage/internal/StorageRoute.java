package dev.augment.example.storage.internal;

import dev.augment.api.Lifecycle;
import dev.augment.api.PluginContext;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;

/**
 * {@code GET /storage}: the storage plugin's version and how many keys its dependents stored, such
 * as {@code storage 1.0.0: 2 keys}.
 */
public final class StorageRoute implements Route, Lifecycle {

  /** Creates the route; the host's service loader calls this. */
  public StorageRoute() {}

  /** Records the plugin's version from its manifest: setup runs before any dependent loads. */
  @Override
  public void setup(PluginContext context) {
    InMemoryStore.INSTANCE.version(context.plugin().version());
  }

  @Override
  public String path() {
    return "/storage";
  }

  @Override
  public String handle(Request request) {
    return "storage "
        + InMemoryStore.INSTANCE.version()
        + ": "
        + InMemoryStore.INSTANCE.size()
        + " keys";
  }
}
