/**
 * Augment's host API: load plugins into module layers and get their providers of a contract.
 *
 * <p>Start with {@link dev.augment.core.PluginHost} to manage every plugin of one or more folders,
 * or with {@link dev.augment.core.Layers} to load a single plugin.
 */
package dev.augment.core;
