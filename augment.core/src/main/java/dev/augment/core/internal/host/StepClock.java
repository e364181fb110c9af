package dev.augment.core.internal.host;

import dev.augment.core.LoadTiming;
import java.time.Duration;

/** The steps' durations of one plugin's load, each read when its step ends. */
final class StepClock {
  private final long prepare;
  private long last = System.nanoTime();
  private long check;
  private long define;
  private long provider;
  private long setup;

  /**
   * Starts the clock of one plugin's load.
   *
   * @param prepare how long its preparation took, in nanoseconds, on the thread that did it
   */
  StepClock(long prepare) {
    this.prepare = prepare;
  }

  private long lap() {
    long now = System.nanoTime();
    long took = now - last;
    last = now;
    return took;
  }

  void check() {
    check = lap();
  }

  void define() {
    define = lap();
  }

  void provider() {
    provider = lap();
  }

  void setup() {
    setup = lap();
  }

  LoadTiming timing() {
    return new LoadTiming(
        Duration.ofNanos(prepare),
        Duration.ofNanos(check),
        Duration.ofNanos(define),
        Duration.ofNanos(provider),
        Duration.ofNanos(setup));
  }
}
