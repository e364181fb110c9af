package ${package};

import dev.augment.api.Lifecycle;
import dev.augment.api.PluginContext;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;

/** Answers GET ${route}?name=world with a greeting read from the plugin's configuration. */
public final class HelloRoute implements Route, Lifecycle {

  private volatile String greeting = "Hello";

  /** Creates the route; the host's service loader calls this. */
  public HelloRoute() {}

  /** Reads the greeting from the manifest's meta, or from the host's settings for this plugin. */
  @Override
  public void setup(PluginContext context) {
    greeting = context.config().string("greeting").orElse("Hello");
    context.logger().info("${pluginName} ready, greeting '{}'", greeting);
  }

  @Override
  public String path() {
    return "${route}";
  }

  @Override
  public String handle(Request request) {
    return greeting + ", " + request.query("name", "world") + "!";
  }
}
