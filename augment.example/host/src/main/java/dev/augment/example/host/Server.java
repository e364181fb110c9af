package dev.augment.example.host;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.augment.api.Environment;
import dev.augment.core.PluginEvent;
import dev.augment.core.host.PluginHost;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: an HTTP service on 127.0.0.1 whose routes plugins answer, over a plugin folder in watch
 * mode, so that dropping in, replacing or deleting a zip changes the running service.
 *
 * <p>{@code Server [--port N] [--plugins DIR] [--cache DIR]}; port 0 picks a free port. It prints
 * {@code Augment demo listening on http://127.0.0.1:PORT} once it answers, and stops cleanly on
 * SIGTERM or Ctrl-C: plugins are torn down before the JVM exits.
 */
public final class Server {

  private static final Logger LOG = LoggerFactory.getLogger(Server.class);

  private final HttpServer http;
  private final PluginHost<Route> host;

  private Server(HttpServer http, PluginHost<Route> host) {
    this.http = http;
    this.host = host;
  }

  /** The version an event is about: the new one for loads and updates, else the dropped one. */
  private static Object version(PluginEvent e) {
    if (e instanceof PluginEvent.Loaded l) {
      return l.version();
    } else if (e instanceof PluginEvent.Updated u) {
      return u.to();
    } else if (e instanceof PluginEvent.Unloaded u) {
      return u.version();
    } else if (e instanceof PluginEvent.Leaked l) {
      return l.version();
    }
    return "?";
  }

  /**
   * Starts the demo and serves until the JVM is asked to stop.
   *
   * @param args {@code --port N}, {@code --plugins DIR}, {@code --cache DIR}
   * @throws IOException if the port cannot be bound
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    int port = 8080;
    Path plugins = Path.of("plugins");
    Path cache = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--plugins" -> plugins = Path.of(args[i + 1]);
        case "--cache" -> cache = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Server server = start(port, plugins, cache, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  stopped.countDown();
                },
                "augment-demo-stop"));
    stopped.await();
  }

  /**
   * Loads the plugins, watches their folder and starts serving.
   *
   * @param port the port on 127.0.0.1, 0 for any free one
   * @param plugins the plugin folder, created when missing
   * @param cache the cache folder, or {@code null} for the default
   * @param out where the ready line goes
   * @return the running server
   * @throws IOException if the port cannot be bound or the folder created
   */
  public static Server start(int port, Path plugins, Path cache, PrintStream out)
      throws IOException {
    Files.createDirectories(plugins);
    List<Route> builtIn = new ArrayList<>();
    for (Route route : ServiceLoader.load(Server.class.getModule().getLayer(), Route.class)) {
      if (route.getClass().getModule() == Server.class.getModule()) {
        builtIn.add(route);
      }
    }
    List<RequestDispatcher> dispatcher = new ArrayList<>(1);
    var builder =
        ExampleHost.builder(plugins, Clock.systemUTC())
            .environment(Environment.DEVELOPMENT)
            .listener(
                e -> {
                  if (!dispatcher.isEmpty()) {
                    dispatcher.get(0).clearCache();
                  }
                  if (e instanceof PluginEvent.Failed f) {
                    LOG.warn("FAILED {}", f.failure().message());
                  } else {
                    LOG.info("{} {}@{}", e.kind(), e.plugin(), version(e));
                  }
                });
    if (cache != null) {
      builder.cacheDirectory(cache);
    }
    PluginHost<Route> host = builder.build();
    RequestDispatcher d = new RequestDispatcher(host.hooks(), host::getAll, builtIn);
    dispatcher.add(d);
    host.reload();
    host.watch();
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    http.createContext("/", exchange -> answer(d, exchange));
    http.setExecutor(Executors.newFixedThreadPool(4));
    http.start();
    out.println("Augment demo listening on http://127.0.0.1:" + http.getAddress().getPort());
    out.flush();
    return new Server(http, host);
  }

  private static void answer(RequestDispatcher dispatcher, HttpExchange exchange)
      throws IOException {
    try (exchange) {
      RequestDispatcher.Answer answer =
          dispatcher.dispatch(Request.parse(exchange.getRequestURI().toString()));
      byte[] body = (answer.body() + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      if (!answer.by().isEmpty()) {
        exchange.getResponseHeaders().set("X-Answered-By", answer.by());
      }
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return http.getAddress().getPort();
  }

  /** Stops serving, then tears every plugin down. */
  public void stop() {
    http.stop(0);
    host.close();
    LOG.info("Augment demo stopped");
  }
}
