package dev.augment.example.contract.hooks;

import dev.augment.api.Api;

/**
 * The host received a request: the BitKraft {@code onRequestStart} hook.
 *
 * @param target the request's path and query, such as {@code /hello?name=world}
 */
@Api.Stable
public record RequestStart(String target) {}
