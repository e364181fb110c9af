/**
 * The types Augment's host API hands out: manifests, versions and ranges, plugin records and
 * failures, capabilities, the bytecode policy, hooks. Start with {@link
 * dev.augment.core.host.PluginHost} in {@code dev.augment.core.host}.
 */
package dev.augment.core;
