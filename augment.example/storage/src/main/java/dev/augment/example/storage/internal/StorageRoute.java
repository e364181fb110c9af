package dev.augment.example.storage.internal;

import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import dev.augment.example.storage.api.Storage;

/**
 * {@code GET /storage}: the storage plugin's version and every key its dependents stored, such as
 * {@code storage 1.1.0: [counter.a, notes.todo]}.
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
    return "storage " + Storage.version() + ": " + InMemoryStore.INSTANCE.keys();
  }
}
