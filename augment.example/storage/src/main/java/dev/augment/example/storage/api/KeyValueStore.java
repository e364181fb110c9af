package dev.augment.example.storage.api;

import java.util.Optional;
import java.util.Set;

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

  /**
   * Returns every key, sorted.
   *
   * <p>Since 1.1.0: a plugin built against storage 1.0.0 does not call it, and runs unchanged on
   * 1.1.0, since adding a method to an interface that only the storage plugin implements breaks no
   * caller.
   *
   * @return the keys
   */
  Set<String> keys();
}
