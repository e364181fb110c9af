package ${package}.host;

import ${package}.contract.${contract};
import dev.augment.core.Capability;
import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How this host sets up its {@link PluginHost}: the capabilities it defines and the services it
 * offers. {@link Main} runs it, and {@code augment:describe} writes {@code target/augment-host.json}
 * from this same method, so the description plugins are verified against never drifts from it.
 */
public final class Host {

  /** Grants the host's {@link Clock}: {@code context.service(Clock.class)}. */
  public static final Capability CLOCK =
      Capability.named("clock").description("read the host's clock").services(Clock.class).build();

  private Host() {}

  /**
   * Returns the host's builder over a plugin folder.
   *
   * @param folder the plugin folder
   * @return a builder with the host's capabilities and services; build it
   */
  public static PluginHostBuilder<${contract}> builder(Path folder) {
    return PluginHost.builder(${contract}.class)
        .folder(folder)
        .capability(CLOCK)
        .service(Clock.class, Clock.systemUTC())
        .watchDebounce(Duration.ofMillis(200));
  }
}
