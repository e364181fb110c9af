/**
 * The storage plugin, version 1.1.0: a key-value API that other plugins build on.
 *
 * <p>Unlike the other example plugins it exports a package, {@code
 * dev.augment.example.storage.api}: a plugin that declares {@code "dependencies": {"storage":
 * "^1.0.0"}} in its manifest gets this plugin's layer as a parent of its own, and its module may
 * {@code requires augment.example.storage}. Every dependent obtains the same store, {@link
 * dev.augment.example.storage.api.Storage#store()}. Like every plugin, it also provides a route of
 * the host's contract: {@code GET /storage} lists the keys.
 */
module augment.example.storage {
  requires augment.api;
  requires augment.example.contract;

  exports dev.augment.example.storage.api;

  // Storage.store() finds the store through the service loader, so that the API package never
  // names the implementation; InMemoryStore.provider() makes it one store per layer.
  uses dev.augment.example.storage.api.KeyValueStore;

  provides dev.augment.example.storage.api.KeyValueStore with
      dev.augment.example.storage.internal.InMemoryStore;
  provides dev.augment.example.contract.Route with
      dev.augment.example.storage.internal.StorageRoute;
}
