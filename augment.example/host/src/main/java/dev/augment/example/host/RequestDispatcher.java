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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers a request with the route whose path matches, and emits the host's hooks around it.
 *
 * <p>Successful answers are cached by path and query; {@link #clearCache()} forgets them, as a host
 * does after a reload. Hooks are emitted with {@link HostHooks#emit}, so a slow plugin never slows
 * a request.
 */
public final class RequestDispatcher {

  /**
   * An answer.
   *
   * @param status 200, 404 when no route matched, 500 when the route threw
   * @param body the text of the answer
   * @param by who answered: {@code name@version} of a plugin, {@code host}, or empty
   */
  public record Answer(int status, String body, String by) {}

  private final HostHooks hooks;
  private final Supplier<List<Plugin<Route>>> plugins;
  private final List<Route> builtIn;
  private final Map<String, Answer> cache = new ConcurrentHashMap<>();

  /**
   * Creates a dispatcher.
   *
   * @param hooks where to emit the request hooks
   * @param plugins the current plugins, asked on every request
   * @param builtIn the host's own routes, tried first
   */
  public RequestDispatcher(
      HostHooks hooks, Supplier<List<Plugin<Route>>> plugins, List<Route> builtIn) {
    this.hooks = hooks;
    this.plugins = plugins;
    this.builtIn = List.copyOf(builtIn);
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
    Answer answer = cache.get(target);
    if (answer != null) {
      hooks.emit(new CacheHit(target));
    } else {
      hooks.emit(new CacheMiss(target));
      answer = render(request);
      if (answer.status() == 200) {
        cache.put(target, answer);
      }
    }
    hooks.emit(new RequestEnd(target, answer.status(), System.nanoTime() - start));
    return answer;
  }

  private Answer render(Request request) {
    for (Route route : builtIn) {
      if (route.path().equals(request.path())) {
        return call(route, request, "host");
      }
    }
    for (Plugin<Route> plugin : plugins.get()) {
      if (plugin.provider().path().equals(request.path())) {
        return call(plugin.provider(), request, plugin.manifest().coordinates());
      }
    }
    return new Answer(404, "no route for " + request.path(), "");
  }

  private Answer call(Route route, Request request, String by) {
    long start = System.nanoTime();
    hooks.emit(new RenderStart(route.path()));
    try {
      return new Answer(200, route.handle(request), by);
    } catch (RuntimeException e) {
      hooks.emit(new RequestError(request.target(), e));
      return new Answer(500, "ERROR " + e, by);
    } finally {
      hooks.emit(new RenderEnd(route.path(), System.nanoTime() - start));
    }
  }

  /** Forgets every cached answer. */
  public void clearCache() {
    cache.clear();
  }
}
