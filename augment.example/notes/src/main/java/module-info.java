/**
 * The notes plugin: stores notes in the storage plugin's key-value store and serves {@code GET
 * /notes}.
 *
 * <p>It declares {@code "dependencies": {"storage": "^1.1.0"}} in its manifest, so a host loads it
 * after storage, into a layer whose parents are storage's layer and the host's: that is where
 * {@code augment.example.storage} comes from. It needs 1.1.0, since it lists keys ({@code
 * KeyValueStore.keys()}, new in 1.1.0). Like every example plugin it exports nothing.
 */
module augment.example.notes {
  requires augment.api;
  requires augment.example.contract;
  requires augment.example.storage;

  provides dev.augment.example.contract.Route with
      dev.augment.example.notes.NotesRoute;
}
