/**
 * The Augment host runtime.
 *
 * <p>A host puts this module on its module path and either loads one plugin with {@link
 * dev.augment.core.host.Layers#load(java.nio.file.Path)} or runs a {@link
 * dev.augment.core.host.PluginHost} over one or more plugin folders. Each plugin lives in its own
 * {@link java.lang.ModuleLayer} whose parent is the host's layer.
 *
 * <p>{@code dev.augment.core.host} holds the entry points and {@code dev.augment.core} the values
 * they hand out; both are exported. The parts behind them live in {@code
 * dev.augment.core.internal.*}; only the load pipeline and the values it carries are exported, and
 * only to the builder's {@code augment.tools}, so that the verifier runs the host's own checks:
 *
 * <ul>
 *   <li>{@code internal.pipeline}: the one sequence of steps every plugin goes through, and the
 *       rule for duplicate names;
 *   <li>{@code internal.plugin}: the per-plugin values the steps carry (source, cache entry,
 *       manifest, modules, grants) and the failure sink;
 *   <li>{@code internal.discovery}: finds plugin folders and zips, and watches folders;
 *   <li>{@code internal.archive}: the host-owned, content-addressed cache;
 *   <li>{@code internal.manifest}: reads {@code plugin.manifest.json} and host descriptions;
 *   <li>{@code internal.checks}: one class per rule family (compatibility, capabilities, shadowing,
 *       entry module, packages, provider, grants and policy);
 *   <li>{@code internal.policy}: reads class files with ASM for the bytecode policy;
 *   <li>{@code internal.layer}: lists modules, resolves them, defines one layer per plugin;
 *   <li>{@code internal.lifecycle}, {@code internal.hooks}: setup, teardown, context, hooks, unload
 *       tracking;
 *   <li>{@code internal.host}: a host's reloads, its registry and what a reload changed;
 *   <li>{@code internal.flight}: Java Flight Recorder events for loads, reloads, unloads and hook
 *       dispatch.
 * </ul>
 */
module augment.core {
  requires transitive augment.api;
  requires tools.jackson.databind;
  requires org.slf4j;
  requires org.objectweb.asm;
  // Flight recorder events when the host has jdk.jfr; an image without it runs all the same.
  requires static jdk.jfr;

  exports dev.augment.core;
  exports dev.augment.core.host;
  // The builder's verifier and command line run the host's own pipeline, without loading.
  exports dev.augment.core.internal.pipeline to
      augment.tools;
  exports dev.augment.core.internal.plugin to
      augment.tools;
  exports dev.augment.core.internal.discovery to
      augment.tools;
}
