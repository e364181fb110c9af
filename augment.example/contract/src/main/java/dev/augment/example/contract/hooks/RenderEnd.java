package dev.augment.example.contract.hooks;

import dev.augment.api.Api;

/**
 * A route produced its answer: the BitKraft {@code onSSRRenderEnd} hook.
 *
 * @param route the path of the route that answered
 * @param nanos how long the route took
 */
@Api.Stable
public record RenderEnd(String route, long nanos) {}
