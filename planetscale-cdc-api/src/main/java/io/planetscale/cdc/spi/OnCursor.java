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
}
