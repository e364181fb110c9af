package dev.augment.example.greeter;

import com.github.zafarkhaja.semver.Version;
import dev.augment.api.Lifecycle;
import dev.augment.api.PluginContext;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import java.time.Clock;
import java.util.Locale;

/**
 * Greets the {@code name} query parameter, capitalized: {@code /hello?name=world} answers {@code
 * Hello, World!}; with {@code since=1.2.3} it adds the next minor version, computed with the
 * java-semver library bundled in this plugin.
 *
 * <p>The greeting word comes from the plugin's configuration, set up in {@link #setup}. With {@code
 * fail=true} it throws, so that tests can check that a plugin's stack trace names its module,
 * version, source file and line.
 */
public final class HelloRoute implements Route, Lifecycle {

  private volatile String greeting = "Hello";

  /** Creates the route; the host's service loader calls this. */
  public HelloRoute() {}

  /**
   * Reads the greeting from the plugin's configuration ({@code meta.greeting}, or the host's
   * settings for this plugin) and logs the time the host's clock reads; the {@code clock}
   * capability grants the clock.
   */
  @Override
  public void setup(PluginContext context) {
    greeting = context.config().string("greeting").orElse("Hello");
    Clock clock = context.service(Clock.class);
    context.logger().info("greeter ready at {} with greeting '{}'", clock.instant(), greeting);
  }

  @Override
  public String path() {
    return "/hello";
  }

  @Override
  public String handle(Request request) {
    if (Boolean.parseBoolean(request.query("fail", "false"))) {
      throw new IllegalStateException("greeter was asked to fail (fail=true)");
    }
    String name = request.query("name", "");
    if (name.isBlank()) {
      name = "world";
    }
    String answer =
        greeting + ", " + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1) + "!";
    String since = request.query("since", "");
    if (!since.isBlank()) {
      // java-semver, bundled in this plugin's layer, does the version arithmetic.
      answer +=
          " The next minor version after "
              + since
              + " is "
              + Version.parse(since).nextMinorVersion()
              + ".";
    }
    return answer;
  }
}
