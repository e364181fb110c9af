package dev.augment.example.legacy;

import com.github.zafarkhaja.semver.Version;
import dev.augment.api.Lifecycle;
import dev.augment.api.PluginContext;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import dev.augment.example.contract.hooks.RequestEnd;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Upper-cases the {@code text} query parameter: {@code /shout?text=hello} answers {@code HELLO};
 * {@code /shout?bump=1.2.3} answers {@code 1.2.3 -> 2.0.0}, with the java-semver it bundles.
 *
 * <p>With {@code stats=true} it answers how many requests it has seen end, counted through the
 * host's {@code RequestEnd} hook.
 *
 * <p>This plugin is a plain jar without {@code module-info}: Augment loads it as the automatic
 * module {@code augment.example.legacy} (its {@code Automatic-Module-Name}) and finds this class
 * through {@code META-INF/services}.
 */
public final class ShoutRoute implements Route, Lifecycle {

  private final AtomicLong requests = new AtomicLong();

  /** Creates the route; the host's service loader calls this. */
  public ShoutRoute() {}

  /**
   * Counts the requests the host answers, through the {@link RequestEnd} hook that the {@code
   * http.observe} capability grants.
   */
  @Override
  public void setup(PluginContext context) {
    context.hooks().on(RequestEnd.class, end -> requests.incrementAndGet());
  }

  @Override
  public String path() {
    return "/shout";
  }

  @Override
  public String handle(Request request) {
    if (Boolean.parseBoolean(request.query("stats", "false"))) {
      return "requests seen: " + requests.get();
    }
    String bump = request.query("bump", "");
    if (!bump.isBlank()) {
      // java-semver 0.10.0, bundled here: another version than the greeter's, in another layer.
      return bump + " -> " + Version.parse(bump).nextMajorVersion();
    }
    return request.query("text", "hello").toUpperCase(Locale.ROOT);
  }
}
