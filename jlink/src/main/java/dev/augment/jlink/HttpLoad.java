package dev.augment.jlink;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Drives the image's demo host with HTTP/1.1 keep-alive requests on loopback and reports requests
 * per second and latency percentiles, with and without reload churn. Not part of the test run.
 *
 * <p>Run: {@code ./mvnw -q -pl jlink -am package -DskipTests && java -p jlink/target/classes -m
 * augment.jlink/dev.augment.jlink.HttpLoad jlink/target/image jlink/target/plugins 10 8}: the
 * image, the demo's plugins (copied to a temporary folder first), seconds per run and connections;
 * further arguments go to the server, such as {@code --access-log off}.
 *
 * <p>It starts {@code bin/java -m augment.example.host/dev.augment.example.host.Server} on a free
 * port of 127.0.0.1 and, for each target ({@code /health}; {@code /hello?name=world}, answered from
 * the host's cache after the first call; {@code /hello?name=uN} with a new N on every request, so
 * that each one calls the plugin), after one unreported 7 s run of {@code /health}, runs the given
 * connections in a closed loop (each sends its next request when the previous answer arrived) for 2
 * s of warm-up and then the measured seconds. Churn replaces the greeter's zip every 800 ms with
 * one whose greeting differs, so the host reloads it while it answers. Bounded: at most 5,000,000
 * requests and the given seconds per run; the client binds to loopback only.
 */
public final class HttpLoad {

  private static final int MAX_REQUESTS = 5_000_000;
  private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final long CHURN_MILLIS = 800;

  private HttpLoad() {}

  /**
   * Runs the load.
   *
   * @param args the image folder, the plugin folder, seconds per run (10), connections (8), then
   *     flags for the server
   * @throws Exception if the demo cannot be started
   */
  public static void main(String[] args) throws Exception {
    Path image = Path.of(args[0]);
    Path plugins = Path.of(args[1]);
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int connections = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    Path work = Files.createTempDirectory("augment-load");
    Path folder = Files.createDirectories(work.resolve("plugins"));
    try (Stream<Path> zips = Files.list(plugins)) {
      for (Path zip : zips.toList()) {
        Files.copy(zip, folder.resolve(zip.getFileName()));
      }
    }
    Path greeter = folder.resolve("augment-example-greeter.zip");
    Path original = Files.copy(greeter, work.resolve("greeter-hello.zip"));
    Path howdy = withGreeting(original, work.resolve("greeter-howdy.zip"));
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path err = work.resolve("demo.err");
    List<String> command =
        new ArrayList<>(
            List.of(
                image.resolve("bin/java").toString(),
                "-m",
                "augment.example.host/dev.augment.example.host.Server",
                "--port",
                String.valueOf(port),
                "--plugins",
                folder.toString(),
                "--cache",
                work.resolve("cache").toString()));
    command.addAll(Arrays.asList(args).subList(Math.min(4, args.length), args.length));
    Process demo = new ProcessBuilder(command).redirectError(err.toFile()).start();
    try {
      String ready =
          new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      if (ready == null || !ready.startsWith("Augment demo listening")) {
        throw new IllegalStateException("the demo did not start: " + Files.readString(err));
      }
      System.out.printf(
          "%d connections, %d s per run, JDK %s%n", connections, seconds, Runtime.version());
      System.out.printf(
          "%-22s %-6s %10s %9s %9s %7s %8s%n",
          "target", "churn", "req/s", "p50 ms", "p99 ms", "errors", "reloads");
      // A first, unreported run lets the JIT compile the server's hot path.
      run(port, "/health", connections, TimeUnit.SECONDS.toNanos(5));
      for (boolean churn : new boolean[] {false, true}) {
        for (String target : List.of("/health", "/hello?name=world", "/hello?name=u%d")) {
          AtomicBoolean stop = new AtomicBoolean();
          AtomicInteger reloads = new AtomicInteger();
          long updatedBefore = updated(err);
          Thread churner = null;
          if (churn) {
            churner = new Thread(() -> churn(greeter, original, howdy, stop, reloads), "churn");
            churner.setDaemon(true);
            churner.start();
          }
          Result r = run(port, target, connections, TimeUnit.SECONDS.toNanos(seconds));
          stop.set(true);
          if (churner != null) {
            churner.join();
          }
          System.out.printf(
              Locale.ROOT,
              "%-22s %-6s %10.0f %9.3f %9.3f %7d %8d%n",
              target.replace("%d", "N"),
              churn ? "yes" : "no",
              r.perSecond(),
              r.percentile(0.50) / 1e6,
              r.percentile(0.99) / 1e6,
              r.errors(),
              updated(err) - updatedBefore);
        }
      }
    } finally {
      demo.destroy();
      if (!demo.waitFor(30, TimeUnit.SECONDS)) {
        demo.destroyForcibly();
      }
    }
  }

  /** How many updates the demo has logged so far: the reloads that churn caused. */
  private static long updated(Path err) throws IOException {
    try (Stream<String> lines = Files.lines(err)) {
      return lines.filter(l -> l.contains("UPDATED greeter")).count();
    }
  }

  private record Result(long[] nanos, long elapsed, int errors) {
    double perSecond() {
      return nanos.length * 1e9 / elapsed;
    }

    long percentile(double p) {
      return nanos.length == 0 ? 0 : nanos[(int) Math.min(nanos.length - 1, nanos.length * p)];
    }
  }

  private static Result run(int port, String target, int connections, long measureNanos)
      throws InterruptedException {
    long begin = System.nanoTime();
    long measureFrom = begin + WARM_UP_NANOS;
    long end = measureFrom + measureNanos;
    AtomicInteger sequence = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Thread t =
          new Thread(
              () -> {
                long[] mine = new long[MAX_REQUESTS / connections];
                int n = 0;
                Connection conn = null;
                while (n < mine.length) {
                  long now = System.nanoTime();
                  if (now >= end) {
                    break;
                  }
                  String path = target.contains("%d") ? target.formatted(sequence.get()) : target;
                  sequence.incrementAndGet();
                  try {
                    if (conn == null) {
                      conn = new Connection(port);
                    }
                    int status = conn.get(path);
                    long took = System.nanoTime() - now;
                    if (status != 200) {
                      errors.incrementAndGet();
                    } else if (now >= measureFrom) {
                      mine[n++] = took;
                    }
                    if (conn.closed) {
                      conn.close();
                      conn = null;
                    }
                  } catch (IOException e) {
                    errors.incrementAndGet();
                    if (conn != null) {
                      conn.close();
                    }
                    conn = null;
                  }
                }
                if (conn != null) {
                  conn.close();
                }
                samples.add(Arrays.copyOf(mine, n));
              },
              "load-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long elapsed = Math.min(System.nanoTime(), end) - measureFrom;
    long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(all, elapsed, errors.get());
  }

  /** One keep-alive HTTP/1.1 connection that reads answers with a Content-Length. */
  private static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean closed;

    Connection(int port) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    int get(String path) throws IOException {
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = line();
      int length = -1;
      for (String header = line(); !header.isEmpty(); header = line()) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(lower.substring(15).trim());
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          closed = true;
        }
      }
      if (length < 0) {
        throw new IOException("no Content-Length in the answer to " + path);
      }
      if (in.readNBytes(length).length != length) {
        throw new IOException("short body");
      }
      return Integer.parseInt(status.split(" ")[1]);
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private static void churn(
      Path greeter, Path original, Path howdy, AtomicBoolean stop, AtomicInteger reloads) {
    boolean flip = false;
    while (!stop.get()) {
      try {
        Thread.sleep(CHURN_MILLIS);
        Path partial = greeter.resolveSibling(".greeter.partial");
        Files.copy(flip ? original : howdy, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            partial, greeter, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        flip = !flip;
        reloads.incrementAndGet();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** A copy of the greeter zip whose manifest greets with Howdy: other bytes, an update. */
  private static Path withGreeting(Path greeter, Path out) throws IOException {
    try (ZipFile in = new ZipFile(greeter.toFile());
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      for (ZipEntry e : Collections.list(in.entries())) {
        byte[] bytes = in.getInputStream(e).readAllBytes();
        if (e.getName().equals("plugin.manifest.json")) {
          bytes =
              new String(bytes, StandardCharsets.UTF_8)
                  .replace("\"greeting\": \"Hello\"", "\"greeting\": \"Howdy\"")
                  .getBytes(StandardCharsets.UTF_8);
        }
        zip.putNextEntry(new ZipEntry(e.getName()));
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    return out;
  }
}
