package io.planetscale.cdc.spi;

import io.planetscale.cdc.TableCursor;

/** Receives the cursor after each response of {@link EdgeDatabase#read}. */
@FunctionalInterface
public interface OnCursor {
  /**
   * Receives a cursor covering every row delivered so far.
   *
   * @param cursor the cursor
   */
  void onCursor(TableCursor cursor);

  /**
   * The read resumes from {@code from} (its last cursor) after a retry or a new read window: rows
   * delivered after that cursor may be delivered again, and will be, in the same order.
   * Implementations use it to keep re-delivered records identifiable (same position and sequence).
   *
   * @param from the cursor the read resumes from
   */
  default void onRestart(TableCursor from) {}
}
