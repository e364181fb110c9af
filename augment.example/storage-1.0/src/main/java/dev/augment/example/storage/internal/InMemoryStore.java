package dev.augment.example.storage.internal;

import dev.augment.example.storage.api.KeyValueStore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The store: a concurrent map, in memory, gone with the plugin's layer. */
public final class InMemoryStore implements KeyValueStore {

  /** The one store of this layer. */
  public static final InMemoryStore INSTANCE = new InMemoryStore();

  private final ConcurrentMap<String, String> values = new ConcurrentHashMap<>();

  private InMemoryStore() {}

  /**
   * Returns the one store: the service loader calls this instead of a constructor.
   *
   * @return the store
   */
  public static InMemoryStore provider() {
    return INSTANCE;
  }

  @Override
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  @Override
  public void put(String key, String value) {
    values.put(key, value);
  }

  /** The number of keys, for the route (1.0.0 has no way to list them). */
  int size() {
    return values.size();
  }
}
