package dev.augment.example.storage.api;

import java.util.Optional;

/**
 * A key-value store of strings, shared by every plugin that depends on the storage plugin.
 *
 * <p>Thread-safe. It lives in the storage plugin's layer: when the storage plugin is updated, its
 * dependents are built again against the new version, and the new store starts empty.
 */
public interface KeyValueStore {

  /**
   * Returns the value of a key.
   *
   * @param key the key
   * @return its value, or empty when it has none
   */
  Optional<String> get(String key);

  /**
   * Sets the value of a key.
   *
   * @param key the key
   * @param value its new value
   */
  void put(String key, String value);
}
