package dev.augment.core;

import dev.augment.api.Api;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A loaded plugin as the host sees it: its manifest and its provider of the contract.
 *
 * <p>The provider is the plugin's own object; calling it costs what any interface call costs.
 *
 * @param <T> the contract type
 * @param manifest the plugin's manifest
 * @param provider the plugin's provider of the contract
 * @param source the folder or zip the plugin was loaded from
 */
@Api.Stable
public record Plugin<T>(PluginManifest manifest, T provider, Path source) {

  /**
   * Creates a plugin record.
   *
   * @param manifest see the record description
   * @param provider see the record description
   * @param source see the record description
   * @throws NullPointerException if an argument is null
   */
  public Plugin {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(source, "source");
  }

  /**
   * Returns the plugin's name, from its manifest.
   *
   * @return the name
   */
  public String name() {
    return manifest.name();
  }
}
