package dev.augment.example.host;

import dev.augment.core.HostHooks;
import dev.augment.core.Plugin;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import dev.augment.example.contract.hooks.CacheHit;
import dev.augment.example.contract.hooks.CacheMiss;
import dev.augment.example.contract.hooks.RenderEnd;
import dev.augment.example.contract.hooks.RenderStart;
import dev.augment.example.contract.hooks.RequestEnd;
import dev.augment.example.contract.hooks.RequestError;
import dev.augment.example.contract.hooks.RequestStart;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request with the route whose path matches, and emits the host's hooks around it.
 *
 * <p>The host's own routes are tried first, then the plugins' in name order. Every call into a
 * plugin, its {@code path()} as much as its {@code handle}, runs in that plugin's {@link
 * PluginBulkheads bulkhead}: a plugin that hangs or is overloaded answers 503, one that throws (an
 * {@code Error} included) answers 500 and emits {@link RequestError}; the caller's thread is never
 * held longer than the deadline. Successful answers are cached by the request's canonical target in
 * a bounded {@link AnswerCache}, except a plugin's whose manifest says {@code "meta": {"cache":
 * false}} (a route that keeps state, such as the counter's); {@link #pluginChanged} forgets one
 * plugin's answers and drops its bulkhead, as the host does on that plugin's events. Hooks are
 * emitted with {@link HostHooks#emit}, so a slow plugin never slows a request.
 */
public final class RequestDispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

  /** The answer cache's default limits: 1024 answers, 8 MiB. */
  public static final int DEFAULT_CACHE_ENTRIES = 1024;

  /** The answer cache's default byte limit, 8 MiB. */
  public static final long DEFAULT_CACHE_BYTES = 8L << 20;

  /**
   * An answer.
   *
   * @param status 200; 404 when no route matched; 500 when the route threw; 503 when the route's
   *     plugin did not answer within its deadline or its share was full
   * @param body the text of the answer
   * @param by who answered: {@code name@version} of a plugin, {@code host}, or empty
   */
  public record Answer(int status, String body, String by) {}

  /** Where a path goes: a route, its path, whose plugin (or {@code host}), a unique identity. */
  private record Target(
      Route route, String path, String plugin, String by, long id, boolean cacheable) {}

  /** The routes of one registry snapshot, and the plugins they were made from. */
  private record Routes(
      List<Plugin<Route>> plugins,
      Map<String, Target> byPath,
      Map<Plugin<Route>, Target> byPlugin) {}

  private static final String HOST = "host";

  private final HostHooks hooks;
  private final Supplier<List<Plugin<Route>>> plugins;
  private final Map<String, Target> builtIn = new HashMap<>();
  private final PluginBulkheads bulkheads;
  private final AnswerCache cache;
  private final AtomicLong ids = new AtomicLong();
  private volatile Routes routes;

  /**
   * Creates a dispatcher with the default bulkheads and cache limits.
   *
   * @param hooks where to emit the request hooks
   * @param plugins the current plugins, asked on every request
   * @param builtIn the host's own routes, tried first
   */
  public RequestDispatcher(
      HostHooks hooks, Supplier<List<Plugin<Route>>> plugins, List<Route> builtIn) {
    this(
        hooks,
        plugins,
        builtIn,
        new PluginBulkheads(PluginBulkheads.Settings.DEFAULT),
        DEFAULT_CACHE_ENTRIES,
        DEFAULT_CACHE_BYTES);
  }

  /**
   * Creates a dispatcher.
   *
   * @param hooks where to emit the request hooks
   * @param plugins the current plugins, asked on every request
   * @param builtIn the host's own routes, tried first; host code, called on the caller's thread
   * @param bulkheads where plugin calls run; {@link #close()} closes them
   * @param cacheEntries at most this many cached answers, 0 for no cache
   * @param cacheBytes at most about this many bytes of cached keys and answers
   */
  public RequestDispatcher(
      HostHooks hooks,
      Supplier<List<Plugin<Route>>> plugins,
      List<Route> builtIn,
      PluginBulkheads bulkheads,
      int cacheEntries,
      long cacheBytes) {
    this.hooks = hooks;
    this.plugins = plugins;
    for (Route route : builtIn) {
      String path = route.path();
      this.builtIn.putIfAbsent(
          path, new Target(route, path, HOST, HOST, ids.incrementAndGet(), true));
    }
    this.bulkheads = bulkheads;
    this.cache = new AnswerCache(cacheEntries, cacheBytes);
  }

  /**
   * Answers a request.
   *
   * @param request the request
   * @return the answer
   */
  public Answer dispatch(Request request) {
    long start = System.nanoTime();
    String target = request.target();
    hooks.emit(new RequestStart(target));
    Target route = route(request.path());
    Optional<Answer> cached =
        route == null || !route.cacheable() ? Optional.empty() : cache.get(target, route.id());
    Answer answer;
    if (cached.isPresent()) {
      answer = cached.get();
      hooks.emit(new CacheHit(target));
    } else {
      hooks.emit(new CacheMiss(target));
      if (route == null) {
        answer = new Answer(404, "no route for " + request.path(), "");
      } else {
        answer = call(route, request, target);
        if (answer.status() == 200 && route.cacheable()) {
          cache.put(target, answer, route.plugin(), route.id());
        }
      }
    }
    hooks.emit(new RequestEnd(target, answer.status(), System.nanoTime() - start));
    return answer;
  }

  private Target route(String path) {
    Target own = builtIn.get(path);
    return own != null ? own : routes().byPath().get(path);
  }

  /** The routes of the current plugins; rebuilt, asking only new plugins their path, on change. */
  private Routes routes() {
    List<Plugin<Route>> now = plugins.get();
    Routes current = routes;
    if (current != null && sameInstances(current.plugins(), now)) {
      return current;
    }
    synchronized (this) {
      current = routes;
      if (current != null && sameInstances(current.plugins(), now)) {
        return current;
      }
      Map<String, Target> byPath = new HashMap<>();
      Map<Plugin<Route>, Target> byPlugin = new IdentityHashMap<>();
      for (Plugin<Route> plugin : now) {
        Target t = current == null ? null : current.byPlugin().get(plugin);
        if (t == null) {
          t = target(plugin);
        }
        if (t != null) {
          byPlugin.put(plugin, t);
          byPath.putIfAbsent(t.path(), t);
        }
      }
      Routes made = new Routes(List.copyOf(now), Map.copyOf(byPath), byPlugin);
      routes = made;
      return made;
    }
  }

  /** Asks a new plugin its path, in its bulkhead; a plugin that cannot say gets no route. */
  private Target target(Plugin<Route> plugin) {
    Route route = plugin.provider();
    PluginBulkheads.Outcome<String> path = bulkheads.call(plugin.name(), route::path);
    if (path instanceof PluginBulkheads.Outcome.Done<String> done
        && done.value() != null
        && done.value().startsWith("/")) {
      return new Target(
          route,
          done.value(),
          plugin.name(),
          plugin.manifest().coordinates(),
          ids.incrementAndGet(),
          // A route whose answer changes from call to call (it keeps state) says so in its
          // manifest: "meta": {"cache": false}.
          !Boolean.FALSE.equals(plugin.manifest().meta().get("cache")));
    }
    LOG.warn("plugin {} gets no route: its path() gave {}", plugin.name(), path);
    return null;
  }

  private static boolean sameInstances(List<Plugin<Route>> a, List<Plugin<Route>> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  private Answer call(Target target, Request request, String key) {
    long start = System.nanoTime();
    String path = target.path();
    hooks.emit(new RenderStart(path));
    try {
      if (target.plugin().equals(HOST)) {
        return new Answer(200, target.route().handle(request), HOST);
      }
      PluginBulkheads.Outcome<String> outcome =
          bulkheads.call(target.plugin(), () -> target.route().handle(request));
      return answer(outcome, target, key);
    } catch (RuntimeException e) {
      hooks.emit(new RequestError(key, e));
      return new Answer(500, "ERROR " + e, target.by());
    } finally {
      hooks.emit(new RenderEnd(path, System.nanoTime() - start));
    }
  }

  private Answer answer(PluginBulkheads.Outcome<String> outcome, Target target, String key) {
    String by = target.by();
    if (outcome instanceof PluginBulkheads.Outcome.Done<String> done) {
      if (done.value() == null) {
        return failed(key, by, new NullPointerException("the route answered null"));
      }
      return new Answer(200, done.value(), by);
    } else if (outcome instanceof PluginBulkheads.Outcome.Failed<String> failed) {
      return failed(key, by, failed.error());
    } else if (outcome instanceof PluginBulkheads.Outcome.TimedOut<String> late) {
      TimeoutException e =
          new TimeoutException(by + " did not answer " + key + " within " + late.deadline());
      hooks.emit(new RequestError(key, e));
      LOG.warn("{}", e.getMessage());
      return new Answer(503, "UNAVAILABLE " + e.getMessage(), by);
    } else {
      String reason = ((PluginBulkheads.Outcome.Busy<String>) outcome).reason();
      return new Answer(503, "UNAVAILABLE " + reason, by);
    }
  }

  private Answer failed(String key, String by, Throwable error) {
    hooks.emit(new RequestError(key, error));
    if (error instanceof Error) {
      LOG.error("{} threw {} answering {}", by, error, key, error);
    }
    return new Answer(500, "ERROR " + error, by);
  }

  /**
   * Forgets one plugin's cached answers and drops its bulkhead and route, as the host does when the
   * plugin was loaded, updated or removed.
   *
   * @param plugin the plugin's name
   */
  public void pluginChanged(String plugin) {
    cache.clearPlugin(plugin);
    bulkheads.release(plugin);
    routes = null;
  }

  /** Forgets every cached answer. */
  public void clearCache() {
    cache.clear();
  }

  /**
   * Returns how many answers are cached.
   *
   * @return the count
   */
  public int cachedAnswers() {
    return cache.size();
  }

  /** Closes the bulkheads; calls still running are interrupted. */
  @Override
  public void close() {
    bulkheads.close();
  }
}
