package ${package}.${pluginName};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augment.testkit.TestPluginContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Sample${contract}Test {

  @Test
  void greetsWithTheConfiguredGreeting() {
    try (TestPluginContext context =
        TestPluginContext.named("${pluginName}").config("greeting", "Howdy").build()) {
      Sample${contract} plugin = new Sample${contract}();
      plugin.setup(context);
      assertEquals("Howdy, world!", plugin.handle(Map.of()));
      assertEquals("Howdy, Ada!", plugin.handle(Map.of("name", "Ada")));
      plugin.teardown(context);
      assertEquals(0, context.hooks().subscriptionCount());
    }
  }
}
