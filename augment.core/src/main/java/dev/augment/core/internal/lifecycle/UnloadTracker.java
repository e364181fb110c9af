package dev.augment.core.internal.lifecycle;

import dev.augment.core.LeakReport;
import dev.augment.core.Version;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that dropped plugins unload: watches each dropped plugin's class loader through a weak
 * reference until the garbage collector clears it, and reports a leak when it is still reachable
 * after the time limit.
 *
 * <p>Young collections alone do not unload classes, so the tracker asks for a full collection
 * ({@link System#gc()}) while anything is pending, at most every {@value #GC_EVERY_MILLIS} ms. It
 * runs on one daemon thread that exists only while something is pending, and holds nothing of a
 * plugin but the weak reference and strings.
 */
public final class UnloadTracker {

  private static final Logger LOG = LoggerFactory.getLogger(UnloadTracker.class);
  static final long GC_EVERY_MILLIS = 200;
  private static final long POLL_MILLIS = 50;

  private record Pending(
      String plugin,
      Version version,
      Set<String> modules,
      WeakReference<ClassLoader> loader,
      long since) {}

  private final Duration limit;
  private final Consumer<LeakReport> onLeak;
  private final List<Pending> pending = new CopyOnWriteArrayList<>();
  private final List<LeakReport> leaks = new CopyOnWriteArrayList<>();
  private Thread thread;

  /**
   * Creates a tracker.
   *
   * @param limit how long a dropped plugin may take to be collected
   * @param onLeak told about every leak, on the tracker's thread
   */
  public UnloadTracker(Duration limit, Consumer<LeakReport> onLeak) {
    this.limit = limit;
    this.onLeak = onLeak;
  }

  /**
   * Starts watching a dropped plugin's class loader.
   *
   * @param plugin the plugin's name
   * @param version the dropped version
   * @param layer the dropped layer; only its loader is kept, weakly, and its module names
   */
  public void track(String plugin, Version version, ModuleLayer layer) {
    Set<String> modules =
        layer.modules().stream().map(Module::getName).collect(java.util.stream.Collectors.toSet());
    ClassLoader loader = layer.modules().iterator().next().getClassLoader();
    pending.add(
        new Pending(plugin, version, modules, new WeakReference<>(loader), System.nanoTime()));
    ensureRunning();
  }

  private synchronized void ensureRunning() {
    if (thread == null) {
      thread = new Thread(this::watch, "augment-unload-watch");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void watch() {
    long lastGc = 0;
    while (true) {
      synchronized (this) {
        // Decided under the lock that track() takes, so a plugin tracked now is never missed.
        if (pending.isEmpty()) {
          thread = null;
          return;
        }
      }
      long now = System.nanoTime();
      if ((now - lastGc) / 1_000_000 >= GC_EVERY_MILLIS) {
        System.gc();
        lastGc = System.nanoTime();
      }
      for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
        Pending p = it.next();
        if (p.loader().get() == null) {
          pending.remove(p);
          LOG.debug("Plugin {}@{} unloaded", p.plugin(), p.version());
        } else if (Duration.ofNanos(now - p.since()).compareTo(limit) > 0) {
          pending.remove(p);
          report(p);
        }
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        synchronized (this) {
          thread = null;
        }
        return;
      }
    }
  }

  private void report(Pending p) {
    ClassLoader loader = p.loader().get();
    List<String> suspects = loader == null ? List.of() : suspects(p, loader);
    LeakReport leak =
        new LeakReport(
            p.plugin(), p.version(), Duration.ofNanos(System.nanoTime() - p.since()), suspects);
    leaks.add(leak);
    LOG.warn("Leak: {}", leak.message());
    try {
      onLeak.accept(leak);
    } catch (RuntimeException e) {
      LOG.warn("A leak listener threw", e);
    }
  }

  private static List<String> suspects(Pending p, ClassLoader loader) {
    List<String> found = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread t = e.getKey();
      String name = "thread '" + t.getName() + "'";
      if (t.getClass().getClassLoader() == loader) {
        found.add(name + " is a " + t.getClass().getName() + " of the plugin and still runs");
      } else if (t.getContextClassLoader() == loader) {
        found.add(name + " has the plugin's class loader as its context class loader");
      }
      for (StackTraceElement frame : e.getValue()) {
        // Any module of the plugin counts, bundled libraries too, whatever their own version.
        if (frame.getModuleName() != null && p.modules().contains(frame.getModuleName())) {
          found.add(name + " runs plugin code: " + frame);
          break;
        }
      }
    }
    return found;
  }

  /**
   * Returns every leak reported so far.
   *
   * @return the leaks, oldest first
   */
  public List<LeakReport> leaks() {
    return List.copyOf(leaks);
  }
}
