/**
 * The greeter plugin: answers {@code GET /hello?name=world} with {@code Hello, World!}.
 *
 * <p>An explicit module that exports nothing and only provides a route. It bundles commons-lang3
 * 3.18, an explicit module of its own, which lives in this plugin's layer only.
 */
module augment.example.greeter {
  requires augment.example.contract;
  requires org.apache.commons.lang3;

  provides dev.augment.example.contract.Route with
      dev.augment.example.greeter.HelloRoute;
}
