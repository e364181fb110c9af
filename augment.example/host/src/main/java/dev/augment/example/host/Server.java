package dev.augment.example.host;

import dev.augment.api.Environment;
import dev.augment.core.PluginEvent;
import dev.augment.core.host.PluginHost;
import dev.augment.example.contract.Route;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.server.AsyncRequestLogWriter;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: an HTTP service on 127.0.0.1 whose routes plugins answer, over a plugin folder in watch
 * mode, so that dropping in, replacing or deleting a zip changes the running service.
 *
 * <p>{@code Server [--port N] [--plugins DIR] [--cache DIR] [...]}, flags in {@link
 * ServerSettings}; port 0 picks a free port. It prints {@code Augment demo listening on
 * http://127.0.0.1:PORT} once it answers, and stops gracefully on SIGTERM or Ctrl-C: it stops
 * accepting, lets in-flight requests finish within the grace period, then tears plugins down.
 *
 * <p>The HTTP server is Jetty 12 (its core API, no servlets): non-blocking connections, so a client
 * that stalls holds a socket and no thread; TCP_NODELAY on accepted sockets; an idle timeout, a
 * header timeout ({@link HeaderTimeout}) and limits on header and body sizes; an access log. Each
 * plugin's calls run in its own bulkhead ({@link PluginBulkheads}), so a plugin that hangs answers
 * 503 with {@code Retry-After} while every other route keeps answering.
 */
public final class Server {

  private static final Logger LOG = LoggerFactory.getLogger(Server.class);

  private final org.eclipse.jetty.server.Server jetty;
  private final ServerConnector connector;
  private final PluginHost<Route> host;
  private final RequestDispatcher dispatcher;
  private final HeaderTimeout headerTimeout;

  private Server(
      org.eclipse.jetty.server.Server jetty,
      ServerConnector connector,
      PluginHost<Route> host,
      RequestDispatcher dispatcher,
      HeaderTimeout headerTimeout) {
    this.jetty = jetty;
    this.connector = connector;
    this.host = host;
    this.dispatcher = dispatcher;
    this.headerTimeout = headerTimeout;
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
   * @param args the flags of {@link ServerSettings}
   * @throws Exception if the port cannot be bound or the server not started
   */
  public static void main(String[] args) throws Exception {
    Server server = start(ServerSettings.parse(args), System.out);
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
   * @param settings the settings
   * @param out where the ready line goes
   * @return the running server
   * @throws Exception if the port cannot be bound, the folder created or the server started
   */
  public static Server start(ServerSettings settings, PrintStream out) throws Exception {
    Files.createDirectories(settings.plugins());
    List<Route> builtIn = new ArrayList<>();
    for (Route route : ServiceLoader.load(Server.class.getModule().getLayer(), Route.class)) {
      if (route.getClass().getModule() == Server.class.getModule()) {
        builtIn.add(route);
      }
    }
    List<RequestDispatcher> dispatcher = new ArrayList<>(1);
    var builder =
        ExampleHost.builder(settings.plugins(), Clock.systemUTC())
            .environment(Environment.DEVELOPMENT)
            .listener(
                e -> {
                  if (!dispatcher.isEmpty() && e.kind() != PluginEvent.Kind.LEAKED) {
                    dispatcher.get(0).pluginChanged(e.plugin());
                  }
                  if (e instanceof PluginEvent.Failed f) {
                    LOG.warn("FAILED {}", f.failure().message());
                  } else {
                    LOG.info("{} {}@{}", e.kind(), e.plugin(), version(e));
                  }
                });
    settings.cache().ifPresent(builder::cacheDirectory);
    PluginHost<Route> host = builder.build();
    RequestDispatcher d =
        new RequestDispatcher(
            host.hooks(),
            host::getAll,
            builtIn,
            new PluginBulkheads(settings.bulkheads()),
            settings.cacheEntries(),
            settings.cacheBytes());
    dispatcher.add(d);
    host.reload();
    host.watch();

    QueuedThreadPool threads = new QueuedThreadPool(settings.serverThreads(), 8);
    threads.setName("augment-http");
    var jetty = new org.eclipse.jetty.server.Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(settings.maxHeaderBytes());
    http.setSendServerVersion(false);
    // RFC 9112 3.2.2: for an absolute-form target the server ignores Host and uses the target's.
    http.setHttpCompliance(
        HttpCompliance.RFC9110.with(
            "RFC9110_ABSOLUTE_FORM", HttpCompliance.Violation.MISMATCHED_AUTHORITY));
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(settings.port());
    connector.setIdleTimeout(settings.idleTimeout().toMillis());
    connector.setAcceptQueueSize(1024);
    // Jetty's default, stated because the JDK server's lack of it cost 44 ms per answer.
    connector.setAcceptedTcpNoDelay(true);
    HeaderTimeout headerTimeout = new HeaderTimeout(settings.headerTimeout());
    connector.addEventListener(headerTimeout);
    jetty.addConnector(connector);
    long retryAfter = Math.max(1, (settings.bulkheads().deadline().toMillis() + 999) / 1000);
    SizeLimitHandler limits = new SizeLimitHandler(settings.maxBodyBytes(), -1);
    limits.setHandler(new RouteHandler(d, retryAfter));
    jetty.setHandler(new GracefulHandler(limits));
    jetty.setStopTimeout(settings.gracePeriod().toMillis());
    accessLog(settings.accessLog()).ifPresent(jetty::setRequestLog);
    jetty.start();
    out.println("Augment demo listening on http://127.0.0.1:" + connector.getLocalPort());
    out.flush();
    return new Server(jetty, connector, host, d, headerTimeout);
  }

  private static java.util.Optional<RequestLog> accessLog(String where) throws IOException {
    String format = CustomRequestLog.NCSA_FORMAT + " %{us}Tus";
    return switch (where) {
      case "off" -> java.util.Optional.empty();
      case "log" -> {
        Slf4jRequestLogWriter writer = new Slf4jRequestLogWriter();
        writer.setLoggerName("augment.demo.access");
        yield java.util.Optional.of(new CustomRequestLog(writer, format));
      }
      default -> {
        AsyncRequestLogWriter writer = new AsyncRequestLogWriter(where);
        writer.setAppend(true);
        yield java.util.Optional.of(new CustomRequestLog(writer, format));
      }
    };
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Stops accepting, lets in-flight requests finish within the grace period, then tears every
   * plugin down.
   */
  public void stop() {
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("the HTTP server did not stop cleanly", e);
    }
    headerTimeout.close();
    dispatcher.close();
    host.close();
    LOG.info("Augment demo stopped");
  }
}
