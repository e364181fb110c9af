/**
 * The greeter plugin: answers {@code GET /hello?name=world} with {@code Hello, World!}.
 *
 * <p>An explicit module that exports nothing and only provides a route. It bundles java-semver
 * 0.10.2 (a plain jar, so an automatic module), which lives in this plugin's layer only. It
 * declares the {@code clock} capability in its manifest and obtains the host's clock in its setup.
 */
module augment.example.greeter {
  requires augment.api;
  requires augment.example.contract;
  requires com.github.zafarkhaja.semver;

  provides dev.augment.example.contract.Route with
      dev.augment.example.greeter.HelloRoute;
}
