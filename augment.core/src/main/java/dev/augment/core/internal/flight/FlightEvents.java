package dev.augment.core.internal.flight;

import dev.augment.core.LoadTiming;
import java.time.Duration;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** The event classes; loaded only by {@link Flight} when {@code jdk.jfr} is there. */
final class FlightEvents {

  private FlightEvents() {}

  /** Made on first use: making an event initializes JFR's metadata (see {@link Flight}). */
  private static final class Probe {
    static final HookDispatch HOOK = new HookDispatch();
  }

  static boolean initialized() {
    return FlightRecorder.isInitialized();
  }

  static void pluginLoad(String plugin, String version, String outcome, LoadTiming t) {
    PluginLoad e = new PluginLoad();
    if (!e.isEnabled()) {
      return;
    }
    e.plugin = plugin;
    e.version = version;
    e.outcome = outcome;
    e.prepare = t.prepare().toNanos();
    e.check = t.check().toNanos();
    e.define = t.define().toNanos();
    e.provider = t.provider().toNanos();
    e.setup = t.setup().toNanos();
    e.total = t.total().toNanos();
    e.commit();
  }

  static void reload(
      long startNanos, int added, int updated, int removed, int unchanged, int failed) {
    Reload e = new Reload();
    if (!e.isEnabled()) {
      return;
    }
    e.took = System.nanoTime() - startNanos;
    e.added = added;
    e.updated = updated;
    e.removed = removed;
    e.unchanged = unchanged;
    e.failed = failed;
    e.commit();
  }

  static void pluginUnload(String plugin, String version, Duration after, boolean leaked) {
    PluginUnload e = new PluginUnload();
    if (!e.isEnabled()) {
      return;
    }
    e.plugin = plugin;
    e.version = version;
    e.after = after.toNanos();
    e.leaked = leaked;
    e.commit();
  }

  static boolean hookDispatchEnabled() {
    return Probe.HOOK.isEnabled();
  }

  static void hookDispatch(String plugin, String eventType, long startNanos, boolean failed) {
    HookDispatch e = new HookDispatch();
    if (!e.isEnabled()) {
      return;
    }
    e.plugin = plugin;
    e.eventType = eventType;
    e.took = System.nanoTime() - startNanos;
    e.failed = failed;
    e.commit();
  }

  @Name("dev.augment.PluginLoad")
  @Label("Plugin Load")
  @Category("Augment")
  @Description("One plugin loaded or refused by a reload, with each step's duration")
  @StackTrace(false)
  static final class PluginLoad extends Event {
    @Label("Plugin")
    String plugin;

    @Label("Version")
    String version;

    @Label("Outcome")
    @Description("loaded, or the code of the rule that refused it")
    String outcome;

    @Label("Prepare")
    @Timespan
    long prepare;

    @Label("Check")
    @Timespan
    long check;

    @Label("Define")
    @Timespan
    long define;

    @Label("Provider")
    @Timespan
    long provider;

    @Label("Setup")
    @Timespan
    long setup;

    @Label("Total")
    @Timespan
    long total;
  }

  @Name("dev.augment.Reload")
  @Label("Reload")
  @Category("Augment")
  @Description("One reload of a host's plugin folders")
  @StackTrace(false)
  static final class Reload extends Event {
    @Label("Took")
    @Timespan
    long took;

    @Label("Added")
    int added;

    @Label("Updated")
    int updated;

    @Label("Removed")
    int removed;

    @Label("Unchanged")
    int unchanged;

    @Label("Failed")
    int failed;
  }

  @Name("dev.augment.PluginUnload")
  @Label("Plugin Unload")
  @Category("Augment")
  @Description("A dropped plugin's class loader collected, or the plugin reported as leaked")
  @StackTrace(false)
  static final class PluginUnload extends Event {
    @Label("Plugin")
    String plugin;

    @Label("Version")
    String version;

    @Label("After")
    @Timespan
    long after;

    @Label("Leaked")
    boolean leaked;
  }

  @Name("dev.augment.HookDispatch")
  @Label("Hook Dispatch")
  @Enabled(false)
  @Category("Augment")
  @Description("One handler call of a hook event")
  @StackTrace(false)
  static final class HookDispatch extends Event {
    @Label("Plugin")
    String plugin;

    @Label("Event Type")
    String eventType;

    @Label("Took")
    @Timespan
    long took;

    @Label("Failed")
    boolean failed;
  }
}
