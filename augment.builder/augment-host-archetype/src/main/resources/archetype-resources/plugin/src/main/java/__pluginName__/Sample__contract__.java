package ${package}.${pluginName};

import ${package}.contract.${contract};
import dev.augment.api.Lifecycle;
import dev.augment.api.PluginContext;
import java.util.Map;

/** Answers GET /${pluginName}?name=world with a greeting read from the plugin's configuration. */
public final class Sample${contract} implements ${contract}, Lifecycle {

  private volatile String greeting = "Hello";

  /** Creates the plugin; the host's service loader calls this. */
  public Sample${contract}() {}

  /** Reads the greeting from the manifest's meta, or from the host's settings for this plugin. */
  @Override
  public void setup(PluginContext context) {
    greeting = context.config().string("greeting").orElse("Hello");
    context.logger().info("${pluginName} ready, greeting '{}'", greeting);
  }

  @Override
  public String path() {
    return "/${pluginName}";
  }

  @Override
  public String handle(Map<String, String> query) {
    return greeting + ", " + query.getOrDefault("name", "world") + "!";
  }
}
