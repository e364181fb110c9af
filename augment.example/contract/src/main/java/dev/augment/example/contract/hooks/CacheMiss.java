package dev.augment.example.contract.hooks;

import dev.augment.api.Api;

/**
 * The host found no cached answer: the BitKraft {@code onCacheMiss} hook.
 *
 * @param key the cache key, the request's path and query
 */
@Api.Stable
public record CacheMiss(String key) {}
