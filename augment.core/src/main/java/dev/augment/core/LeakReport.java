package dev.augment.core;

import dev.augment.api.Api;
import java.time.Duration;
import java.util.List;

/**
 * A dropped plugin whose class loader was not collected in time: something still holds it.
 *
 * <p>Augment reports a leak only after the limit and after a collection that can unload classes, so
 * a report is proof, not a guess. It names what it can see: live threads whose context class loader
 * is the plugin's, threads that are instances of the plugin's classes, and threads running the
 * plugin's code, told apart from another copy of the same module (such as the new version of an
 * updated plugin) by module version and class loader. A leak without a suspect is held by a
 * reference Augment cannot see, such as a host object keeping a plugin's provider or a static cache
 * keyed by a plugin class; {@code docs/reload.md} lists the usual ones.
 *
 * @param plugin the plugin's name
 * @param version the version that was dropped
 * @param waited from the moment the host let go of the plugin to the collection that decided it
 * @param suspects what holds the class loader, one line each; may be empty
 */
@Api.Stable
public record LeakReport(String plugin, Version version, Duration waited, List<String> suspects) {

  /**
   * Creates a report and copies the suspects.
   *
   * @param plugin see the record description
   * @param version see the record description
   * @param waited see the record description
   * @param suspects see the record description
   */
  public LeakReport {
    suspects = List.copyOf(suspects);
  }

  /**
   * Describes the leak in one message, for logs.
   *
   * @return the message
   */
  public String message() {
    return "plugin '"
        + plugin
        + "' version "
        + version
        + " was dropped but its class loader is still reachable after "
        + waited.toMillis()
        + " ms"
        + (suspects.isEmpty()
            ? "; no live thread holds it: look for references from host code or static caches"
            : "; suspects: " + String.join("; ", suspects));
  }
}
