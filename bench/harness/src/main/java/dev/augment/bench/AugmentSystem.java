package dev.augment.bench;

import dev.augment.bench.contract.Greeter;
import dev.augment.bench.contract.Ping;
import dev.augment.core.Capability;
import dev.augment.core.Plugin;
import dev.augment.core.ReloadReport;
import dev.augment.core.host.PluginHost;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Augment with its defaults: one {@link PluginHost} over the folder. */
final class AugmentSystem extends PluginSystem {

  private PluginHost<Greeter> host;

  @Override
  PluginFactory.Kind kind() {
    return PluginFactory.Kind.AUGMENT;
  }

  @Override
  Greeter start(Path folder, Path cache, int expected) {
    host =
        PluginHost.builder(Greeter.class)
            .folder(folder)
            .cacheDirectory(cache)
            // Only the hook benchmark's plugins declare it; defining it costs the others nothing.
            .capability(Capability.named(PluginFactory.CAPABILITY).events(Ping.class).build())
            .build();
    ReloadReport report = host.reload();
    List<Plugin<Greeter>> all = host.getAll();
    if (all.size() != expected) {
      throw new IllegalStateException(
          "Augment loaded " + all.size() + " of " + expected + " plugins: " + report.failures());
    }
    Greeter first = all.get(0).provider();
    first.greet("bench");
    return first;
  }

  /** The host, for the benchmarks that use more of its API. */
  PluginHost<Greeter> host() {
    return host;
  }

  @Override
  Map<String, Supplier<Object>> lookups(String someName) {
    Map<String, Supplier<Object>> lookups = new LinkedHashMap<>();
    lookups.put("getAll()", host::getAll);
    lookups.put("get(name)", () -> host.get(someName));
    lookups.put("find(name equals)", () -> host.find(m -> m.name().equals(someName)));
    return lookups;
  }

  @Override
  void reloadChanged(String name) {
    ReloadReport report = host.reload();
    if (report.updated().size() != 1 || !report.failures().isEmpty()) {
      throw new IllegalStateException("expected one update of " + name + ", got " + report);
    }
    host.get(name).orElseThrow().provider().greet("bench");
  }

  @Override
  boolean reloadUnchanged() {
    ReloadReport report = host.reload();
    if (!report.added().isEmpty() || !report.updated().isEmpty() || !report.removed().isEmpty()) {
      throw new IllegalStateException("expected no change, got " + report);
    }
    return true;
  }

  @Override
  public void close() {
    if (host != null) {
      host.close();
    }
  }
}
