package dev.augment.core.internal.hooks;

import dev.augment.api.Api;
import dev.augment.api.Hooks;
import dev.augment.api.Subscription;
import dev.augment.core.internal.plugin.Grants;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin's hooks: its subscriptions, a bounded queue and the thread that empties it.
 *
 * <p>The thread starts with the first subscription and ends when the channel closes, at teardown;
 * it belongs to the host, not the plugin, and holds the plugin's class loader only as its context
 * class loader while the plugin is alive.
 */
@Api.Internal
public final class PluginChannel implements Hooks, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PluginChannel.class);

  private final HookBus bus;
  private final Grants grants;
  private final ClassLoader loader;
  private final long order;
  private final List<Registration<?>> subscriptions = new CopyOnWriteArrayList<>();
  private final int capacity;

  /** Made with the first subscription: a plugin that subscribes to nothing holds no queue. */
  private volatile BlockingQueue<Delivery> queue;

  private final AtomicLong dropped = new AtomicLong();
  private volatile Thread thread;
  private volatile boolean closed;

  /**
   * An event for this plugin; {@code done} counts down once its handlers ran, when waited for. A
   * delivery with a {@code task} runs that task instead, reported as {@code event} (a type) when it
   * fails.
   */
  private record Delivery(
      Object event, Registration<?> excluded, CountDownLatch done, Runnable task) {
    Delivery(Object event, Registration<?> excluded, CountDownLatch done) {
      this(event, excluded, done, null);
    }
  }

  /** The waited-for delivery that overran its budget, until the plugin's handler returns. */
  private volatile CountDownLatch stalled;

  PluginChannel(HookBus bus, Grants grants, ClassLoader loader, long order, int capacity) {
    this.bus = bus;
    this.grants = grants;
    this.loader = loader;
    this.order = order;
    this.capacity = capacity;
  }

  String plugin() {
    return grants.plugin();
  }

  long order() {
    return order;
  }

  long dropped() {
    return dropped.get();
  }

  @Override
  public <E> Subscription on(Class<E> eventType, Consumer<? super E> handler) {
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(handler, "handler");
    if (closed) {
      throw new IllegalStateException("plugin '" + plugin() + "' is torn down");
    }
    bus.checkAllowed(grants, eventType);
    Registration<E> r = new Registration<>(eventType, handler, subscriptions);
    queue();
    subscriptions.add(r);
    startThread();
    return r;
  }

  private synchronized BlockingQueue<Delivery> queue() {
    if (queue == null) {
      queue = new ArrayBlockingQueue<>(capacity);
    }
    return queue;
  }

  private synchronized void startThread() {
    if (thread == null && !closed) {
      Thread t = new Thread(this::drain, "augment-hooks-" + plugin());
      t.setDaemon(true);
      t.setUncaughtExceptionHandler(
          (thread, e) -> {
            LOG.error("The hook thread of plugin {} died; it gets no more events", plugin(), e);
            close();
          });
      t.setContextClassLoader(loader);
      thread = t;
      t.start();
    }
  }

  void offer(Object event, Registration<?> excluded) {
    if (closed || !bus.visible(grants, event) || !wants(event, excluded)) {
      return;
    }
    BlockingQueue<Delivery> q = queue;
    if (q == null) {
      return;
    }
    if (!q.offer(new Delivery(event, excluded, null))) {
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.warn(
            "Plugin {} is too slow for its hooks: {} event(s) dropped so far (queue of {})",
            plugin(),
            n,
            q.size());
      }
    }
  }

  /**
   * Runs this plugin's handlers for {@code event} on its hook thread, after the events already
   * queued for it, and waits at most {@code budgetNanos} for them. A plugin whose handler overran
   * is not waited for again until that handler returns: its events are only queued meanwhile.
   *
   * @return {@code false} if the handlers did not run within the budget (or the queue was full)
   */
  boolean deliverAndWait(Object event, Registration<?> excluded, long budgetNanos) {
    if (closed || !bus.visible(grants, event) || !wants(event, excluded)) {
      return true;
    }
    CountDownLatch previous = stalled;
    boolean waitForIt = previous == null || previous.getCount() == 0;
    CountDownLatch done = new CountDownLatch(1);
    if (!queue().offer(new Delivery(event, excluded, done))) {
      dropped.incrementAndGet();
      return false;
    }
    if (!waitForIt) {
      return false;
    }
    try {
      if (done.await(budgetNanos, TimeUnit.NANOSECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stalled = done;
    return false;
  }

  /**
   * Runs a task of the framework's on this plugin's hook thread, after the events already queued
   * for it, as a handler of an event emitted with {@code emitAndWait}: waited for at most {@code
   * budgetNanos}, not waited for while an earlier waited-for delivery overruns, and reported as a
   * {@code HookFailure} of type {@code reportedAs} when it throws or overruns.
   *
   * @param reportedAs the event type a failure names
   * @param task plugin code to run, such as an extension view's change listener
   * @param budgetNanos how long to wait
   * @return {@code false} if the task did not run within the budget (or the queue was full)
   */
  public boolean runAndWait(Class<?> reportedAs, Runnable task, long budgetNanos) {
    if (closed) {
      return true;
    }
    CountDownLatch previous = stalled;
    boolean waitForIt = previous == null || previous.getCount() == 0;
    CountDownLatch done = new CountDownLatch(1);
    boolean queued = queue().offer(new Delivery(reportedAs, null, done, task));
    startThread();
    if (!queued) {
      dropped.incrementAndGet();
    } else if (waitForIt) {
      try {
        if (done.await(budgetNanos, TimeUnit.NANOSECONDS)) {
          return true;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stalled = done;
    }
    bus.overran(plugin(), reportedAs);
    return false;
  }

  private boolean wants(Object event, Registration<?> excluded) {
    for (Registration<?> r : subscriptions) {
      if (r != excluded && r.accepts(event)) {
        return true;
      }
    }
    return false;
  }

  private void drain() {
    while (!closed) {
      try {
        Delivery d = queue().take();
        try {
          dispatch(d);
        } finally {
          if (d.done() != null) {
            d.done().countDown();
          }
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void dispatch(Delivery d) {
    if (d.task() != null) {
      bus.runTask(plugin(), (Class<?>) d.event(), d.task());
      return;
    }
    for (Registration<?> r : subscriptions) {
      if (r != d.excluded() && r.accepts(d.event())) {
        bus.run(plugin(), r, d.event());
      }
    }
  }

  /** Drops every subscription and stops the thread; events still queued are discarded. */
  @Override
  public void close() {
    closed = true;
    subscriptions.clear();
    BlockingQueue<Delivery> q = queue;
    if (q != null) {
      // Nobody waits for a delivery that will never run.
      q.forEach(d -> Optional.ofNullable(d.done()).ifPresent(CountDownLatch::countDown));
      q.clear();
    }
    bus.remove(this);
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  /**
   * Waits for the channel's thread to end after {@link #close()}.
   *
   * @param millis how long to wait at most
   * @return {@code true} if no thread is left running
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitStopped(long millis) throws InterruptedException {
    Thread t = thread;
    if (t != null) {
      t.join(millis);
      return !t.isAlive();
    }
    return true;
  }
}
