package dev.augment.example.legacy;

import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import org.apache.commons.lang3.StringUtils;

/**
 * Upper-cases the {@code text} query parameter: {@code /shout?text=hello} answers {@code HELLO}.
 *
 * <p>This plugin is a plain jar without {@code module-info}: Augment loads it as the automatic
 * module {@code augment.example.legacy} (its {@code Automatic-Module-Name}) and finds this class
 * through {@code META-INF/services}.
 */
public final class ShoutRoute implements Route {

  /** Creates the route; the host's service loader calls this. */
  public ShoutRoute() {}

  @Override
  public String path() {
    return "/shout";
  }

  @Override
  public String handle(Request request) {
    return StringUtils.upperCase(request.query("text", "hello"));
  }
}
