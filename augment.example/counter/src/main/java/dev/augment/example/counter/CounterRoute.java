package dev.augment.example.counter;

import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import dev.augment.example.storage.api.KeyValueStore;
import dev.augment.example.storage.api.Storage;

/**
 * {@code GET /count?name=a} adds one to the count of {@code a} in the shared store and answers it
 * with the storage version it runs on, such as {@code a=2 (storage 1.1.0)}.
 */
public final class CounterRoute implements Route {

  /** Creates the route; the host's service loader calls this. */
  public CounterRoute() {}

  @Override
  public String path() {
    return "/count";
  }

  @Override
  public String handle(Request request) {
    String name = request.query("name", "anonymous");
    KeyValueStore store = Storage.store();
    String key = "counter." + name;
    // Get and put only: the storage 1.0.0 API this plugin is built against. Two concurrent calls
    // may count once; the example keeps the API that small on purpose.
    long count = Long.parseLong(store.get(key).orElse("0")) + 1;
    store.put(key, Long.toString(count));
    return name + "=" + count + " (storage " + Storage.version() + ")";
  }
}
