package dev.augment.core.internal;

import dev.augment.api.Api;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs one call into plugin code on a thread of its own, within a time budget: the one place that
 * decides how Augment waits for a plugin.
 *
 * <p>Class initialization, provider construction, the host's validator, setup and teardown all run
 * here. The caller waits at most the budget; a call that overruns is interrupted and abandoned: its
 * thread is a daemon that holds the plugin's class loader, so the unload tracker names it if it
 * never ends. Nothing a plugin does on that thread, an {@link Error} included, reaches the host's
 * thread other than as the returned outcome. (Java has no way to stop a thread that ignores
 * interrupts; abandoning it is the most a JVM allows.)
 */
@Api.Internal
public final class Calls {

  private Calls() {}

  /**
   * What a call did.
   *
   * @param <T> the value type
   * @param value what it returned, when it returned
   * @param thrown what it threw, when it threw
   * @param overran {@code true} when it did not finish within the budget
   */
  public record Outcome<T>(Optional<T> value, Optional<Throwable> thrown, boolean overran) {

    /**
     * Tells whether the call returned normally.
     *
     * @return {@code true} when it returned
     */
    public boolean ok() {
      return !overran && thrown.isEmpty();
    }
  }

  /**
   * Runs {@code call} and waits at most {@code budget}.
   *
   * @param <T> the value type
   * @param what what the call is, for the thread's name: {@code setup}, {@code provider}
   * @param plugin the plugin's name
   * @param loader the plugin's class loader, the thread's context class loader
   * @param budget how long to wait
   * @param call the call
   * @return what the call did; a {@code null} value is returned as empty
   */
  public static <T> Outcome<T> run(
      String what, String plugin, ClassLoader loader, Duration budget, Callable<T> call) {
    Session session = SESSION.get();
    if (session != null && session.plugin.equals(plugin) && session.loader(loader)) {
      return session.run(what, loader, budget, call);
    }
    AtomicReference<Outcome<T>> result = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread t =
        new Thread(
            () -> {
              try {
                result.set(attempt(call));
              } finally {
                done.countDown();
              }
            },
            "augment-" + what + "-" + Text.printable(plugin));
    t.setDaemon(true);
    t.setContextClassLoader(loader);
    t.start();
    try {
      if (done.await(Math.max(1, budget.toMillis()), TimeUnit.MILLISECONDS)) {
        return result.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    t.interrupt();
    return overran();
  }

  /**
   * Makes {@code call} on the current thread, the plugin's: the one place an outcome is built from
   * what the call did.
   */
  private static <T> Outcome<T> attempt(Callable<T> call) {
    try {
      return new Outcome<>(Optional.ofNullable(call.call()), Optional.empty(), false);
    } catch (Throwable e) {
      // Whatever the plugin threw on its own thread, OutOfMemoryError included, fails the plugin:
      // the host's threads are not affected.
      return threw(e);
    }
  }

  private static <T> Outcome<T> threw(Throwable e) {
    return new Outcome<>(Optional.empty(), Optional.of(e), false);
  }

  private static <T> Outcome<T> overran() {
    return new Outcome<>(Optional.empty(), Optional.empty(), true);
  }

  /**
   * Runs {@code call} and waits at most {@code budget}.
   *
   * @param what what the call is
   * @param plugin the plugin's name
   * @param loader the plugin's class loader
   * @param budget how long to wait
   * @param call the call
   * @return what the call did
   */
  public static Outcome<Void> run(
      String what, String plugin, ClassLoader loader, Duration budget, Runnable call) {
    return run(
        what,
        plugin,
        loader,
        budget,
        () -> {
          call.run();
          return null;
        });
  }

  /**
   * Runs {@code steps} on the caller's thread with every call for {@code plugin} inside them on one
   * thread of their own, made on the first call and ended when the steps return: loading a plugin
   * (its provider, the host's validator, its setup) then starts one thread instead of one per call,
   * which is most of what loading a small plugin costs on a loaded 2-core machine. Each call keeps
   * its own budget and its own thread name; a call that overruns abandons the thread, and a later
   * call gets a new one.
   *
   * @param <R> the result type
   * @param plugin the plugin's name
   * @param steps the steps; they call {@link #run} as usual
   * @return what the steps returned
   */
  public static <R> R oneThreadFor(String plugin, Supplier<R> steps) {
    Session outer = SESSION.get();
    Session session = new Session(plugin);
    SESSION.set(session);
    try {
      return steps.get();
    } finally {
      session.close();
      if (outer == null) {
        SESSION.remove();
      } else {
        SESSION.set(outer);
      }
    }
  }

  private static final ThreadLocal<Session> SESSION = new ThreadLocal<>();

  /** The one thread of {@link #oneThreadFor}, made on first use. */
  private static final class Session {
    private final String plugin;
    private ClassLoader loader;
    private ThreadPoolExecutor thread;

    Session(String plugin) {
      this.plugin = plugin;
    }

    /** Every call of a session runs with one class loader: the plugin's. */
    boolean loader(ClassLoader l) {
      if (loader == null) {
        loader = l;
      }
      return loader == l;
    }

    <T> Outcome<T> run(String what, ClassLoader l, Duration budget, Callable<T> call) {
      if (thread == null) {
        thread =
            new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                r -> {
                  Thread t = new Thread(r, "augment-" + what + "-" + Text.printable(plugin));
                  t.setDaemon(true);
                  t.setContextClassLoader(l);
                  return t;
                });
      }
      Future<Outcome<T>> f =
          thread.submit(
              () -> {
                Thread.currentThread().setName("augment-" + what + "-" + Text.printable(plugin));
                return attempt(call);
              });
      try {
        return f.get(Math.max(1, budget.toMillis()), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (TimeoutException e) {
        // Abandoned below, as in run.
      } catch (ExecutionException e) {
        // The task catches every throwable; only a JVM in trouble gets here.
        return threw(e.getCause());
      }
      f.cancel(true);
      thread.shutdown();
      thread = null;
      return overran();
    }

    void close() {
      if (thread != null) {
        thread.shutdown();
        thread = null;
      }
    }
  }

  /**
   * Names the root cause of what a plugin threw, past the wrappers the JDK adds ({@link
   * ExceptionInInitializerError}, {@code ServiceConfigurationError}, reflection's {@code
   * InvocationTargetException}).
   *
   * @param thrown what was thrown
   * @return {@code "X: message"}, followed by {@code ", caused by Y: message"} for each cause
   */
  public static String describe(Throwable thrown) {
    StringBuilder b = new StringBuilder(String.valueOf(thrown));
    Throwable c = thrown.getCause();
    // A cause chain can loop; eight links name any real root cause.
    for (int depth = 0; c != null && depth < 8; depth++, c = c.getCause()) {
      b.append(", caused by ").append(c);
    }
    return b.toString();
  }
}
