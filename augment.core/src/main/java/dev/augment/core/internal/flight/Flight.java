package dev.augment.core.internal.flight;

import dev.augment.api.Api;
import dev.augment.core.LoadTiming;
import java.time.Duration;

/**
 * Augment's Java Flight Recorder events, emitted only when {@code jdk.jfr} is in the host's boot
 * layer: {@code augment.core} reads it {@code static}, so an image linked without it runs, and
 * records nothing, without a linkage error. Every method is cheap when no recording asks for the
 * event (one volatile read in JFR).
 *
 * <p>No event class is touched before the Flight Recorder has been initialized (a recording started
 * with {@code -XX:StartFlightRecording}, {@code jcmd JFR.start} or the {@code Recording} API):
 * creating the first event of a JVM initializes JFR's metadata, about 500 ms on a 2-core machine,
 * which a host that never records must not pay at start-up ({@code FlightRecorder.isInitialized()}
 * costs a field read).
 *
 * <ul>
 *   <li>{@code dev.augment.PluginLoad}: one per plugin a reload loaded or refused, with each step's
 *       duration;
 *   <li>{@code dev.augment.Reload}: one per reload, with what it changed;
 *   <li>{@code dev.augment.PluginUnload}: one per dropped plugin, when its class loader was
 *       collected or it was reported as leaked;
 *   <li>{@code dev.augment.HookDispatch}: one per handler call of a hook event.
 * </ul>
 */
@Api.Internal
public final class Flight {

  private static final boolean ON = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

  private Flight() {}

  private static boolean recording() {
    return ON && FlightEvents.initialized();
  }

  /**
   * Records one plugin's load.
   *
   * @param plugin its name
   * @param version its version
   * @param outcome {@code loaded}, or the code of the rule that refused it
   * @param timing the steps' durations
   */
  public static void pluginLoad(String plugin, String version, String outcome, LoadTiming timing) {
    if (recording()) {
      FlightEvents.pluginLoad(plugin, version, outcome, timing);
    }
  }

  /**
   * Records one reload.
   *
   * @param startNanos {@link System#nanoTime()} when it started
   * @param added how many plugins it added
   * @param updated how many it updated
   * @param removed how many it removed
   * @param unchanged how many it kept
   * @param failed how many it refused
   */
  public static void reload(
      long startNanos, int added, int updated, int removed, int unchanged, int failed) {
    if (recording()) {
      FlightEvents.reload(startNanos, added, updated, removed, unchanged, failed);
    }
  }

  /**
   * Records what became of a dropped plugin.
   *
   * @param plugin its name
   * @param version its version
   * @param after how long after it was dropped
   * @param leaked {@code true} if it was reported as leaked, {@code false} if it was collected
   */
  public static void pluginUnload(String plugin, String version, Duration after, boolean leaked) {
    if (recording()) {
      FlightEvents.pluginUnload(plugin, version, after, leaked);
    }
  }

  /**
   * Tells whether hook dispatch is being recorded, so that a dispatcher reads the clock only then.
   *
   * @return {@code true} when a recording asks for {@code dev.augment.HookDispatch}
   */
  public static boolean hookDispatchRecorded() {
    return recording() && FlightEvents.hookDispatchEnabled();
  }

  /**
   * Records one handler call of a hook event.
   *
   * @param plugin the plugin whose handler ran
   * @param eventType the event's class name
   * @param startNanos {@link System#nanoTime()} before the call
   * @param failed {@code true} if the handler threw or overran
   */
  public static void hookDispatch(
      String plugin, String eventType, long startNanos, boolean failed) {
    if (recording()) {
      FlightEvents.hookDispatch(plugin, eventType, startNanos, failed);
    }
  }
}
