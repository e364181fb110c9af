package dev.augment.bench;

import dev.augment.bench.contract.Greeter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;

/** PF4J 3.15 with its defaults: a {@link DefaultPluginManager} over a folder of zips. */
final class Pf4jSystem extends PluginSystem {

  private PluginManager manager;
  private Path folder;

  @Override
  PluginFactory.Kind kind() {
    return PluginFactory.Kind.PF4J;
  }

  @Override
  Greeter start(Path folder, Path cache, int expected) {
    this.folder = folder;
    manager = new DefaultPluginManager(folder);
    manager.loadPlugins();
    manager.startPlugins();
    List<Greeter> all = manager.getExtensions(Greeter.class);
    if (all.size() != expected) {
      throw new IllegalStateException("PF4J loaded " + all.size() + " of " + expected);
    }
    Greeter first = all.get(0);
    first.greet("bench");
    return first;
  }

  @Override
  Map<String, Supplier<Object>> lookups(String someName) {
    return Map.of(
        "getExtensions(type)",
        () -> manager.getExtensions(Greeter.class),
        "getExtensions(type, id)",
        () -> manager.getExtensions(Greeter.class, someName));
  }

  @Override
  void reloadChanged(String name) {
    // PF4J has no folder reload: replacing one plugin is stop, unload, load (which re-extracts the
    // newer zip) and start, then a lookup of the new extension.
    manager.stopPlugin(name);
    manager.unloadPlugin(name);
    manager.loadPlugin(folder.resolve(name + ".zip"));
    manager.startPlugin(name);
    manager.getExtensions(Greeter.class, name).get(0).greet("bench");
  }

  @Override
  public void close() {
    // Nothing: PF4J 3.15's stopPlugins() throws ConcurrentModificationException (it stops plugins
    // while iterating over the list that stopping changes), and the child JVM exits next anyway.
  }
}
