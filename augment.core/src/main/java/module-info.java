/**
 * The Augment host runtime.
 *
 * <p>A host puts this module on its module path and either loads one plugin with {@link
 * dev.augment.core.host.Layers#load(java.nio.file.Path)} or runs a {@link
 * dev.augment.core.host.PluginHost} over one or more plugin folders. Each plugin lives in its own
 * {@link java.lang.ModuleLayer} whose parent is the host's layer.
 *
 * <p>{@code dev.augment.core.host} holds the entry points and {@code dev.augment.core} the types
 * they hand out; both are exported. The parts behind them live in {@code
 * dev.augment.core.internal.*}, exported only to the builder's {@code augment.tools}:
 *
 * <ul>
 *   <li>{@code internal.discovery}: finds plugin folders and zips in the host's folders;
 *   <li>{@code internal.archive}: extracts zips into the host-owned, content-addressed cache;
 *   <li>{@code internal.manifest}: reads and validates {@code plugin.manifest.json};
 *   <li>{@code internal.layer}: builds one layer per plugin and finds its own providers;
 *   <li>{@code internal.host}: loads candidates in parallel and keeps the registry.
 * </ul>
 */
module augment.core {
  requires transitive augment.api;
  requires tools.jackson.databind;
  requires org.slf4j;
  requires org.objectweb.asm;

  exports dev.augment.core;
  exports dev.augment.core.host;
  // The builder's verifier runs the same checks as a host, without loading the plugin.
  exports dev.augment.core.internal.archive to
      augment.tools;
  exports dev.augment.core.internal.checks to
      augment.tools;
  exports dev.augment.core.internal.host to
      augment.tools;
  exports dev.augment.core.internal.layer to
      augment.tools;
  exports dev.augment.core.internal.policy to
      augment.tools;
}
