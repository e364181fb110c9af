package dev.augment.example.accesslog;

import dev.augment.api.Lifecycle;
import dev.augment.api.PluginContext;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import dev.augment.example.contract.hooks.RequestEnd;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;

/** Logs every request the host answers and serves the last {@value #KEPT} at /access-log. */
public final class AccessLogRoute implements Route, Lifecycle {

  static final int KEPT = 20;

  private final Deque<String> lines = new ArrayDeque<>();
  private Logger log;

  /** Creates the route; the host's service loader calls this. */
  public AccessLogRoute() {}

  /** Subscribes to {@link RequestEnd}, which the {@code http.observe} capability grants. */
  @Override
  public void setup(PluginContext context) {
    log = context.logger();
    context.hooks().on(RequestEnd.class, this::record);
  }

  private synchronized void record(RequestEnd end) {
    String line = end.status() + " " + end.target() + " " + end.nanos() / 1_000 + " us";
    log.info(line);
    lines.addLast(line);
    if (lines.size() > KEPT) {
      lines.removeFirst();
    }
  }

  @Override
  public String path() {
    return "/access-log";
  }

  @Override
  public synchronized String handle(Request request) {
    return String.join("\n", lines);
  }
}
