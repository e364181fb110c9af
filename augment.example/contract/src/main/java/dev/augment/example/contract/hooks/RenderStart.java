package dev.augment.example.contract.hooks;

import dev.augment.api.Api;

/**
 * A route starts producing its answer: the BitKraft {@code onSSRRenderStart} hook.
 *
 * @param route the path of the route about to answer
 */
@Api.Stable
public record RenderStart(String route) {}
