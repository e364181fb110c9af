/**
 * The Augment API: what a plugin and a host compile against.
 *
 * <p>This module holds the types that cross the boundary between a host and its plugins: the {@link
 * dev.augment.api.Lifecycle} a provider may implement, the read-only {@link
 * dev.augment.api.PluginContext} it receives, {@link dev.augment.api.Hooks} to observe the host's
 * events, and the stability markers ({@link dev.augment.api.Api}). It has no dependency on {@code
 * augment.core}, so a plugin never sees the host runtime.
 */
module augment.api {
  requires transitive org.slf4j;

  exports dev.augment.api;
}
