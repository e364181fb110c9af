/**
 * The access-log plugin: keeps the last requests the host answered, from the request hooks, and
 * serves them at {@code GET /access-log}. It declares the {@code http.observe} capability.
 */
module augment.example.accesslog {
  requires augment.api;
  requires augment.example.contract;

  provides dev.augment.example.contract.Route with
      dev.augment.example.accesslog.AccessLogRoute;
}
