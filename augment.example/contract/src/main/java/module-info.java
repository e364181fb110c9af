/**
 * The example host's contract: a {@link dev.augment.example.contract.Route} answers one request
 * path.
 *
 * <p>The host and every plugin read this module; the host's boot layer holds it, and a plugin must
 * not carry a copy of it. Plugins implement {@link dev.augment.example.contract.Route} and declare
 * it with {@code provides dev.augment.example.contract.Route with ...} (explicit modules) or in
 * {@code META-INF/services} (plain jars).
 *
 * <p>{@code dev.augment.example.contract.hooks} holds the events the host emits: request start and
 * end, render start and end, cache hit and miss, and request errors.
 *
 * <p>The stability markers of {@code augment.api} appear on the exported types, hence {@code
 * transitive}; they have {@code CLASS} retention, so the module is needed to compile against this
 * one but not to run it, hence {@code static}.
 */
module augment.example.contract {
  requires static transitive augment.api;

  exports dev.augment.example.contract;
  exports dev.augment.example.contract.hooks;
}
