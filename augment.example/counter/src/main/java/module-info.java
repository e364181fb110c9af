/**
 * The counter plugin: counts calls per name in the storage plugin's key-value store and serves
 * {@code GET /count}.
 *
 * <p>Built against storage 1.0.0's API ({@code get} and {@code put}), it declares {@code
 * "dependencies": {"storage": "^1.0.0"}} and runs on any 1.x: in the demo on 1.1.0, beside the
 * notes plugin, which was built against 1.1.0. Like every example plugin it exports nothing.
 */
module augment.example.counter {
  requires augment.api;
  requires augment.example.contract;
  requires augment.example.storage;

  provides dev.augment.example.contract.Route with
      dev.augment.example.counter.CounterRoute;
}
