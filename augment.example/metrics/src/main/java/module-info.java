/**
 * The metrics plugin: observes every request through the {@code RequestEnd} hook and answers {@code
 * GET /metrics} with a count and latency percentiles.
 *
 * <p>It bundles t-digest, a plain jar (automatic module {@code t.digest}) that lives only in this
 * plugin's layer, and declares the {@code http.observe} capability.
 */
module augment.example.metrics {
  requires augment.api;
  requires augment.example.contract;
  requires t.digest;

  provides dev.augment.example.contract.Route with
      dev.augment.example.metrics.MetricsRoute;
}
