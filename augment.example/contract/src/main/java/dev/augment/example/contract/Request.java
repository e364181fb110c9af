package dev.augment.example.contract;

import dev.augment.api.Api;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request to a {@link Route}: a path and its query parameters.
 *
 * @param path the request path, starting with {@code /}, without the query string
 * @param query the query parameters, decoded; a parameter given twice keeps its first value
 */
@Api.Stable
public record Request(String path, Map<String, String> query) {

  /**
   * Creates a request and copies the parameters.
   *
   * @param path see the record description
   * @param query see the record description
   * @throws NullPointerException if an argument, a parameter name or a value is null
   * @throws IllegalArgumentException if {@code path} does not start with {@code /}
   */
  public Request {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a request path starts with '/': " + path);
    }
    query = Map.copyOf(query);
  }

  /**
   * Parses a request target such as {@code /hello?name=world}; names and values are URL-decoded
   * (UTF-8).
   *
   * @param target the path, optionally followed by {@code ?} and {@code name=value} pairs joined by
   *     {@code &}
   * @return the request
   * @throws IllegalArgumentException if the path does not start with {@code /}
   */
  public static Request parse(String target) {
    int mark = target.indexOf('?');
    if (mark < 0) {
      return new Request(target, Map.of());
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : target.substring(mark + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.putIfAbsent(name, value);
    }
    return new Request(target.substring(0, mark), query);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /**
   * Returns a query parameter, or a default when the request has none of that name.
   *
   * @param name the parameter's name
   * @param defaultValue what to return when the parameter is absent
   * @return the parameter's value, or {@code defaultValue}
   */
  public String query(String name, String defaultValue) {
    return query.getOrDefault(name, defaultValue);
  }

  /**
   * Returns the request's canonical target: the path, then the query parameters sorted by name,
   * each name and value URL-encoded (UTF-8), so that {@code parse(r.target())} equals {@code r} and
   * two requests have the same target exactly when they are equal. A host can key a cache by it.
   *
   * @return for example {@code /hello?name=world}, or {@code /hello?name=a%26since%3D1.0.0} for the
   *     value {@code a&since=1.0.0}
   */
  public String target() {
    if (query.isEmpty()) {
      return path;
    }
    StringBuilder target = new StringBuilder(path).append('?');
    query.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                target
                    .append(encode(e.getKey()))
                    .append('=')
                    .append(encode(e.getValue()))
                    .append('&'));
    return target.substring(0, target.length() - 1);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
