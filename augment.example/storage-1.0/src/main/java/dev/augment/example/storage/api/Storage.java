package dev.augment.example.storage.api;

import dev.augment.example.storage.internal.InMemoryStore;

/** Where dependents obtain the store: one per loaded version of the storage plugin. */
public final class Storage {

  private Storage() {}

  /**
   * Returns the store.
   *
   * @return the one store of this storage plugin
   */
  public static KeyValueStore store() {
    return InMemoryStore.INSTANCE;
  }

  /**
   * Returns the version of the storage plugin that is loaded: the one a dependent was built on.
   *
   * @return its version, such as {@code 1.1.0}
   */
  public static String version() {
    return InMemoryStore.INSTANCE.version();
  }
}
