package dev.augment.example.notes;

import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import dev.augment.example.storage.api.KeyValueStore;
import dev.augment.example.storage.api.Storage;

/**
 * {@code GET /notes?key=todo&text=milk} stores a note, {@code /notes?key=todo} reads it, and {@code
 * /notes} lists every key of the shared store with the storage version it runs on, such as {@code
 * keys [counter.a, notes.todo] (storage 1.1.0)}.
 */
public final class NotesRoute implements Route {

  private static final String PREFIX = "notes.";

  /** Creates the route; the host's service loader calls this. */
  public NotesRoute() {}

  @Override
  public String path() {
    return "/notes";
  }

  @Override
  public String handle(Request request) {
    KeyValueStore store = Storage.store();
    String key = request.query("key", "");
    String text = request.query("text", "");
    if (key.isBlank()) {
      return "keys " + store.keys() + " (storage " + Storage.version() + ")";
    }
    if (!text.isBlank()) {
      store.put(PREFIX + key, text);
      return "noted " + key;
    }
    return store.get(PREFIX + key).orElse("no note " + key);
  }
}
