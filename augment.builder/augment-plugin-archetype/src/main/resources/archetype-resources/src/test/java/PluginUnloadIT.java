#set( $example = $contractInterface == "dev.augment.example.contract.Route" )
package ${package};

import dev.augment.testkit.PluginAssertions;
#if( $example )
import dev.augment.testkit.HostService;
import java.time.Clock;
import java.util.function.Supplier;
#end
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Loads the packed plugin into a host shaped by the host's description, then checks it unloads. */
class PluginUnloadIT {
#if( $example )

  /** Makes the host's clock in the check's own JVM, as the example host offers it. */
  public static final class HostClock implements Supplier<Clock> {
    /** Creates the factory; the unload check calls this. */
    public HostClock() {}

    @Override
    public Clock get() {
      return Clock.systemUTC();
    }
  }

  @Test
  void theBuiltPluginLoadsTearsDownAndUnloads() {
    PluginAssertions.assertUnloadsCleanlyInAHost(
        Path.of("target/plugin"),
        Path.of("${hostDescription}"),
        HostService.of(Clock.class, HostClock.class));
  }
#else

  /** Offer the services your plugin obtains in setup with HostService.of(type, factory). */
  @Test
  void theBuiltPluginLoadsTearsDownAndUnloads() {
    PluginAssertions.assertUnloadsCleanlyInAHost(
        Path.of("target/plugin"), Path.of("${hostDescription}"));
  }
#end
}
