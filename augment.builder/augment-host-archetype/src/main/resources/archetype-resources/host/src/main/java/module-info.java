/**
 * The host application: a {@link ${package}.host.Host} over a plugin folder, in watch mode, whose
 * plugins answer HTTP requests on 127.0.0.1 ({@code jdk.httpserver}).
 *
 * <p>It runs on the module path, as every Augment host must: the contract has to be a named module
 * for plugins to resolve against it. Exports nothing.
 */
module ${package}.host {
  requires augment.core;
  requires ${package}.contract;
  requires org.slf4j;
  requires jdk.httpserver;

  uses ${package}.contract.${contract};
}
