package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augment.example.contract.Request;
import dev.augment.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

class HelloRouteTest {

  @Test
  void greetsWithTheConfiguredGreeting() {
    try (TestPluginContext context =
        TestPluginContext.named("${pluginName}").config("greeting", "Howdy").build()) {
      HelloRoute route = new HelloRoute();
      route.setup(context);
      assertEquals("Howdy, world!", route.handle(Request.parse("${route}?name=world")));
      route.teardown(context);
      assertEquals(0, context.hooks().subscriptionCount());
    }
  }
}
