package io.planetscale.cdc.spi;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.QueryResult;

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
}
