package ${package}.${pluginName};

import dev.augment.testkit.PluginAssertions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Loads the packed plugin into a host shaped by the host's description, then checks it unloads. */
class PluginUnloadIT {

  @Test
  void theBuiltPluginLoadsTearsDownAndUnloads() {
    PluginAssertions.assertUnloadsCleanlyInAHost(
        Path.of("target/plugin"), Path.of("../host/target/augment-host.json"));
  }
}
