package dev.augment.example.host;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose request line and headers take longer than a limit to arrive, which
 * Jetty's idle timeout alone does not: a client that trickles a byte now and then is never idle.
 *
 * <p>Jetty counts, per connection, the bytes it read and the requests whose headers it completed.
 * Bytes that arrive without the request count moving are a request in progress; when that lasts
 * longer than the limit, the connection is closed. Checked every quarter of the limit, so a slow
 * request is closed between 1 and 1.25 limits after its first byte was seen. A request body counts
 * as part of the request: this host takes no bodies, so the limit bounds the whole request read.
 * Idle keep-alive connections (no new bytes) are left to the idle timeout.
 */
final class HeaderTimeout implements Connection.Listener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HeaderTimeout.class);

  /** What was seen of a connection at the last check. */
  private static final class Seen {
    long requests;
    long bytes;
    long since = -1;
  }

  private final long limitNanos;
  private final Map<Connection, Seen> open = new ConcurrentHashMap<>();
  private final AtomicLong closed = new AtomicLong();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "augment-header-timeout");
            t.setDaemon(true);
            return t;
          });

  HeaderTimeout(Duration limit) {
    this.limitNanos = limit.toNanos();
    long period = Math.max(50, limit.toMillis() / 4);
    ticker.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOpened(Connection connection) {
    open.put(connection, new Seen());
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  /**
   * Returns how many connections were closed for taking too long over a request.
   *
   * @return the count
   */
  long closed() {
    return closed.get();
  }

  private void check() {
    long now = System.nanoTime();
    open.forEach(
        (connection, seen) -> {
          long requests = connection.getMessagesIn();
          long bytes = connection.getBytesIn();
          if (requests != seen.requests || bytes == seen.bytes && seen.since < 0) {
            seen.requests = requests;
            seen.bytes = bytes;
            seen.since = -1;
          } else if (seen.since < 0) {
            seen.since = now;
          } else if (now - seen.since > limitNanos) {
            open.remove(connection);
            closed.incrementAndGet();
            LOG.debug("closing {}: no complete request within the header timeout", connection);
            connection.getEndPoint().close();
          }
        });
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
