package dev.augment.example.host;

import dev.augment.core.Capability;
import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import dev.augment.example.contract.Route;
import dev.augment.example.contract.hooks.CacheHit;
import dev.augment.example.contract.hooks.CacheMiss;
import dev.augment.example.contract.hooks.RenderEnd;
import dev.augment.example.contract.hooks.RenderStart;
import dev.augment.example.contract.hooks.RequestEnd;
import dev.augment.example.contract.hooks.RequestError;
import dev.augment.example.contract.hooks.RequestStart;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * How the example host sets up its {@link PluginHost}: the capabilities it defines and the services
 * it offers. Main and the tests share it, so that they load plugins under the same rules.
 */
public final class ExampleHost {

  /** Observe requests: {@link RequestStart}, {@link RequestEnd}, {@link RequestError}. */
  public static final Capability HTTP_OBSERVE =
      Capability.named("http.observe")
          .description("observe the requests the host answers")
          .events(RequestStart.class, RequestEnd.class, RequestError.class)
          .build();

  /** Observe rendering and the response cache. */
  public static final Capability RENDER_OBSERVE =
      Capability.named("render.observe")
          .description("observe routes rendering and the response cache")
          .events(RenderStart.class, RenderEnd.class, CacheHit.class, CacheMiss.class)
          .build();

  /** Obtain the host's {@link Clock}. */
  public static final Capability CLOCK =
      Capability.named("clock").description("read the host's clock").services(Clock.class).build();

  /** Every capability the example host defines. */
  public static final List<Capability> CAPABILITIES = List.of(HTTP_OBSERVE, RENDER_OBSERVE, CLOCK);

  private ExampleHost() {}

  /**
   * Starts a host over a plugin folder with the example's capabilities and services.
   *
   * @param folder the plugin folder
   * @param clock the clock plugins with the {@code clock} capability obtain
   * @return a builder; add a cache directory or settings, then build
   */
  public static PluginHostBuilder<Route> builder(Path folder, Clock clock) {
    PluginHostBuilder<Route> builder = PluginHost.builder(Route.class).folder(folder);
    CAPABILITIES.forEach(builder::capability);
    return builder.service(Clock.class, clock);
  }
}
