package dev.augment.example.contract.hooks;

import dev.augment.api.Api;

/**
 * The host answered from its response cache: the BitKraft {@code onCacheHit} hook.
 *
 * @param key the cache key, the request's path and query
 */
@Api.Stable
public record CacheHit(String key) {}
