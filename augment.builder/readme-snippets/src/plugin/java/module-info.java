module com.acme.greeter {
  requires augment.api;
  requires augment.example.contract;

  provides dev.augment.example.contract.Route with
      com.acme.greeter.HelloRoute;
}
