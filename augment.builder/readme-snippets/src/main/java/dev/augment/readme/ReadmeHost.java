package dev.augment.readme;

import dev.augment.core.Capability;
import dev.augment.core.Plugin;
import dev.augment.core.host.PluginHost;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import dev.augment.example.contract.hooks.RequestEnd;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The README's "a host in a few lines": loads a folder's plugins and calls each one once. */
public final class ReadmeHost {

  private static final Logger LOG = LoggerFactory.getLogger(ReadmeHost.class);

  private ReadmeHost() {}

  /**
   * Runs the host over a plugin folder and prints each plugin's answer.
   *
   * @param args the plugin folder
   */
  public static void main(String[] args) {
    Path plugins = Path.of(args[0]);
    Request request = Request.parse("/hello?name=world");
    // README: host
    try (PluginHost<Route> host =
        PluginHost.builder(Route.class)
            .folder(plugins)
            .capability(Capability.named("http.observe").events(RequestEnd.class).build())
            .capability(Capability.named("clock").services(Clock.class).build())
            .service(Clock.class, Clock.systemUTC())
            .build()) {
      host.reload(); // scan, check, load, set up, register
      host.failures().forEach(f -> LOG.warn(f.message())); // every skipped plugin, with its rule
      for (Plugin<Route> plugin : host.getAll()) {
        long start = System.nanoTime();
        String answer = plugin.provider().handle(request); // a plain interface call, no proxy
        host.hooks().emit(new RequestEnd(request.target(), 200, System.nanoTime() - start));
        System.out.println(plugin.name() + ": " + answer);
      }
    }
    // README: end
  }
}
