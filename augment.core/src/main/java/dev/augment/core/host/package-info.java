/**
 * The host's entry points: {@link dev.augment.core.host.PluginHost} manages every plugin of one or
 * more folders, {@link dev.augment.core.host.Layers} loads a single plugin.
 *
 * <p>The types they hand out (manifests, failures, capabilities, versions) live in {@code
 * dev.augment.core}; the parts that do the work live in {@code dev.augment.core.internal.*}. This
 * package sits on top of both, so that no package cycle runs between the API and the internals.
 */
package dev.augment.core.host;
