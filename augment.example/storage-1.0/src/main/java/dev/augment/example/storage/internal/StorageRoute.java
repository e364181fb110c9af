package dev.augment.example.storage.internal;

import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import dev.augment.example.storage.api.Storage;

/**
 * {@code GET /storage}: the storage plugin's version and how many keys its dependents stored, such
 * as {@code storage 1.0.0: 2 keys}.
 */
public final class StorageRoute implements Route {

  /** Creates the route; the host's service loader calls this. */
  public StorageRoute() {}

  @Override
  public String path() {
    return "/storage";
  }

  @Override
  public String handle(Request request) {
    return "storage " + Storage.version() + ": " + InMemoryStore.INSTANCE.size() + " keys";
  }
}
