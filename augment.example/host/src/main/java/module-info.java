/**
 * The example host: loads every plugin of a folder into its own layer and calls their routes.
 *
 * <p>It has a route of its own, {@code /health}, declared here like any plugin's; a plugin layer's
 * {@code services(Route.class)} must never return it, although a plain {@code ServiceLoader} over a
 * plugin layer does, because it also walks the parent (this) layer.
 *
 * <p>{@code Main} calls every plugin once; {@code Server} is the demo, an HTTP service on 127.0.0.1
 * whose routes plugins answer, on Jetty: {@code java -p target/modules -m
 * augment.example.host/dev.augment.example.host.Server --plugins target/plugins}. Exports nothing.
 */
module augment.example.host {
  requires augment.core;
  requires augment.example.contract;
  requires org.slf4j;
  requires org.eclipse.jetty.server;

  uses dev.augment.example.contract.Route;

  provides dev.augment.example.contract.Route with
      dev.augment.example.host.HealthRoute;
}
