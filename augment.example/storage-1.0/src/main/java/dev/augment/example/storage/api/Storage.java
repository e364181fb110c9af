package dev.augment.example.storage.api;

import java.util.ServiceLoader;

/** Where dependents obtain the store: one per loaded version of the storage plugin. */
public final class Storage {

  private Storage() {}

  /** The store of this storage plugin's layer, found once, when first asked for. */
  private static final class Holder {
    static final KeyValueStore STORE =
        ServiceLoader.load(Storage.class.getModule().getLayer(), KeyValueStore.class).stream()
            .filter(p -> p.type().getModule() == Storage.class.getModule())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the storage plugin provides no store"))
            .get();
  }

  /**
   * Returns the store.
   *
   * @return the one store of this storage plugin
   */
  public static KeyValueStore store() {
    return Holder.STORE;
  }

  /**
   * Returns the version of the storage plugin that is loaded: the one a dependent was built on.
   *
   * @return its module's version, which the plugin's packing sets to its manifest's, such as {@code
   *     1.1.0}
   */
  public static String version() {
    return Storage.class.getModule().getDescriptor().rawVersion().orElse("unknown");
  }
}
