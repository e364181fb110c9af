package dev.augment.bench.contract;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The event of the hook benchmark; subscribed plugins count what they receive in {@link #SEEN}.
 *
 * @param sequence the event's number
 */
public record Ping(long sequence) {

  /** How many deliveries of {@code Ping} the subscribed plugins have handled, all together. */
  public static final AtomicLong SEEN = new AtomicLong();
}
