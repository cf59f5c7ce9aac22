package io.planetscale.cdc.spi;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.TableCursor;

/** Receives rows from {@link EdgeDatabase#read}. */
@FunctionalInterface
public interface OnResult {
  /**
   * Receives rows that share one operation.
   *
   * @param result the rows: inserted or copied rows, the new images of updated rows, or deleted rows
   * @param operation what happened to the rows
   * @param before for {@link Operation#UPDATE}, the previous images, row {@code i} pairing with row
   *     {@code i} of {@code result}; otherwise {@code null}
   */
  void onResult(QueryResult result, Operation operation, QueryResult before);

  /**
   * Announces the rows of one server response, before any of them reaches {@link #onResult}: they
   * are covered by {@code end}, the cursor that response ends at. Used to label records with the
   * position that covers them (see {@link RecordPositions}). Does nothing by default.
   *
   * @param end the cursor the response ends at, or {@code null} if it carries none
   */
  default void beginResponse(TableCursor end) {}
}
