package dev.augment.jlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.fixtures.Jars;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@code bin/augment-demo} from the image as its own process, over the demo's plugins and
 * two test plugins compiled here with {@code javax.tools} ({@code /hang}, whose route never returns
 * and ignores interrupts; {@code /crash}, whose route throws a {@code StackOverflowError} or an
 * {@code OutOfMemoryError}), and hits it with stalled clients, a thousand keep-alive connections,
 * the hung and throwing routes and absolute-form targets; then stops it with SIGTERM.
 *
 * <p>The server runs with small shares so that the limits show quickly: two threads and two waiting
 * calls per plugin, a 1 s route deadline, a 2 s header timeout. Every wait polls a condition under
 * a generous deadline; none is a fixed sleep.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoServerIT {

  private static final Path IMAGE = Path.of(System.getProperty("augment.image", "target/image"));
  private static final Path PLUGINS =
      Path.of(System.getProperty("augment.plugins", "target/test-plugins"));
  private static final Path MODULES =
      Path.of(System.getProperty("augment.modules", "target/modules"));
  private static final Duration GRACE = Duration.ofSeconds(5);

  @TempDir static Path tmp;

  private static Process demo;
  private static int port;
  private static Path err;

  @BeforeAll
  static void startTheImage() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    try (Stream<Path> zips = Files.list(PLUGINS)) {
      for (Path zip : zips.toList()) {
        Files.copy(zip, plugins.resolve(zip.getFileName()));
      }
    }
    plugin(
        plugins,
        "hang",
        "/hang",
        "while (true) { try { Thread.sleep(60_000); } catch (InterruptedException ignored) { } }");
    plugin(
        plugins,
        "crash",
        "/crash",
        "if (request.query(\"kind\", \"\").equals(\"oom\")) { long[] a = new"
            + " long[Integer.MAX_VALUE]; return \"\" + a.length; } return \"\" + deep(0);");
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    err = tmp.resolve("demo.err");
    demo =
        new ProcessBuilder(
                IMAGE.resolve("bin/augment-demo").toString(),
                "--port",
                String.valueOf(port),
                "--plugins",
                plugins.toString(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--route-threads",
                "2",
                "--route-queue",
                "2",
                "--route-deadline",
                "1s",
                "--header-timeout",
                "2s",
                "--idle-timeout",
                "30s",
                "--grace-period",
                GRACE.toSeconds() + "s")
            .redirectError(err.toFile())
            .start();
    String ready =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    assertEquals(
        "Augment demo listening on http://127.0.0.1:" + port, ready, Files.readString(err));
  }

  @AfterAll
  static void stopTheImage() {
    if (demo != null && demo.isAlive()) {
      demo.destroyForcibly();
    }
  }

  /** A plugin whose route at {@code path} runs {@code body} in {@code handle(Request request)}. */
  private static void plugin(Path plugins, String name, String path, String body)
      throws IOException {
    String pkg = "test." + name;
    Path jar =
        Jars.of()
            .source(
                "module-info.java",
                "module "
                    + pkg
                    + " { requires augment.example.contract; provides"
                    + " dev.augment.example.contract.Route with "
                    + pkg
                    + ".TestRoute; }")
            .source(
                pkg.replace('.', '/') + "/TestRoute.java",
                "package "
                    + pkg
                    + "; import dev.augment.example.contract.*; public final class TestRoute"
                    + " implements Route { public String path() { return \""
                    + path
                    + "\"; } public String handle(Request request) { "
                    + body
                    + " } private static int deep(int n) { return deep(n + 1) + 1; } }")
            .modulePath(
                jarOf("augment-example-contract-"), jarOf("augment-api-"), jarOf("slf4j-api-"))
            .moduleVersion("1.0.0")
            .writeTo(tmp.resolve("jars").resolve(pkg + "-1.0.0.jar"));
    try (ZipOutputStream zip =
        new ZipOutputStream(Files.newOutputStream(plugins.resolve(name + ".zip")))) {
      zip.putNextEntry(new ZipEntry("plugin.manifest.json"));
      zip.write(
          ("{\"name\":\""
                  + name
                  + "\",\"version\":\"1.0.0\",\"entryPoint\":\""
                  + pkg
                  + "\",\"meta\":{}}")
              .getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("modules/" + jar.getFileName()));
      zip.write(Files.readAllBytes(jar));
    }
  }

  private static Path jarOf(String prefix) throws IOException {
    try (Stream<Path> jars = Files.list(MODULES)) {
      return jars.filter(j -> j.getFileName().toString().startsWith(prefix))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + prefix + "*.jar in " + MODULES));
    }
  }

  /** An answer read off a socket. */
  private record Answer(int status, Map<String, String> headers, String body) {}

  /** Sends one request line (with Host) on a socket and reads one answer. */
  private static Answer send(Socket socket, String requestLine) throws IOException {
    socket
        .getOutputStream()
        .write(
            (requestLine + "\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    return read(new BufferedInputStream(socket.getInputStream()));
  }

  private static Answer read(InputStream in) throws IOException {
    String status = line(in);
    Map<String, String> headers = new HashMap<>();
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.put(
          h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    return new Answer(Integer.parseInt(status.split(" ")[1]), headers, body);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the server closed the connection after '" + line + "'");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(20_000);
    socket.setTcpNoDelay(true);
    return socket;
  }

  /** One request on a connection of its own. */
  private static Answer get(String target) throws IOException {
    try (Socket socket = connect()) {
      return send(socket, "GET " + target + " HTTP/1.1");
    }
  }

  @Test
  @Order(1)
  void aHundredStalledClientsHoldNoThreadAndAreClosedByTheHeaderTimeout() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        Socket s = connect();
        s.getOutputStream()
            .write(
                "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        stalled.add(s);
      }
      long start = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        assertEquals(200, get("/health").status());
        assertEquals("Hello, World!\n", get("/hello?name=world").body());
      }
      for (Socket s : stalled) {
        s.setSoTimeout(15_000);
        try {
          int b = s.getInputStream().read();
          assertTrue(b < 0 || b == 'H', "closed, or answered with an error status: " + b);
        } catch (SocketTimeoutException e) {
          throw new AssertionError("a stalled client was still connected after 15 s", e);
        } catch (IOException reset) {
          // closed by the server: what the header timeout does
        }
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertTrue(seconds < 20, "closed by the 2 s header timeout, not the 30 s idle timeout");
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  @Test
  @Order(2)
  void aThousandKeepAliveConnectionsAreAnsweredTwiceEach() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 1000; i++) {
        sockets.add(connect());
      }
      for (int round = 0; round < 2; round++) {
        for (Socket s : sockets) {
          Answer a = send(s, "GET /health HTTP/1.1");
          assertEquals(200, a.status());
          assertEquals("OK\n", a.body());
        }
        assertEquals(200, get("/hello?name=world").status());
      }
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  @Test
  @Order(3)
  void anErrorInARouteAnswers500AndTheServerGoesOn() throws Exception {
    Answer stack = get("/crash?kind=stack");
    assertEquals(500, stack.status(), stack.body());
    assertTrue(stack.body().contains("StackOverflowError"), stack.body());
    Answer oom = get("/crash?kind=oom");
    assertEquals(500, oom.status(), oom.body());
    assertTrue(oom.body().contains("OutOfMemoryError"), oom.body());
    assertEquals(500, get("/crash?kind=stack").status());
    assertEquals(200, get("/health").status());
    assertEquals("Hello, World!\n", get("/hello?name=world").body());
  }

  @Test
  @Order(4)
  void aHungPluginAnswers503WithRetryAfterWhileEveryOtherRouteAnswers() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<Answer>> hung = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        hung.add(clients.submit(() -> get("/hang")));
      }
      // While its calls hang, the others answer.
      assertEquals(200, get("/health").status());
      assertEquals("Hello, World!\n", get("/hello?name=world").body());
      assertEquals("HI\n", get("/shout?text=hi").body());
      for (Future<Answer> f : hung) {
        Answer a = f.get(30, TimeUnit.SECONDS);
        assertEquals(503, a.status(), a.body());
        assertEquals("1", a.headers().get("retry-after"), a.headers().toString());
      }
      // Both of its threads are stuck now: it is refused at once, the others still answer.
      Answer refused = get("/hang");
      assertEquals(503, refused.status());
      assertTrue(refused.body().contains("stuck"), refused.body());
      assertEquals(200, get("/health").status());
      assertEquals("Hello, World!\n", get("/hello?name=world").body());
      assertEquals(500, get("/crash?kind=stack").status());
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  @Order(5)
  void absoluteFormTargetsAreAnswered() throws Exception {
    try (Socket s = connect()) {
      Answer own = send(s, "GET http://127.0.0.1:" + port + "/hello?name=abs HTTP/1.1");
      assertEquals(200, own.status());
      assertEquals("Hello, Abs!\n", own.body());
      Answer other = send(s, "GET http://elsewhere.example/health HTTP/1.1");
      assertEquals(200, other.status());
      assertEquals("OK\n", other.body());
    }
  }

  @Test
  @Order(6)
  void sigtermStopsTheJvmWithinTheGracePeriod() throws Exception {
    assertTrue(demo.descendants().findAny().isEmpty(), "the launcher execs java: no child JVM");
    assertTrue(
        demo.info().command().orElse("").endsWith("/java"), demo.info().command().toString());
    long start = System.nanoTime();
    demo.destroy();
    assertTrue(
        demo.waitFor(GRACE.toSeconds() + 10, TimeUnit.SECONDS),
        "the demo stops on SIGTERM within its grace period");
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String log = Files.readString(err);
    assertTrue(log.contains("Augment demo stopped"), log);
    assertTrue(millis < GRACE.toMillis() + 5_000, "stopped after " + millis + " ms");
    assertTrue(log.contains("\"GET /health HTTP/1.1\" 200"), "the access log: " + log);
  }
}
