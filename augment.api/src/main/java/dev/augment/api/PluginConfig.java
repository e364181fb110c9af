package dev.augment.api;

import java.util.Map;
import java.util.Optional;

/** A plugin's read-only configuration: JSON-like values by key. */
@Api.Stable
public interface PluginConfig {

  /**
   * Returns a value.
   *
   * @param key the key
   * @return the value: a string, number, boolean, list or map; empty when absent or null
   */
  Optional<Object> get(String key);

  /**
   * Returns a value as text.
   *
   * @param key the key
   * @return the value's string form; empty when absent or null
   */
  default Optional<String> string(String key) {
    return get(key).map(String::valueOf);
  }

  /**
   * Returns every value.
   *
   * @return an unmodifiable map
   */
  Map<String, Object> asMap();
}
