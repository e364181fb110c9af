package dev.augment.bench;

import dev.augment.bench.contract.Greeter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One of the systems under test, as a child JVM drives it: load a folder of plugins, look their
 * providers up, replace one.
 *
 * <p>Each implementation keeps its framework's types to itself, so that a child JVM only needs the
 * jars of the system it runs.
 */
abstract class PluginSystem implements AutoCloseable {

  /** The system of a name: {@code augment}, {@code pf4j} or {@code jdk}. */
  static PluginSystem named(String name) {
    return switch (name) {
      case "augment" -> new AugmentSystem();
      case "pf4j" -> new Pf4jSystem();
      case "jdk" -> new JdkSystem();
      default -> throw new IllegalArgumentException("unknown system " + name);
    };
  }

  /** The kind of plugin this system loads. */
  abstract PluginFactory.Kind kind();

  /**
   * Loads and starts every plugin in a folder and looks the providers up once.
   *
   * @param folder the plugins, as {@link PluginFactory} wrote them
   * @param cache a folder the system may extract zips into (Augment's cache)
   * @return the first provider, called once
   * @throws IllegalStateException if not exactly {@code expected} plugins loaded
   */
  abstract Greeter start(Path folder, Path cache, int expected);

  /** The lookups worth timing, by the name the report gives them. */
  abstract Map<String, Supplier<Object>> lookups(String someName);

  /**
   * Brings in the new version of one plugin, whose file was just replaced in the folder, and looks
   * its provider up.
   */
  abstract void reloadChanged(String name);

  /** A reload with nothing changed; false when the system has no such thing. */
  boolean reloadUnchanged() {
    return false;
  }

  @Override
  public abstract void close();
}
