/**
 * The ${pluginName} plugin: answers GET ${route} for the example host.
 *
 * <p>A plugin module exports nothing; it only provides the host's contract.
 */
module ${package} {
  requires augment.api;
  requires augment.example.contract;

  provides dev.augment.example.contract.Route with
      ${package}.HelloRoute;
}
