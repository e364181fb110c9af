package dev.augment.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PluginBulkheadsTest {

  private static final Duration DEADLINE = Duration.ofMillis(300);

  /** Never returns, and ignores interrupts: the worst a plugin can do. */
  private static String hang() {
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException ignored) {
        // keeps hanging
      }
    }
  }

  private static int depth(int n) {
    return depth(n + 1) + 1;
  }

  @Test
  void aHungPluginTimesOutThenIsRefusedAtOnceWhileAnotherPluginAnswers() {
    try (PluginBulkheads bulkheads =
        new PluginBulkheads(new PluginBulkheads.Settings(2, 1, DEADLINE))) {
      for (int i = 0; i < 2; i++) {
        assertInstanceOf(
            PluginBulkheads.Outcome.TimedOut.class,
            bulkheads.call("hung", PluginBulkheadsTest::hang));
      }
      assertEquals(2, bulkheads.stuck("hung"));
      long start = System.nanoTime();
      assertInstanceOf(
          PluginBulkheads.Outcome.Busy.class, bulkheads.call("hung", PluginBulkheadsTest::hang));
      assertTrue(
          System.nanoTime() - start < DEADLINE.toNanos(), "refused without waiting the deadline");
      assertEquals(
          new PluginBulkheads.Outcome.Done<>("fine"), bulkheads.call("other", () -> "fine"));
      bulkheads.release("hung");
      assertEquals(0, bulkheads.stuck("hung"));
      assertEquals(
          new PluginBulkheads.Outcome.Done<>("back"), bulkheads.call("hung", () -> "back"));
    }
  }

  @Test
  void errorsFromPluginCodeAreOutcomesAndTheCallerGoesOn() {
    try (PluginBulkheads bulkheads = new PluginBulkheads(PluginBulkheads.Settings.DEFAULT)) {
      var overflow = bulkheads.call("deep", () -> depth(0));
      assertInstanceOf(
          StackOverflowError.class, ((PluginBulkheads.Outcome.Failed<?>) overflow).error());
      var oom = bulkheads.call("big", () -> new long[Integer.MAX_VALUE].length);
      assertInstanceOf(OutOfMemoryError.class, ((PluginBulkheads.Outcome.Failed<?>) oom).error());
      assertEquals(new PluginBulkheads.Outcome.Done<>(1), bulkheads.call("deep", () -> 1));
    }
  }

  @Test
  void anOverloadedPluginIsRefusedBeyondItsThreadsAndQueue() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(1);
    try (PluginBulkheads bulkheads =
        new PluginBulkheads(new PluginBulkheads.Settings(1, 0, Duration.ofSeconds(30)))) {
      Future<?> running =
          callers.submit(
              () ->
                  bulkheads.call(
                      "busy",
                      () -> {
                        started.countDown();
                        return release.await(30, TimeUnit.SECONDS);
                      }));
      assertTrue(started.await(20, TimeUnit.SECONDS));
      assertInstanceOf(PluginBulkheads.Outcome.Busy.class, bulkheads.call("busy", () -> true));
      assertEquals(new PluginBulkheads.Outcome.Done<>(true), bulkheads.call("other", () -> true));
      release.countDown();
      assertEquals(new PluginBulkheads.Outcome.Done<>(true), running.get(20, TimeUnit.SECONDS));
      assertEquals(new PluginBulkheads.Outcome.Done<>(true), bulkheads.call("busy", () -> true));
    } finally {
      callers.shutdownNow();
    }
  }
}
