package dev.augment.example.storage.internal;

import dev.augment.example.storage.api.KeyValueStore;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The store: a concurrent map, in memory, gone with the plugin's layer. */
public final class InMemoryStore implements KeyValueStore {

  /** The one store of this layer. */
  public static final InMemoryStore INSTANCE = new InMemoryStore();

  private final ConcurrentMap<String, String> values = new ConcurrentHashMap<>();
  private volatile String version =
      InMemoryStore.class.getModule().getDescriptor().rawVersion().orElse("unknown");

  private InMemoryStore() {}

  @Override
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  @Override
  public void put(String key, String value) {
    values.put(key, value);
  }

  @Override
  public Set<String> keys() {
    return Collections.unmodifiableSet(new TreeSet<>(values.keySet()));
  }

  /**
   * Returns the plugin's version: from its manifest once set up, its module's version before.
   *
   * @return the version
   */
  public String version() {
    return version;
  }

  void version(String v) {
    this.version = v;
  }
}
