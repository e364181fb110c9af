package dev.augment.testkit;

import dev.augment.api.Api;
import dev.augment.core.Capability;
import dev.augment.core.HostDescription;
import dev.augment.core.host.HostDescriptions;
import dev.augment.core.host.PluginHostBuilder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The child JVM's side of {@link PluginAssertions#assertUnloadsCleanlyInAHost}: loads a plugin into
 * a host shaped by a host description, on a real module graph, and exits 0 when it unloads cleanly,
 * 1 with the reason on standard error otherwise.
 */
@Api.Internal
public final class UnloadCheck {

  private UnloadCheck() {}

  /**
   * Runs the check.
   *
   * @param args the plugin (zip or folder) and the host description file
   */
  public static void main(String[] args) {
    Path plugin = Path.of(args[0]);
    HostDescription host = HostDescriptions.read(Path.of(args[1]));
    try {
      Class<?> contract = load(host.contract());
      String name =
          PluginAssertions.assertUnloadsCleanly(plugin, contract, b -> configure(b, host));
      System.out.println("unloaded cleanly: " + name);
    } catch (AssertionError | RuntimeException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }

  private static void configure(PluginHostBuilder<?> builder, HostDescription host) {
    for (HostDescription.CapabilityInfo c : host.capabilities()) {
      Set<Class<?>> events = new HashSet<>();
      c.events().forEach(e -> events.add(load(e)));
      Set<Class<?>> services = new HashSet<>();
      c.services().forEach(s -> services.add(load(s)));
      builder.capability(
          new Capability(c.name(), c.description(), c.modules(), events, services, c.permits()));
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ClassLoader.getSystemClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the host's type " + name + " is not on the module path", e);
    }
  }
}
