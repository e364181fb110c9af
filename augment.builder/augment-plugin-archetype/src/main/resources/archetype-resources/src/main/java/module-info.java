/**
 * The ${pluginName} plugin: provides {@code ${contractInterface}} for its host.
 *
 * <p>A plugin module exports nothing; it only provides the host's contract.
 */
module ${package} {
  requires augment.api;
  requires ${contractModule};

  provides ${contractInterface} with
      ${package}.${className};
}
