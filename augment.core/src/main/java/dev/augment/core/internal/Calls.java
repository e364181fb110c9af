package dev.augment.core.internal;

import dev.augment.api.Api;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
    AtomicReference<Outcome<T>> result = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread t =
        new Thread(
            () -> {
              try {
                result.set(
                    new Outcome<>(Optional.ofNullable(call.call()), Optional.empty(), false));
              } catch (Throwable e) {
                // Whatever the plugin threw on its own thread, OutOfMemoryError included, fails the
                // plugin: the host's threads are not affected.
                result.set(new Outcome<>(Optional.empty(), Optional.of(e), false));
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
