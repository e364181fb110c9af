#set( $example = $contractInterface == "dev.augment.example.contract.Route" )
package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

#if( $example )
import dev.augment.example.contract.Request;
import dev.augment.testkit.TestPluginContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ${className}Test {

  @Test
  void greetsWithTheConfiguredGreetingAndReadsTheHostsClock() {
    try (TestPluginContext context =
        TestPluginContext.named("${pluginName}")
            .config("greeting", "Howdy")
            .service(Clock.class, Clock.fixed(Instant.parse("2026-01-01T12:30:00Z"), ZoneOffset.UTC))
            .build()) {
      ${className} route = new ${className}();
      route.setup(context);
      assertEquals("Howdy, world!", route.handle(Request.parse("${route}?name=world")));
      assertEquals("12:30", route.time());
      route.teardown(context);
      assertEquals(0, context.hooks().subscriptionCount());
    }
  }
}
#else
import dev.augment.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

class ${className}Test {

  @Test
  void setsUpAndTearsDown() {
    try (TestPluginContext context = TestPluginContext.named("${pluginName}").build()) {
      ${className} plugin = new ${className}();
      plugin.setup(context);
      plugin.teardown(context);
      assertEquals(0, context.hooks().subscriptionCount());
    }
  }
}
#end
