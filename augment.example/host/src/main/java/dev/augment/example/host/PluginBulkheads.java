package dev.augment.example.host;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bulkhead per plugin: each plugin's calls run on a small executor of its own, under a
 * deadline, so that a plugin whose calls hang, overload or throw exhausts only its own share.
 *
 * <p>This is host code, not framework code, and the pattern the plugin authoring guide points hosts
 * to: copy it. Rules:
 *
 * <ul>
 *   <li>A plugin gets at most {@link Settings#threads()} threads and {@link Settings#queue()}
 *       waiting calls; a call beyond that is refused at once ({@link Outcome.Busy}) and never
 *       queues behind the others.
 *   <li>The caller waits at most {@link Settings#deadline()} from submission, queueing included;
 *       then it gets {@link Outcome.TimedOut} and the call is interrupted. A call that ignores the
 *       interrupt keeps its thread: once every thread of a plugin is stuck past its deadline, its
 *       calls are refused at once instead of waiting out the deadline again.
 *   <li>Whatever the plugin throws, {@link Error}s included ({@code StackOverflowError}, {@code
 *       OutOfMemoryError}), comes back as {@link Outcome.Failed}: it ends the plugin's call, never
 *       the caller's thread.
 *   <li>{@link #release(String)} drops a plugin's bulkhead when the plugin is reloaded or removed:
 *       the new version starts with a full share; calls in flight finish in the old one, whose
 *       stuck threads are left to their fate (they are daemon threads and hold the old layer, which
 *       the leak check then names).
 * </ul>
 *
 * <p>Threads are created on demand and end after 30 s idle, so an idle plugin costs none.
 */
public final class PluginBulkheads implements AutoCloseable {

  /**
   * How much each plugin gets.
   *
   * @param threads the threads per plugin, at least 1
   * @param queue the calls per plugin that may wait for a thread, 0 or more
   * @param deadline how long a caller waits for a call, queueing included; positive
   */
  public record Settings(int threads, int queue, Duration deadline) {

    /** Four threads, sixteen waiting calls and two seconds per plugin. */
    public static final Settings DEFAULT = new Settings(4, 16, Duration.ofSeconds(2));

    /**
     * Checks the settings.
     *
     * @param threads see the record description
     * @param queue see the record description
     * @param deadline see the record description
     * @throws IllegalArgumentException if a value is out of range
     */
    public Settings {
      if (threads < 1 || queue < 0 || deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException(
            "bulkhead settings need threads >= 1, queue >= 0 and a positive deadline: "
                + threads
                + ", "
                + queue
                + ", "
                + deadline);
      }
    }
  }

  /**
   * What came of a call.
   *
   * @param <T> the call's result type
   */
  public sealed interface Outcome<T> {
    /**
     * The call returned.
     *
     * @param <T> the result type
     * @param value what it returned
     */
    record Done<T>(T value) implements Outcome<T> {}

    /**
     * The call threw.
     *
     * @param <T> the result type
     * @param error what it threw, an {@code Error} included
     */
    record Failed<T>(Throwable error) implements Outcome<T> {}

    /**
     * The call did not finish within the deadline; it was interrupted.
     *
     * @param <T> the result type
     * @param deadline the deadline it overran
     */
    record TimedOut<T>(Duration deadline) implements Outcome<T> {}

    /**
     * The plugin's share was full, so the call never ran.
     *
     * @param <T> the result type
     * @param reason why, for the log and the answer
     */
    record Busy<T>(String reason) implements Outcome<T> {}
  }

  private final Settings settings;
  private final Map<String, Bulkhead> byPlugin = new ConcurrentHashMap<>();

  /**
   * Creates the bulkheads; each plugin's is made on its first call.
   *
   * @param settings what each plugin gets
   */
  public PluginBulkheads(Settings settings) {
    this.settings = settings;
  }

  /**
   * Returns the settings.
   *
   * @return what each plugin gets
   */
  public Settings settings() {
    return settings;
  }

  /**
   * Runs a call of a plugin in that plugin's bulkhead and waits for it, at most the deadline.
   *
   * @param <T> the result type
   * @param plugin the plugin's name
   * @param call the call into the plugin's code
   * @return what came of it; never throws what the call throws
   */
  public <T> Outcome<T> call(String plugin, Callable<T> call) {
    Bulkhead bulkhead = byPlugin.computeIfAbsent(plugin, Bulkhead::new);
    if (bulkhead.stuck.get() >= settings.threads()) {
      return new Outcome.Busy<>(
          "every one of the "
              + settings.threads()
              + " threads of plugin '"
              + plugin
              + "' is stuck past its deadline");
    }
    if (!bulkhead.permits.tryAcquire()) {
      return new Outcome.Busy<>(
          "plugin '"
              + plugin
              + "' has "
              + settings.threads()
              + " calls running and its queue full");
    }
    Task<T> task = new Task<>(call, bulkhead);
    try {
      bulkhead.pool.execute(task);
    } catch (RejectedExecutionException released) {
      // Released between lookup and submission: the plugin was just reloaded; use its new share.
      bulkhead.permits.release();
      byPlugin.remove(plugin, bulkhead);
      return call(plugin, call);
    }
    try {
      return new Outcome.Done<>(task.get(settings.deadline().toNanos(), TimeUnit.NANOSECONDS));
    } catch (CancellationException released) {
      return new Outcome.Busy<>("plugin '" + plugin + "' was reloaded or removed");
    } catch (ExecutionException e) {
      return new Outcome.Failed<>(e.getCause());
    } catch (TimeoutException e) {
      task.overran();
      return new Outcome.TimedOut<>(settings.deadline());
    } catch (InterruptedException e) {
      task.overran();
      Thread.currentThread().interrupt();
      return new Outcome.Busy<>("interrupted while waiting for plugin '" + plugin + "'");
    }
  }

  /**
   * Drops a plugin's bulkhead, after the plugin was reloaded or removed; its next call gets a new
   * one. Calls already running or waiting in the old one still finish (or time out) there, so a
   * reload fails no request.
   *
   * @param plugin the plugin's name
   */
  public void release(String plugin) {
    Bulkhead bulkhead = byPlugin.remove(plugin);
    if (bulkhead != null) {
      bulkhead.pool.shutdown();
    }
  }

  /**
   * Returns how many calls of a plugin overran their deadline and still hold a thread.
   *
   * @param plugin the plugin's name
   * @return the count; 0 for a plugin without a bulkhead
   */
  public int stuck(String plugin) {
    Bulkhead bulkhead = byPlugin.get(plugin);
    return bulkhead == null ? 0 : bulkhead.stuck.get();
  }

  /** Drops every bulkhead and interrupts the calls still running: the host is stopping. */
  @Override
  public void close() {
    for (String plugin : byPlugin.keySet()) {
      Bulkhead bulkhead = byPlugin.remove(plugin);
      if (bulkhead != null) {
        for (Runnable queued : bulkhead.pool.shutdownNow()) {
          ((Future<?>) queued).cancel(false);
        }
      }
    }
  }

  /**
   * One plugin's share: permits for its running and waiting calls, a pool of its threads, and the
   * count of its calls stuck past the deadline. Admission is by permit, not by the pool's queue: a
   * pool's rejection races with its threads returning for more work.
   */
  private final class Bulkhead {
    final Semaphore permits = new Semaphore(settings.threads() + settings.queue());
    final ThreadPoolExecutor pool;
    final AtomicInteger stuck = new AtomicInteger();

    Bulkhead(String plugin) {
      AtomicInteger count = new AtomicInteger();
      pool =
          new ThreadPoolExecutor(
              settings.threads(),
              settings.threads(),
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "plugin-" + plugin + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      pool.allowCoreThreadTimeOut(true);
    }
  }

  /**
   * A call that knows whether it overran: a task that times out while queued is removed from the
   * queue, one that times out while running counts as stuck until it returns.
   */
  private static final class Task<T> extends FutureTask<T> {
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int STUCK = 3;

    private final Bulkhead bulkhead;
    private final AtomicInteger state = new AtomicInteger(QUEUED);

    Task(Callable<T> call, Bulkhead bulkhead) {
      super(call);
      this.bulkhead = bulkhead;
    }

    @Override
    public void run() {
      if (state.compareAndSet(QUEUED, RUNNING)) {
        super.run();
      }
    }

    // The share is given back before the result is published, so that a caller who got its answer
    // and calls again at once finds the permit free.
    @Override
    protected void set(T value) {
      finish();
      super.set(value);
    }

    @Override
    protected void setException(Throwable error) {
      finish();
      super.setException(error);
    }

    private void finish() {
      if (state.getAndSet(DONE) == STUCK) {
        bulkhead.stuck.decrementAndGet();
      }
      bulkhead.permits.release();
    }

    void overran() {
      if (state.compareAndSet(QUEUED, DONE)) {
        bulkhead.pool.remove(this);
        bulkhead.permits.release();
        cancel(false);
      } else if (state.compareAndSet(RUNNING, STUCK)) {
        bulkhead.stuck.incrementAndGet();
        cancel(true);
      }
    }
  }
}
