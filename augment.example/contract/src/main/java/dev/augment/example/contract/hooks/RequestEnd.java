package dev.augment.example.contract.hooks;

import dev.augment.api.Api;

/**
 * The host answered a request: the BitKraft {@code onRequestEnd} hook.
 *
 * @param target the request's path and query
 * @param status the response status: 200, 404 when no route matched, 500 when the route threw
 * @param nanos how long the request took
 */
@Api.Stable
public record RequestEnd(String target, int status, long nanos) {}
