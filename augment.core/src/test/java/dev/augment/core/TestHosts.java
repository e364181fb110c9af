package dev.augment.core;

import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import dev.augment.fixtures.Fixtures;
import java.nio.file.Path;

/** Hosts for the fixture contract, with their cache in a test's temporary folder. */
final class TestHosts {

  private TestHosts() {}

  /** A host over {@code folders} whose layer is the fixtures' host layer. */
  static PluginHostBuilder<Object> builder(Path tmp, Path... folders) {
    PluginHostBuilder<Object> b =
        PluginHost.builder(Fixtures.contract())
            .parentLayer(Fixtures.hostLayer())
            .cacheDirectory(tmp.resolve("cache"));
    for (Path folder : folders) {
      b.folder(folder);
    }
    return b;
  }
}
