#set( $example = $contractInterface == "dev.augment.example.contract.Route" )
package ${package};

#if( $example )
import dev.augment.api.Lifecycle;
import dev.augment.api.PluginContext;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import java.time.Clock;
import java.time.LocalTime;

/**
 * Answers GET ${route}?name=world with a greeting read from the plugin's configuration, and the
 * host's time from the host's clock (the {@code clock} capability).
 */
public final class ${className} implements Route, Lifecycle {

  private volatile String greeting = "Hello";
  private volatile Clock clock = Clock.systemUTC();

  /** Creates the route; the host's service loader calls this. */
  public ${className}() {}

  /**
   * Reads the greeting from the manifest's meta, or from the host's settings for this plugin, and
   * obtains the host's clock, which the manifest's {@code clock} capability grants.
   */
  @Override
  public void setup(PluginContext context) {
    greeting = context.config().string("greeting").orElse("Hello");
    clock = context.service(Clock.class);
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

  /** The host's time of day, from the host's clock. */
  String time() {
    return LocalTime.now(clock).toString();
  }
}
#else
#set( $dot = $contractInterface.lastIndexOf(".") + 1 )
#set( $simpleName = $contractInterface.substring($dot) )
import dev.augment.api.Lifecycle;
import dev.augment.api.PluginContext;
import ${contractInterface};

/**
 * The ${pluginName} plugin's provider of {@code ${contractInterface}}: implement the contract's
 * methods here (the compiler lists the ones missing).
 */
public final class ${className} implements ${simpleName}, Lifecycle {

  /** Creates the provider; the host's service loader calls this. */
  public ${className}() {}

  @Override
  public void setup(PluginContext context) {
    context.logger().info("${pluginName} ready");
  }
}
#end
