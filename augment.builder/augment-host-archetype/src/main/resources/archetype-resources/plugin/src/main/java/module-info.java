/**
 * The ${pluginName} plugin: answers GET /${pluginName} for the host.
 *
 * <p>A plugin module exports nothing; it only provides the host's contract.
 */
module ${package}.${pluginName} {
  requires augment.api;
  requires ${package}.contract;

  provides ${package}.contract.${contract} with
      ${package}.${pluginName}.Sample${contract};
}
