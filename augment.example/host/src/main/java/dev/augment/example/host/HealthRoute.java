package dev.augment.example.host;

import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;

/** The host's own route: {@code /health} answers {@code OK} while the host runs. */
public final class HealthRoute implements Route {

  /** Creates the route; the service loader calls this. */
  public HealthRoute() {}

  @Override
  public String path() {
    return "/health";
  }

  @Override
  public String handle(Request request) {
    return "OK";
  }
}
