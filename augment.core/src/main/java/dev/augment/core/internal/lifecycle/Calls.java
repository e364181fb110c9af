package dev.augment.core.internal.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one plugin call on a thread of its own, within a time budget. */
final class Calls {

  private Calls() {}

  /** Thrown in place of a call that overran its budget. */
  static final class Overrun extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Overrun(String message) {
      super(message);
    }
  }

  /**
   * Runs {@code call} and waits at most {@code budget}.
   *
   * @return {@code null} when the call returned normally; what it threw; or an {@link Overrun}
   */
  static Throwable run(
      String what, String plugin, ClassLoader loader, Duration budget, Runnable call) {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                call.run();
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            "augment-" + what + "-" + plugin);
    t.setDaemon(true);
    t.setContextClassLoader(loader);
    t.start();
    try {
      t.join(Math.max(1, budget.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      t.interrupt();
      return new Overrun(what + " of " + plugin + " was interrupted");
    }
    if (t.isAlive()) {
      t.interrupt();
      return new Overrun(what + " of " + plugin + " overran " + budget.toMillis() + " ms");
    }
    // Whatever the plugin threw on its own thread, OutOfMemoryError included, fails the plugin:
    // the host's threads are not affected.
    return thrown.get();
  }
}
