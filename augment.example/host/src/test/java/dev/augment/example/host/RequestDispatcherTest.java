package dev.augment.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.Plugin;
import dev.augment.core.PluginManifest;
import dev.augment.core.Version;
import dev.augment.core.host.PluginHost;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import dev.augment.example.contract.hooks.RequestError;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher with real hooks (a host over an empty folder) and plugin records made here. */
class RequestDispatcherTest {

  @TempDir Path folder;
  @TempDir Path cacheDir;

  private PluginHost<Route> host;
  private final List<RequestError> errors = new CopyOnWriteArrayList<>();

  @BeforeEach
  void host() {
    host = ExampleHost.builder(folder, Clock.systemUTC()).cacheDirectory(cacheDir).build();
    host.hooks().listen(RequestError.class, errors::add);
  }

  @AfterEach
  void close() {
    host.close();
  }

  private record Fixed(String path, java.util.function.Function<Request, String> body)
      implements Route {
    @Override
    public String handle(Request request) {
      return body.apply(request);
    }
  }

  private static Plugin<Route> plugin(String name, Route route) {
    return plugin(name, route, Map.of());
  }

  private static Plugin<Route> plugin(String name, Route route, Map<String, Object> meta) {
    PluginManifest manifest =
        new PluginManifest(name, Version.parse("1.0.0"), name, meta, List.of(), Map.of());
    return new Plugin<>(manifest, route, Path.of(name + ".zip"));
  }

  private RequestDispatcher dispatcher(List<Plugin<Route>> plugins) {
    return new RequestDispatcher(
        host.hooks(),
        () -> plugins,
        List.of(new HealthRoute()),
        new PluginBulkheads(new PluginBulkheads.Settings(1, 0, Duration.ofMillis(300))),
        100,
        1 << 20);
  }

  @Test
  void aRouteThatKeepsStateOptsOutOfTheAnswerCache() {
    AtomicInteger calls = new AtomicInteger();
    Route counting = new Fixed("/count", r -> "n=" + calls.incrementAndGet());
    Route cached = new Fixed("/same", r -> "m=" + calls.incrementAndGet());
    try (RequestDispatcher d =
        dispatcher(
            List.of(plugin("count", counting, Map.of("cache", false)), plugin("same", cached)))) {
      assertEquals("n=1", d.dispatch(Request.parse("/count?name=a")).body());
      assertEquals("n=2", d.dispatch(Request.parse("/count?name=a")).body());
      assertEquals("m=3", d.dispatch(Request.parse("/same")).body());
      assertEquals("m=3", d.dispatch(Request.parse("/same")).body(), "cached, as before");
    }
  }

  @Test
  void anErrorFromAPluginAnswers500AndEmitsRequestError() {
    Route overflow =
        new Fixed(
            "/deep",
            r -> {
              throw new StackOverflowError("deep");
            });
    try (RequestDispatcher d = dispatcher(List.of(plugin("deep", overflow)))) {
      RequestDispatcher.Answer answer = d.dispatch(Request.parse("/deep"));
      assertEquals(500, answer.status());
      assertEquals("deep@1.0.0", answer.by());
      assertEquals(1, errors.size());
      assertInstanceOf(StackOverflowError.class, errors.get(0).error());
      assertEquals(200, d.dispatch(Request.parse("/health")).status());
    }
  }

  @Test
  void aHungPluginAnswers503AndTheHostsRouteStillAnswers() {
    Route hang =
        new Fixed(
            "/hang",
            r -> {
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return "late";
            });
    try (RequestDispatcher d = dispatcher(List.of(plugin("hang", hang)))) {
      RequestDispatcher.Answer answer = d.dispatch(Request.parse("/hang"));
      assertEquals(503, answer.status(), answer.body());
      assertInstanceOf(TimeoutException.class, errors.get(0).error());
      assertEquals(200, d.dispatch(Request.parse("/health")).status());
    }
  }

  @Test
  void anEncodedAmpersandDoesNotPoisonTheAnswerOfTwoParameters() {
    AtomicInteger calls = new AtomicInteger();
    Route echo =
        new Fixed(
            "/echo",
            r -> {
              calls.incrementAndGet();
              return new java.util.TreeMap<>(r.query()).toString();
            });
    try (RequestDispatcher d = dispatcher(List.of(plugin("echo", echo)))) {
      assertEquals(
          "{name=a&since=1.0.0}", d.dispatch(Request.parse("/echo?name=a%26since%3D1.0.0")).body());
      assertEquals(
          "{name=a, since=1.0.0}", d.dispatch(Request.parse("/echo?name=a&since=1.0.0")).body());
      assertEquals("{name=été}", d.dispatch(Request.parse("/echo?name=%C3%A9t%C3%A9")).body());
      assertEquals("{name=été}", d.dispatch(Request.parse("/echo?name=%C3%A9t%C3%A9")).body());
      assertEquals(3, calls.get(), "the repeated request came from the cache");
      d.pluginChanged("echo");
      assertEquals(0, d.cachedAnswers());
      d.dispatch(Request.parse("/echo?name=%C3%A9t%C3%A9"));
      assertEquals(4, calls.get());
      assertTrue(d.cachedAnswers() == 1);
    }
  }
}
