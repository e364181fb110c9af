package ${package}.host;

import ${package}.contract.${contract};
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.augment.core.Plugin;
import dev.augment.core.PluginEvent;
import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the plugins of a folder on {@code http://127.0.0.1:<port>}: {@code GET <path>} is answered
 * by the plugin whose {@code path()} it is, and the folder is watched, so a zip dropped in,
 * replaced or deleted changes the answers without a restart.
 *
 * <p>Options: {@code --port N} (${port}; 0 picks a free one), {@code --plugins DIR} (by default
 * {@code plugins/} of the runtime image, {@code -Daugment.home}, or {@code ./plugins}) and {@code
 * --cache DIR} (where zips are extracted; by default {@code augment-cache} in {@code
 * java.io.tmpdir}). Prints
 * {@code listening on http://127.0.0.1:<port>} on standard output once it serves; logs go to
 * standard error. SIGTERM or Ctrl-C stops it.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  /**
   * Runs the host until the JVM is stopped.
   *
   * @param args {@code --port N}, {@code --plugins DIR}, {@code --cache DIR}
   * @throws IOException if the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    int port = ${port};
    Optional<Path> cache = Optional.empty();
    Path plugins =
        Optional.ofNullable(System.getProperty("augment.home"))
            .map(home -> Path.of(home, "plugins"))
            .orElse(Path.of("plugins"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--plugins" -> plugins = Path.of(args[i + 1]);
        case "--cache" -> cache = Optional.of(Path.of(args[i + 1]));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    // Every change, at start and while watching: a refused plugin is logged with its reason.
    PluginHostBuilder<${contract}> builder = Host.builder(plugins).listener(Main::log);
    cache.ifPresent(builder::cacheDirectory);
    PluginHost<${contract}> host = builder.build();
    host.reload();
    host.watch();

    ExecutorService executor = Executors.newFixedThreadPool(8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", exchange -> answer(host, exchange));
    server.setExecutor(executor);
    server.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(1);
                  executor.shutdown();
                  host.close();
                  LOG.info("stopped");
                }));
    System.out.println("listening on http://127.0.0.1:" + server.getAddress().getPort());
    System.out.flush();
  }

  private static void answer(PluginHost<${contract}> host, HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    int status = 404;
    String body = "no plugin answers " + path;
    String by = "host";
    for (Plugin<${contract}> plugin : host.getAll()) {
      if (plugin.provider().path().equals(path)) {
        by = label(plugin);
        try {
          body = plugin.provider().handle(query(exchange.getRequestURI().getRawQuery()));
          status = 200;
        } catch (RuntimeException e) {
          LOG.warn("{} failed on {}", by, path, e);
          status = 500;
          body = "the plugin failed";
        }
        break;
      }
    }
    byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.getResponseHeaders().set("X-Answered-By", by);
      exchange.sendResponseHeaders(status, bytes.length);
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void log(PluginEvent event) {
    if (event instanceof PluginEvent.Failed failed) {
      LOG.warn("FAILED {}", failed.failure().message());
    } else {
      LOG.info("{} {}", event.kind(), event.plugin());
    }
  }

  private static String label(Plugin<?> plugin) {
    return plugin.name() + "@" + plugin.manifest().version();
  }

  static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }
}
