package dev.augment.core.internal;

import dev.augment.api.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one step over many plugins on a small pool of host-owned threads, keeping input order.
 *
 * <p>The steps it runs never throw for a plugin's sake: they return failures as values, and every
 * call into plugin code inside them has its own budget (on a thread of its own, see {@link Calls}),
 * so waiting for them always ends and no plugin code ever runs on these threads. The threads are
 * made on first use and end after {@link #IDLE} without work, so a reload does not pay for starting
 * them again (a thread start is dear on a loaded 2-core machine) and an idle host keeps none;
 * {@link #close()} ends them at once.
 */
@Api.Internal
public final class Parallel implements AutoCloseable {

  /** How long an idle pool thread waits for the next step before it ends. */
  static final Duration IDLE = Duration.ofSeconds(2);

  private final int threads;
  private ThreadPoolExecutor pool;
  private boolean closed;

  /**
   * Creates a runner.
   *
   * @param threads the most threads one step uses; 1 runs every step on the caller's thread
   */
  public Parallel(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, was " + threads);
    }
    this.threads = threads;
  }

  /**
   * Applies {@code step} to every item, in parallel, and returns the results in input order.
   *
   * @param <I> the item type
   * @param <R> the result type
   * @param items the items
   * @param step the step; it returns failures as values
   * @return one result per item
   * @throws IllegalStateException if the runner is closed
   */
  public <I, R> List<R> map(List<I> items, Function<I, R> step) {
    if (items.isEmpty()) {
      return List.of();
    }
    if (items.size() == 1 || threads == 1) {
      return items.stream().map(step).toList();
    }
    ExecutorService pool = pool();
    List<Future<R>> futures = new ArrayList<>();
    for (I item : items) {
      futures.add(pool.submit(() -> step.apply(item)));
    }
    List<R> results = new ArrayList<>();
    for (Future<R> f : futures) {
      results.add(await(f));
    }
    return results;
  }

  private synchronized ExecutorService pool() {
    if (closed) {
      throw new IllegalStateException("this runner is closed");
    }
    if (pool == null) {
      pool =
          new ThreadPoolExecutor(
              threads,
              threads,
              IDLE.toMillis(),
              TimeUnit.MILLISECONDS,
              new LinkedBlockingQueue<>(),
              new LoaderThreads());
      pool.allowCoreThreadTimeOut(true);
    }
    return pool;
  }

  /** Ends the pool's threads; steps already submitted finish, later ones are refused. */
  @Override
  public synchronized void close() {
    closed = true;
    if (pool != null) {
      pool.shutdown();
    }
  }

  private static <A> A await(Future<A> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading plugins", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Names the loader threads and makes them daemons, so a stuck plugin never blocks exit. */
  private static final class LoaderThreads implements ThreadFactory {
    private static final AtomicInteger COUNT = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "augment-loader-" + COUNT.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
