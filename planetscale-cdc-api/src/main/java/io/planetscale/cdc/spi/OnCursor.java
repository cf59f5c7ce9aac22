package io.planetscale.cdc.spi;

import io.planetscale.cdc.SerializedCursor;
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
   * Receives a cursor covering every row delivered so far, together with its saved form. A
   * transport that received the cursor's wire bytes calls this one, so the receiver stores
   * {@code serialized} as it is instead of encoding {@code cursor} again. The caller guarantees
   * that {@code serialized} is exactly what {@link SerializedCursor#of(TableCursor)} gives for
   * {@code cursor}: the state must stay byte-identical to the Go connectors'.
   *
   * <p>By default hands {@code cursor} to {@link #onCursor(TableCursor)}, for receivers that predate
   * this method.
   *
   * @param cursor the cursor
   * @param serialized the same cursor as the state stores it
   */
  default void onCursor(TableCursor cursor, SerializedCursor serialized) {
    onCursor(cursor);
  }

  /**
   * The read resumes from {@code from} (its last cursor) after a retry or a new read window: rows
   * delivered after that cursor may be delivered again, and will be, in the same order.
   * Implementations use it to keep re-delivered records identifiable (same position and sequence).
   *
   * @param from the cursor the read resumes from
   */
  default void onRestart(TableCursor from) {}
}
