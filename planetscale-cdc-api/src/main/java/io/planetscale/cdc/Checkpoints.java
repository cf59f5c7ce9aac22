package io.planetscale.cdc;

import java.time.Duration;

/**
 * When to hand the sink a state in the middle of a shard: after {@code everyRows} records or
 * {@code interval} since the last state, whichever comes first, and only if records arrived since.
 * Not thread-safe: used under the stream's lock.
 */
final class Checkpoints {
  private final long everyRows;
  private final long intervalNanos;
  private long rows;
  private long lastNanos = System.nanoTime();

  Checkpoints(long everyRows, Duration interval) {
    this.everyRows = everyRows;
    this.intervalNanos = interval == null ? 0 : interval.toNanos();
  }

  static Checkpoints none() {
    return new Checkpoints(0, null);
  }

  void counted() {
    rows++;
  }

  boolean due() {
    if (rows == 0) {
      return false;
    }
    return (everyRows > 0 && rows >= everyRows) || (intervalNanos > 0 && System.nanoTime() - lastNanos >= intervalNanos);
  }

  /** A state was handed to the sink (a checkpoint or the end of a shard). */
  void reset() {
    rows = 0;
    lastNanos = System.nanoTime();
  }
}
