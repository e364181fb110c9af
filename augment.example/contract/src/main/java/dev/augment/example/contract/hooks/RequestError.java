package dev.augment.example.contract.hooks;

import dev.augment.api.Api;

/**
 * A route threw while answering: the BitKraft {@code onError} hook for requests.
 *
 * @param target the request's path and query
 * @param error what the route threw
 */
@Api.Stable
public record RequestError(String target, Throwable error) {}
