package dev.augment.testkit;

import dev.augment.api.Api;
import dev.augment.core.Capability;
import dev.augment.core.HostDescription;
import dev.augment.core.host.HostDescriptions;
import dev.augment.core.host.PluginHostBuilder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The child JVM's side of {@link PluginAssertions#assertUnloadsCleanlyInAHost}: loads a plugin into
 * a host shaped by a host description, on a real module graph, and exits 0 when it unloads cleanly,
 * 1 with the reason on standard error otherwise.
 */
@Api.Internal
public final class UnloadCheck {

  /** The prefix of an argument that names a plugin the checked one depends on. */
  static final String DEPENDENCY = "--dependency=";

  private UnloadCheck() {}

  /**
   * Runs the check.
   *
   * @param args the plugin (zip or folder), the host description file, then {@code
   *     --dependency=PATH} for each plugin it depends on and {@code type=factory} for each host
   *     service
   */
  public static void main(String[] args) {
    Path plugin = Path.of(args[0]);
    HostDescription host = HostDescriptions.read(Path.of(args[1]));
    try {
      Class<?> contract = load(host.contract());
      List<String> rest = List.of(args).subList(2, args.length);
      List<Path> dependencies =
          rest.stream()
              .filter(a -> a.startsWith(DEPENDENCY))
              .map(a -> Path.of(a.substring(DEPENDENCY.length())))
              .toList();
      List<String> services = rest.stream().filter(a -> !a.startsWith(DEPENDENCY)).toList();
      String name =
          PluginAssertions.assertUnloadsCleanly(
              plugin, dependencies, contract, b -> configure(b, host, services));
      System.out.println("unloaded cleanly: " + name);
    } catch (AssertionError | RuntimeException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }

  private static void configure(
      PluginHostBuilder<?> builder, HostDescription host, List<String> services) {
    for (HostDescription.CapabilityInfo c : host.capabilities()) {
      Set<Class<?>> events = new HashSet<>();
      c.events().forEach(e -> events.add(load(e)));
      Set<Class<?>> granted = new HashSet<>();
      c.services().forEach(s -> granted.add(load(s)));
      builder.capability(
          new Capability(c.name(), c.description(), c.modules(), events, granted, c.permits()));
    }
    for (String spec : services) {
      offer(builder, spec);
    }
  }

  private static <S> void offer(PluginHostBuilder<?> builder, String spec) {
    int eq = spec.indexOf('=');
    @SuppressWarnings("unchecked")
    Class<S> type = (Class<S>) load(spec.substring(0, eq));
    String factory = spec.substring(eq + 1);
    try {
      Supplier<?> supplier =
          (Supplier<?>)
              Class.forName(factory, true, ClassLoader.getSystemClassLoader())
                  .getConstructor()
                  .newInstance();
      builder.service(type, type.cast(supplier.get()));
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "cannot make the host service "
              + type.getName()
              + " with "
              + factory
              + " (a public class with a public no-argument constructor that implements"
              + " Supplier): "
              + e,
          e);
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
