package dev.augment.example.greeter;

import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import org.apache.commons.lang3.StringUtils;

/**
 * Greets the {@code name} query parameter, capitalized: {@code /hello?name=world} answers {@code
 * Hello, World!}.
 *
 * <p>With {@code fail=true} it throws, so that tests can check that a plugin's stack trace names
 * its module, version, source file and line.
 */
public final class HelloRoute implements Route {

  /** Creates the route; the host's service loader calls this. */
  public HelloRoute() {}

  @Override
  public String path() {
    return "/hello";
  }

  @Override
  public String handle(Request request) {
    if (Boolean.parseBoolean(request.query("fail", "false"))) {
      throw new IllegalStateException("greeter was asked to fail (fail=true)");
    }
    String name = StringUtils.defaultIfBlank(request.query("name", ""), "world");
    return "Hello, " + StringUtils.capitalize(name) + "!";
  }
}
