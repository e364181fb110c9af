package dev.augment.api;

/**
 * A plugin's identity as its manifest states it.
 *
 * @param name the plugin's name
 * @param version the plugin's semantic version
 */
@Api.Stable
public record PluginInfo(String name, String version) {}
