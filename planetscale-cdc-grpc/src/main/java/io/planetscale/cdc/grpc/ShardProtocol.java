package io.planetscale.cdc.grpc;

import io.grpc.Status;
import io.planetscale.cdc.TableCursor;
import java.time.Duration;

/**
 * What a transport contributes to reading one table on one shard; {@link ShardStreamLoop} does the
 * rest (read windows, retries, stop detection, restarts, cancellation). A transport owns its wire
 * messages and its cursor encoding. Not thread-safe: one per read.
 *
 * @param <R> the response message
 */
interface ShardProtocol<R> {
  /**
   * Opens a call that streams the table from {@code from} (which may be {@code "current"}, to learn
   * the shard's position), ending by deadline after {@code window}.
   */
  StreamCall<R> open(TableCursor from, Duration window);

  /**
   * Opens the short call that learns the shard's current position ({@code current} is a cursor at
   * {@code "current"}). By default the same call as {@link #open}.
   */
  default StreamCall<R> openPeek(TableCursor current, Duration timeout) {
    return open(current, timeout);
  }

  /**
   * The shard's current position, if {@code response} (of a call from {@code "current"}) announces it.
   *
   * @return the position as the server sent it (possibly empty), or null if this response has none
   */
  String currentPosition(R response);

  /**
   * Delivers one response: rows, schema changes and cursors, in stream order.
   *
   * @return an error the response itself carries, or null
   */
  Status apply(R response, ShardDelivery out);

  /**
   * @return the response's size on the wire, in bytes (before compression), which stretches a
   *     settle wait; 0 by default (nothing to stretch when stops are exact)
   */
  default int size(R response) {
    return 0;
  }

  /** A new call starts: forget anything partial (such as half of a transaction). */
  void restart();

  /**
   * What the server completing a call means: null if it is a normal end (everything up to now was
   * sent), else the failure to treat it as.
   */
  Status completion();

  /**
   * Whether a cursor that reached the stop position is exact: true when a cursor follows all of its
   * position's rows (no settle wait needed); false when more responses at that very position may
   * follow it.
   */
  boolean exactStop();
}
