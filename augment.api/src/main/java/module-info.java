/**
 * The Augment API: what a plugin and a host compile against.
 *
 * <p>This module holds the types that cross the boundary between a host and its plugins. It has no
 * dependency on {@code augment.core}, so a plugin never sees the host runtime. For now it holds the
 * stability markers ({@link dev.augment.api.Api}); the lifecycle, the plugin context, hooks and
 * capabilities follow.
 */
module augment.api {
  exports dev.augment.api;
}
