package com.acme.greeter;

import dev.augment.api.Lifecycle;
import dev.augment.api.PluginContext;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import dev.augment.example.contract.hooks.RequestEnd;

public final class HelloRoute implements Route, Lifecycle {

  @Override
  public void setup(PluginContext context) { // runs before the host sees the plugin
    context.hooks().on(RequestEnd.class, e -> context.logger().info("{} {}", e.target(), e.status()));
  }

  @Override
  public String path() {
    return "/hello";
  }

  @Override
  public String handle(Request request) {
    return "Hello, " + request.query("name", "you") + "!";
  }
}
