package dev.augment.core.internal.host;

import dev.augment.core.PluginLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one step over many plugins on a small pool of host-owned threads, keeping input order.
 *
 * <p>The pool lives only for one {@link #map} call, so no Augment thread outlives a reload and none
 * can hold a dropped plugin's class loader.
 */
public final class Parallel {

  private final int threads;

  /**
   * Creates a runner.
   *
   * @param threads the most threads one step uses
   */
  public Parallel(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, was " + threads);
    }
    this.threads = threads;
  }

  /**
   * The outcome of one item: a value or a load failure.
   *
   * @param <A> the value type
   * @param value the value, when the step succeeded
   * @param failure the failure, when it did not
   */
  public record Result<A>(Optional<A> value, Optional<PluginLoadException> failure) {}

  /**
   * Applies {@code step} to every item, in parallel, and returns the results in input order.
   *
   * @param <I> the item type
   * @param <A> the value type
   * @param items the items
   * @param step the step; a {@link PluginLoadException} it throws becomes a failed result
   * @return one result per item
   */
  public <I, A> List<Result<A>> map(List<I> items, Function<I, A> step) {
    if (items.isEmpty()) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(threads, items.size()), new LoaderThreads());
    try {
      List<Future<Result<A>>> futures = new ArrayList<>();
      for (I item : items) {
        Callable<Result<A>> task =
            () -> {
              try {
                return new Result<>(Optional.of(step.apply(item)), Optional.empty());
              } catch (PluginLoadException e) {
                return new Result<>(Optional.empty(), Optional.of(e));
              }
            };
        futures.add(pool.submit(task));
      }
      List<Result<A>> results = new ArrayList<>();
      for (Future<Result<A>> f : futures) {
        results.add(await(f));
      }
      return results;
    } finally {
      pool.shutdownNow();
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
