package dev.augment.example.contract;

import dev.augment.api.Api;

/**
 * Answers the requests for one path, such as {@code /hello}.
 *
 * <p>A plugin provides exactly one route. The host calls {@link #handle} for every request whose
 * path equals {@link #path()}, possibly from several threads at once, so implementations must be
 * thread-safe.
 *
 * <pre>{@code
 * public final class HelloRoute implements Route {
 *   public String path() {
 *     return "/hello";
 *   }
 *
 *   public String handle(Request request) {
 *     return "Hello, " + request.query("name", "world") + "!";
 *   }
 * }
 * }</pre>
 */
@Api.Stable
public interface Route {

  /**
   * Returns the path this route answers: starts with {@code /}, no query string.
   *
   * @return the path, for example {@code /hello}
   */
  String path();

  /**
   * Answers a request.
   *
   * @param request the request; its path equals {@link #path()}
   * @return the response body
   * @throws RuntimeException if the route fails; the host reports it and stays up
   */
  String handle(Request request);
}
