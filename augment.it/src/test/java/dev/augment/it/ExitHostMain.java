package dev.augment.it;

import dev.augment.core.Capability;
import dev.augment.core.Plugin;
import dev.augment.core.PluginFailure;
import dev.augment.core.ReloadReport;
import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import dev.augment.fixtures.Fixtures;
import java.nio.file.Path;

/**
 * A host in a process of its own, for {@link ExitProcessTest}: {@code PLUGINS CACHE [grant]}
 * reloads the folder once, greets every loaded plugin, prints what loaded and what was refused, and
 * returns normally (exit status 0) unless a plugin ended the JVM. With {@code grant} the host
 * defines capability {@code reflective}, which permits {@code reflection}.
 */
public final class ExitHostMain {

  private ExitHostMain() {}

  public static void main(String[] args) {
    PluginHostBuilder<Object> b =
        PluginHost.builder(Fixtures.contract())
            .parentLayer(Fixtures.hostLayer())
            .folder(Path.of(args[0]))
            .cacheDirectory(Path.of(args[1]));
    if (args.length > 2 && args[2].equals("grant")) {
      b.capability(Capability.named("reflective").permits("reflection").build());
    }
    try (PluginHost<Object> host = b.build()) {
      ReloadReport report = host.reload();
      for (PluginFailure f : report.failures()) {
        System.out.println("refused " + f.plugin() + " " + f.rule().code());
      }
      for (Plugin<Object> p : host.getAll()) {
        System.out.println("greeted " + p.name() + " " + Fixtures.greet(p.provider(), "x"));
      }
      System.out.println("loaded " + report.loaded());
    }
    System.out.println("host survived");
  }
}
