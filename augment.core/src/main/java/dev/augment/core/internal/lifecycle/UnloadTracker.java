package dev.augment.core.internal.lifecycle;

import dev.augment.api.Api;
import dev.augment.core.LeakReport;
import dev.augment.core.Version;
import dev.augment.core.internal.flight.Flight;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that dropped plugins unload: watches each dropped plugin's class loaders through weak
 * references, and reports a leak when one is still reachable after the limit and after a collection
 * that can unload classes.
 *
 * <p>Each plugin's clock starts when {@link #track} is called. The tracker learns of a collected
 * loader from a {@link ReferenceQueue}, and of a collection that unloads classes from a {@link
 * GcCanary} made once a plugin's limit has passed; it never polls. A plugin collected before its
 * limit costs nothing. One still reachable at its limit is decided at the next collection that
 * unloads classes: with {@link GcPolicy#ONCE} the tracker asks for one ({@link System#gc()}), at
 * most once per plugin and at most once per {@link Options#gcInterval()} for all plugins together,
 * so plugins whose limits fall close together share one; with {@link GcPolicy#NEVER} it waits for
 * the JVM's own. A leak is therefore never reported on a collection that could not have unloaded
 * the plugin. A plugin that such a collection found reachable is reported at the next one, which it
 * does not ask for (another plugin's, or the JVM's), so that a reference held only at the instant
 * of the first is not a leak; if none comes within its limit and the GC interval, the first one
 * decides.
 *
 * <p>Its one daemon thread, {@code augment-unload-watch}, exists only while something is pending,
 * and sleeps until the next limit or reference. It holds nothing of a plugin but weak references
 * and strings.
 */
@Api.Internal
public final class UnloadTracker {

  private static final Logger LOG = LoggerFactory.getLogger(UnloadTracker.class);

  /**
   * Longest limit honoured; longer ones are shortened to it so clock arithmetic cannot overflow.
   */
  private static final Duration LONGEST = Duration.ofDays(365L * 100);

  /** Whether the tracker may ask the JVM for a full collection. */
  public enum GcPolicy {
    /** Never call {@link System#gc()}; leaks are decided at the JVM's own class unloading. */
    NEVER,
    /** Ask once for a plugin still reachable at its limit, within the rate bound. */
    ONCE
  }

  /**
   * How the tracker decides.
   *
   * @param limit how long a dropped plugin may take to be collected; positive
   * @param gc whether to ask for a full collection at a plugin's limit
   * @param gcInterval the shortest time between two requested collections, for all plugins
   * @param fullGc what asking means, {@link System#gc()} outside tests
   * @param onUnloaded called on the tracker's thread after a pass that saw plugins unload, so that
   *     other bookkeeping of dropped layers can be let go of at once
   */
  public record Options(
      Duration limit, GcPolicy gc, Duration gcInterval, Runnable fullGc, Runnable onUnloaded) {

    /**
     * Checks the options.
     *
     * @param limit see the record description
     * @param gc see the record description
     * @param gcInterval see the record description
     * @param fullGc see the record description
     * @param onUnloaded see the record description
     * @throws IllegalArgumentException if the limit is not positive or the interval negative
     */
    public Options {
      Objects.requireNonNull(gc, "gc");
      Objects.requireNonNull(fullGc, "fullGc");
      Objects.requireNonNull(onUnloaded, "onUnloaded");
      if (limit.isNegative() || limit.isZero()) {
        throw new IllegalArgumentException("the unload limit must be positive: " + limit);
      }
      if (gcInterval.isNegative()) {
        throw new IllegalArgumentException("the GC interval must not be negative: " + gcInterval);
      }
    }

    /**
     * The defaults for a limit: {@link GcPolicy#ONCE}, at most one requested collection per limit.
     *
     * @param limit how long a dropped plugin may take to be collected
     * @return the options
     * @throws IllegalArgumentException if the limit is not positive
     */
    public static Options of(Duration limit) {
      return new Options(limit, GcPolicy.ONCE, limit, System::gc, () -> {});
    }

    /**
     * Returns these options with another GC policy.
     *
     * @param policy the policy
     * @return the new options
     */
    public Options withGc(GcPolicy policy) {
      return new Options(limit, policy, gcInterval, fullGc, onUnloaded);
    }

    /**
     * Returns these options with another shortest time between requested collections.
     *
     * @param interval the interval; zero for no bound
     * @return the new options
     * @throws IllegalArgumentException if it is negative
     */
    public Options withGcInterval(Duration interval) {
      return new Options(limit, gc, interval, fullGc, onUnloaded);
    }

    /**
     * Returns these options with another way to ask for a full collection, for tests.
     *
     * @param gc called instead of {@link System#gc()}
     * @return the new options
     */
    public Options withFullGc(Runnable gc) {
      return new Options(limit, this.gc, gcInterval, gc, onUnloaded);
    }

    /**
     * Returns these options with something to run after a pass that saw plugins unload.
     *
     * @param action run on the tracker's thread; what it throws is logged
     * @return the new options
     */
    public Options withOnUnloaded(Runnable action) {
      return new Options(limit, gc, gcInterval, fullGc, action);
    }
  }

  /** One dropped plugin; only the watcher thread reads or changes it once it is queued. */
  private static final class Pending {
    final String plugin;
    final Version version;
    final LeakSuspects suspects;
    final List<WeakReference<ClassLoader>> loaders = new ArrayList<>();

    /** The loaders of the layers it was built on: a dependency is held by it until it goes. */
    final List<WeakReference<ClassLoader>> parents = new ArrayList<>();

    final long since;
    long deadline;

    /** Set when a dependent built on it was reported as a leak: it is named there. */
    boolean heldByLeak;

    long canary = -1;
    boolean gcAsked;

    /**
     * Set once a collection after the limit found it reachable: the time by which a second one must
     * confirm that, else the first one's verdict stands. Zero before.
     */
    long confirmBy;

    Pending(String plugin, Version version, LeakSuspects suspects, long since, long deadline) {
      this.plugin = plugin;
      this.version = version;
      this.suspects = suspects;
      this.since = since;
      this.deadline = deadline;
    }

    boolean collected() {
      return loaders.stream().allMatch(r -> r.refersTo(null));
    }

    /** Whether this plugin's layer was built on a layer of {@code other}. */
    boolean builtOn(Pending other) {
      for (WeakReference<ClassLoader> mine : parents) {
        for (WeakReference<ClassLoader> theirs : other.loaders) {
          ClassLoader loader = theirs.get();
          if (loader != null && mine.refersTo(loader)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** Enqueued by hand to wake the watcher; refers to nothing. */
  private static final class Wake extends WeakReference<Object> {
    Wake(ReferenceQueue<Object> queue) {
      super(null, queue);
    }
  }

  private final Options options;
  private final long limitNanos;

  /** How long a second collection may take to confirm a leak: a limit and a GC interval. */
  private final long confirmNanos;

  private final Consumer<LeakReport> onLeak;
  private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
  private final ConcurrentLinkedQueue<Pending> incoming = new ConcurrentLinkedQueue<>();
  private final List<LeakReport> leaks = new CopyOnWriteArrayList<>();

  /** Whether the pass now running named a dependency in a dependent's leak report. */
  private boolean heldSinceLastPass;

  private final AtomicInteger tracked = new AtomicInteger();
  private final AtomicLong unloaded = new AtomicLong();
  private final AtomicLong wakeups = new AtomicLong();
  private final AtomicLong gcRequests = new AtomicLong();
  private final Object lock = new Object();

  // Watcher state: read and written by the one watcher thread; handed to the next one under lock.
  private final List<Pending> pending = new ArrayList<>();
  private GcCanary canary;
  private long canaryMadeAt;
  private long canaries;
  private long lastGc;
  private boolean gcEver;
  private boolean gcIneffectiveLogged;

  private Thread thread; // guarded by lock

  /**
   * Creates a tracker with the {@linkplain Options#of default options} for a limit.
   *
   * @param limit how long a dropped plugin may take to be collected
   * @param onLeak told about every leak, on the tracker's thread
   * @throws IllegalArgumentException if the limit is not positive
   */
  public UnloadTracker(Duration limit, Consumer<LeakReport> onLeak) {
    this(Options.of(limit), onLeak);
  }

  /**
   * Creates a tracker.
   *
   * @param options the limit and the GC policy
   * @param onLeak told about every leak, on the tracker's thread
   */
  public UnloadTracker(Options options, Consumer<LeakReport> onLeak) {
    this.options = options;
    this.limitNanos = nanos(options.limit());
    this.confirmNanos = limitNanos + nanos(options.gcInterval());
    this.onLeak = Objects.requireNonNull(onLeak, "onLeak");
  }

  /**
   * A duration in nanoseconds, shortened to {@link #LONGEST} so clock arithmetic cannot overflow.
   */
  private static long nanos(Duration d) {
    return (d.compareTo(LONGEST) > 0 ? LONGEST : d).toNanos();
  }

  /**
   * Starts watching a dropped plugin's class loaders; its clock starts now. Call it once the host
   * holds nothing of the plugin any more. It does not block and returns at once.
   *
   * @param plugin the plugin's name
   * @param version the dropped version
   * @param layer the dropped layer; only its loaders are kept, weakly, and strings about its
   *     modules
   */
  public void track(String plugin, Version version, ModuleLayer layer) {
    long now = System.nanoTime();
    Pending p = new Pending(plugin, version, LeakSuspects.of(layer), now, now + limitNanos);
    Set<ClassLoader> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Module m : layer.modules()) {
      ClassLoader loader = m.getClassLoader();
      if (loader != null && seen.add(loader)) {
        p.loaders.add(new WeakReference<>(loader, queue));
      }
    }
    if (p.loaders.isEmpty()) {
      return; // nothing of its own to unload: an empty layer
    }
    ancestors(layer, seen, p.parents);
    tracked.incrementAndGet();
    incoming.add(p);
    synchronized (lock) {
      if (thread == null) {
        // Inherits neither thread locals nor the caller's context loader, which may be a plugin's.
        thread = new Thread(null, this::watch, "augment-unload-watch", 0, false);
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        thread.start();
      } else {
        new Wake(queue).enqueue();
      }
    }
  }

  /** The loaders of every layer above {@code layer}, weakly, each once. */
  private static void ancestors(
      ModuleLayer layer, Set<ClassLoader> seen, List<WeakReference<ClassLoader>> out) {
    for (ModuleLayer parent : layer.parents()) {
      for (Module m : parent.modules()) {
        ClassLoader loader = m.getClassLoader();
        if (loader != null && seen.add(loader)) {
          out.add(new WeakReference<>(loader));
        }
      }
      ancestors(parent, seen, out);
    }
  }

  private void watch() {
    try {
      while (true) {
        for (Pending p; (p = incoming.poll()) != null; ) {
          pending.add(p);
        }
        while (queue.poll() != null) {
          // A collected loader, a fallen canary or a wake call: the pass below looks at all.
        }
        long before = unloaded.get();
        long waitNanos = pass();
        if (unloaded.get() != before) {
          try {
            options.onUnloaded().run();
          } catch (RuntimeException e) {
            LOG.warn("After plugins unloaded: {}", e.toString());
          }
        }
        if (waitNanos == 0) {
          continue;
        }
        synchronized (lock) {
          // Decided under the lock that track() takes, so a plugin tracked now is never missed.
          if (pending.isEmpty() && incoming.isEmpty()) {
            thread = null;
            canary = null;
            return;
          }
        }
        queue.remove(waitNanos == Long.MAX_VALUE ? 0 : Math.max(1, waitNanos / 1_000_000));
        wakeups.incrementAndGet();
      }
    } catch (InterruptedException e) {
      // Whoever interrupted wants the thread gone; what is pending waits for the next track().
      synchronized (lock) {
        thread = null;
      }
    }
  }

  /**
   * Settles what can be settled now.
   *
   * @return how long to sleep in nanoseconds, {@link Long#MAX_VALUE} for until woken, 0 to pass
   *     again at once
   */
  private long pass() {
    long now = System.nanoTime();
    // Read the canary before the loaders: a collection between the two reads must not look like
    // a canary that fell while a loader survived.
    long fallen = canary != null && canary.fell() ? canary.seq() : -1;
    long waitNanos = Long.MAX_VALUE;
    boolean askGc = false;
    heldSinceLastPass = false;
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.heldByLeak) {
        it.remove();
        settled();
        continue;
      }
      if (p.collected()) {
        it.remove();
        settled();
        unloaded.incrementAndGet();
        LOG.debug(
            "Plugin {}@{} unloaded after {} ms", p.plugin, p.version, (now - p.since) / 1_000_000);
        Flight.pluginUnload(
            p.plugin, String.valueOf(p.version), Duration.ofNanos(now - p.since), false);
      } else if (now - p.deadline < 0) {
        waitNanos = Math.min(waitNanos, p.deadline - now);
      } else if (p.canary >= 0 && fallen >= p.canary) {
        Optional<Pending> dependent = dependentOf(p);
        if (dependent.isPresent()) {
          // A dependent dropped with it still holds its layer as a parent: its verdict decides.
          p.canary = -1;
          p.deadline = Math.max(p.deadline, dependent.get().deadline);
          waitNanos = Math.min(waitNanos, Math.max(1, p.deadline - now));
          continue;
        }
        if (p.confirmBy == 0) {
          // One collection is one instant: a reference held for that instant only (a reload's
          // local variable, a weak reference being read) would look like a leak. The next
          // collection that unloads classes confirms it; this plugin asks for no other one.
          p.confirmBy = now + confirmNanos;
          p.canary = canaryAfter(now, now);
          waitNanos = Math.min(waitNanos, confirmNanos);
          continue;
        }
        reportAndSettle(it, p);
      } else if (p.confirmBy != 0 && now - p.confirmBy >= 0) {
        // No collection came to confirm it: the one that found it reachable decides.
        reportAndSettle(it, p);
      } else if (p.confirmBy != 0) {
        waitNanos = Math.min(waitNanos, p.confirmBy - now);
      } else {
        if (p.canary < 0) {
          p.canary = canaryAfter(p.deadline, now);
        }
        askGc |= options.gc() == GcPolicy.ONCE && !p.gcAsked;
      }
    }
    if (heldSinceLastPass) {
      return 0; // settle the dependencies just named in a leak report
    }
    if (!askGc) {
      return waitNanos;
    }
    long sinceGc = now - lastGc;
    long intervalNanos = options.gcInterval().toNanos();
    if (gcEver && sinceGc < intervalNanos) {
      return Math.min(waitNanos, intervalNanos - sinceGc);
    }
    requestGc(now);
    return 0;
  }

  /**
   * Reports a pending plugin as leaked and stops tracking it; the report comes first, so that
   * {@code pending() == 0} shows it.
   */
  private void reportAndSettle(Iterator<Pending> it, Pending p) {
    it.remove();
    report(p);
    settled();
  }

  /** The number of a canary made after {@code deadline}, made now if there is none. */
  private long canaryAfter(long deadline, long now) {
    if (canary == null || canary.fell() || canaryMadeAt - deadline < 0) {
      canary = GcCanary.arm(queue, ++canaries);
      canaryMadeAt = now;
    }
    return canary.seq();
  }

  private void requestGc(long now) {
    for (Pending p : pending) {
      if (p.canary >= 0) {
        p.gcAsked = true;
      }
    }
    gcEver = true;
    gcRequests.incrementAndGet();
    options.fullGc().run();
    lastGc = System.nanoTime();
    if (!canary.fell() && !gcIneffectiveLogged) {
      gcIneffectiveLogged = true;
      LOG.info(
          "A requested full collection did not unload classes at once (-XX:+DisableExplicitGC or"
              + " -XX:+ExplicitGCInvokesConcurrent?): leaks are decided at the JVM's next"
              + " collection that unloads classes");
    }
  }

  private void settled() {
    tracked.decrementAndGet();
    if (pending.stream().allMatch(p -> p.canary < 0)) {
      canary = null;
    }
  }

  /** A plugin still pending whose layer was built on {@code p}'s. */
  private Optional<Pending> dependentOf(Pending p) {
    return pending.stream().filter(q -> q != p && !q.collected() && q.builtOn(p)).findFirst();
  }

  private void report(Pending p) {
    Set<ClassLoader> live = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Reference<ClassLoader> r : p.loaders) {
      ClassLoader loader = r.get();
      if (loader != null) {
        live.add(loader);
      }
    }
    if (live.isEmpty()) {
      unloaded.incrementAndGet(); // collected since the pass looked: not a leak
      return;
    }
    List<String> suspects = new ArrayList<>(p.suspects.find(live, Thread.getAllStackTraces()));
    live.clear();
    // Its dependencies dropped with it cannot unload while it is held: they are named here,
    // not reported as leaks of their own.
    for (Pending dependency : pending) {
      if (dependency != p && !dependency.heldByLeak && p.builtOn(dependency)) {
        dependency.heldByLeak = true;
        heldSinceLastPass = true;
        suspects.add(
            "it holds the layer of its dependency "
                + dependency.plugin
                + "@"
                + dependency.version
                + ", which cannot unload before it");
      }
    }
    LeakReport leak =
        new LeakReport(
            p.plugin, p.version, Duration.ofNanos(System.nanoTime() - p.since), suspects);
    leaks.add(leak);
    Flight.pluginUnload(p.plugin, String.valueOf(p.version), leak.waited(), true);
    LOG.warn("Leak: {}", leak.message());
    try {
      onLeak.accept(leak);
    } catch (RuntimeException e) {
      LOG.warn("A leak listener threw", e);
    }
  }

  /**
   * Returns every leak reported so far.
   *
   * @return the leaks, oldest first
   */
  public List<LeakReport> leaks() {
    return List.copyOf(leaks);
  }

  /**
   * Returns how many tracked plugins are neither collected nor reported yet.
   *
   * @return the number of pending plugins
   */
  public int pending() {
    return tracked.get();
  }

  /** How many tracked plugins were collected; for tests. */
  long unloaded() {
    return unloaded.get();
  }

  /** How many times the watcher woke from a wait; for tests. */
  long wakeups() {
    return wakeups.get();
  }

  /** How many full collections the tracker asked for; for tests. */
  long gcRequests() {
    return gcRequests.get();
  }

  /** Whether the watcher thread exists; for tests. */
  boolean watching() {
    synchronized (lock) {
      return thread != null;
    }
  }
}
