package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Positions;
import io.planetscale.cdc.TableCursor;
import java.time.Duration;

/**
 * When a read that must reach a stop position is done. A cursor outside any copy that has reached
 * the stop (compared as GTID sets, see {@link Positions#reached}) ends the read at once if it moved
 * past it. If it is exactly at it, more responses at that very position may follow (a server may
 * repeat one position over several responses), so every one of them is read: the read ends only
 * once a settle interval has passed without any further response. The interval is stretched by the
 * time a response as large as the last one would take at {@value #SLOW_LINK_BYTES_PER_SECOND}
 * bytes/s, so that the next piece of a large response in transit is waited for on a slow link, while
 * small responses add almost nothing. A cursor that ends a copy is exact, though: the copy read the
 * table as of its own position, so everything up to that position is in once its last row has come,
 * and no settle interval is waited. One instance per streaming call;
 * whether a read that ended early had already reached the stop is {@link #isReachedBy}.
 */
final class StopPosition {
  /** The slowest link a large response is expected to cross: 10 MB/s. */
  static final long SLOW_LINK_BYTES_PER_SECOND = 10_000_000;

  private final String stop;
  private final long settleNanos;
  private boolean reached;
  private long settleEnd;

  /**
   * @param stop the position to reach, or null to never stop
   * @param settle how long to wait for more responses once exactly at the stop position
   */
  StopPosition(String stop, Duration settle) {
    this.stop = stop;
    this.settleNanos = settle.toNanos();
  }

  /** Whether {@code cursor}, outside any copy, has reached {@code stop} (null: never). */
  static boolean isReachedBy(TableCursor cursor, String stop) {
    return stop != null && !cursor.isCopying() && !cursor.position().isEmpty()
        && !TableCursor.CURRENT.equals(cursor.position()) && Positions.reached(cursor.position(), stop);
  }

  /**
   * @param cursor a cursor just delivered
   * @param endsCopy whether the cursor before it was in a copy: this one ends the copy
   * @return true if the read is done now
   */
  boolean onCursor(TableCursor cursor, boolean endsCopy) {
    if (!isReachedBy(cursor, stop)) {
      return false;
    }
    if (endsCopy || !Positions.equal(cursor.position(), stop)) {
      // Past the stop position, or a copy done as of a position that contains it: everything up to it is in.
      return true;
    }
    reached = true;
    settleEnd = System.nanoTime() + settleNanos;
    return false;
  }

  /**
   * Any response while settling shows more may follow: the settle interval starts again after it.
   *
   * @param bytes the response's size
   */
  void onResponse(long bytes) {
    if (reached) {
      settleEnd = System.nanoTime() + settleNanos + bytes * 1_000_000_000L / SLOW_LINK_BYTES_PER_SECOND;
    }
  }

  /** @return whether the stop position was reached and the settle interval is running */
  boolean settling() {
    return reached;
  }

  /** @return nanoseconds left of the settle interval; at most 0 once it is over */
  long settleRemainingNanos() {
    return settleEnd - System.nanoTime();
  }
}
