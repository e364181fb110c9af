package dev.augment.example.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The demo server's settings, read from its command line; every flag is optional.
 *
 * <pre>
 * --port N               the port on 127.0.0.1, 0 for a free one           8080
 * --plugins DIR          the plugin folder                                 plugins
 * --cache DIR            the plugin cache folder                           Augment's default
 * --route-threads N      threads per plugin (its bulkhead)                 4
 * --route-queue N        calls per plugin waiting for a thread             16
 * --route-deadline D     how long a request waits for a plugin             2s
 * --server-threads N     the HTTP server's threads                         64
 * --idle-timeout D       an idle keep-alive connection is closed after     30s
 * --header-timeout D     a request's line and headers must arrive within   10s
 * --grace-period D       on SIGTERM, in-flight requests may finish within  5s
 * --max-header-bytes N   request line and headers, at most                 8192
 * --max-body-bytes N     request body, at most                             65536
 * --cache-entries N      cached answers, at most                           1024
 * --cache-bytes N        cached answers' bytes, at most                    8388608
 * --access-log WHERE     log (SLF4J logger augment.demo.access), off, or a file   log
 * </pre>
 *
 * <p>Durations are {@code 500ms}, {@code 2s} or {@code 1m}.
 *
 * @param port see the table
 * @param plugins see the table
 * @param cache see the table; empty for Augment's default
 * @param bulkheads the per-plugin threads, queue and deadline
 * @param serverThreads see the table
 * @param idleTimeout see the table
 * @param headerTimeout see the table
 * @param gracePeriod see the table
 * @param maxHeaderBytes see the table
 * @param maxBodyBytes see the table
 * @param cacheEntries see the table
 * @param cacheBytes see the table
 * @param accessLog {@code log}, {@code off} or a file name
 */
public record ServerSettings(
    int port,
    Path plugins,
    Optional<Path> cache,
    PluginBulkheads.Settings bulkheads,
    int serverThreads,
    Duration idleTimeout,
    Duration headerTimeout,
    Duration gracePeriod,
    int maxHeaderBytes,
    long maxBodyBytes,
    int cacheEntries,
    long cacheBytes,
    String accessLog) {

  /**
   * Reads the settings from command-line flags.
   *
   * @param args pairs of {@code --flag value}
   * @return the settings
   * @throws IllegalArgumentException for an unknown flag, a flag without a value or a bad value
   */
  public static ServerSettings parse(String... args) {
    int port = 8080;
    Path plugins = Path.of("plugins");
    Path cache = null;
    int routeThreads = PluginBulkheads.Settings.DEFAULT.threads();
    int routeQueue = PluginBulkheads.Settings.DEFAULT.queue();
    Duration routeDeadline = PluginBulkheads.Settings.DEFAULT.deadline();
    int serverThreads = 64;
    Duration idle = Duration.ofSeconds(30);
    Duration header = Duration.ofSeconds(10);
    Duration grace = Duration.ofSeconds(5);
    int maxHeader = 8192;
    long maxBody = 65536;
    int cacheEntries = RequestDispatcher.DEFAULT_CACHE_ENTRIES;
    long cacheBytes = RequestDispatcher.DEFAULT_CACHE_BYTES;
    String accessLog = "log";
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("every flag needs a value: " + String.join(" ", args));
    }
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(v);
        case "--plugins" -> plugins = Path.of(v);
        case "--cache" -> cache = Path.of(v);
        case "--route-threads" -> routeThreads = Integer.parseInt(v);
        case "--route-queue" -> routeQueue = Integer.parseInt(v);
        case "--route-deadline" -> routeDeadline = duration(v);
        case "--server-threads" -> serverThreads = Integer.parseInt(v);
        case "--idle-timeout" -> idle = duration(v);
        case "--header-timeout" -> header = duration(v);
        case "--grace-period" -> grace = duration(v);
        case "--max-header-bytes" -> maxHeader = Integer.parseInt(v);
        case "--max-body-bytes" -> maxBody = Long.parseLong(v);
        case "--cache-entries" -> cacheEntries = Integer.parseInt(v);
        case "--cache-bytes" -> cacheBytes = Long.parseLong(v);
        case "--access-log" -> accessLog = v;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (serverThreads < 8) {
      throw new IllegalArgumentException("--server-threads must be at least 8: " + serverThreads);
    }
    return new ServerSettings(
        port,
        plugins,
        Optional.ofNullable(cache),
        new PluginBulkheads.Settings(routeThreads, routeQueue, routeDeadline),
        serverThreads,
        idle,
        header,
        grace,
        maxHeader,
        maxBody,
        cacheEntries,
        cacheBytes,
        accessLog);
  }

  /**
   * Reads a duration such as {@code 500ms}, {@code 2s} or {@code 1m}.
   *
   * @param text the duration
   * @return the duration
   * @throws IllegalArgumentException if the text is no such duration
   */
  static Duration duration(String text) {
    try {
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      } else if (text.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      } else if (text.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("not a duration such as 500ms, 2s or 1m: " + text);
  }
}
