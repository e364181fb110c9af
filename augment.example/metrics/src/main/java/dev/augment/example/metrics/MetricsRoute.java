package dev.augment.example.metrics;

import com.tdunning.math.stats.TDigest;
import dev.augment.api.Lifecycle;
import dev.augment.api.PluginContext;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import dev.augment.example.contract.hooks.RequestEnd;
import java.util.Locale;

/**
 * Answers {@code GET /metrics} with {@code requests=N p50=X ms p99=Y ms}, from the requests it has
 * seen end: its own included, except the one being answered.
 */
public final class MetricsRoute implements Route, Lifecycle {

  private final TDigest latencies = TDigest.createMergingDigest(100);
  private long requests;

  /** Creates the route; the host's service loader calls this. */
  public MetricsRoute() {}

  /** Subscribes to {@link RequestEnd}, which the {@code http.observe} capability grants. */
  @Override
  public void setup(PluginContext context) {
    context.hooks().on(RequestEnd.class, this::record);
  }

  private synchronized void record(RequestEnd end) {
    requests++;
    latencies.add(end.nanos() / 1_000_000.0);
  }

  @Override
  public String path() {
    return "/metrics";
  }

  @Override
  public synchronized String handle(Request request) {
    if (requests == 0) {
      return "requests=0";
    }
    return String.format(
        Locale.ROOT,
        "requests=%d p50=%.3f ms p99=%.3f ms",
        requests,
        latencies.quantile(0.5),
        latencies.quantile(0.99));
  }
}
