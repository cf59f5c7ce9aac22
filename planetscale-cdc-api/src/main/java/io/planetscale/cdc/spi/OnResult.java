package io.planetscale.cdc.spi;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.TableCursor;
import java.util.List;

/**
 * Receives rows from {@link EdgeDatabase#read}, and the table's column changes between them, in
 * stream order.
 */
@FunctionalInterface
public interface OnResult {
  /**
   * Receives rows that share one operation. Each image carries every column the read requested
   * ({@link ReadParams#columns()}; every column of the table when that is empty).
   *
   * @param result the rows: inserted or copied rows, the new images of updated rows, or deleted rows
   * @param operation what happened to the rows
   * @param before for {@link Operation#UPDATE}, the previous images, row {@code i} pairing with row
   *     {@code i} of {@code result}; otherwise {@code null}
   */
  void onResult(QueryResult result, Operation operation, QueryResult before);

  /**
   * Receives rows whose images carry only some of the table's columns: the server logs minimal or
   * no-blob row images, and sent only the columns it has. {@code result}'s fields are exactly the
   * columns present in its rows (a subset of the table's, in table order), and so are
   * {@code before}'s, independently: each call, and {@code result} and {@code before} within a
   * call, may have their own field list. Columns left out are absent, not NULL: the receiver must
   * not invent values for them. A transport that merges partial images onto a known full image
   * calls {@link #onResult} instead.
   *
   * <p>By default hands the rows to {@link #onResult}, for receivers that predate partial images.
   *
   * @param result the rows (new images for inserts and updates, deleted rows for deletes), with
   *     only the fields present
   * @param operation what happened to the rows
   * @param before for {@link Operation#UPDATE}, the previous images with only the fields present,
   *     row {@code i} pairing with row {@code i} of {@code result}; otherwise {@code null}
   */
  default void onPartialResult(QueryResult result, Operation operation, QueryResult before) {
    onResult(result, operation, before);
  }

  /**
   * The table's columns changed: rows delivered after this call have {@code fields} (or, for
   * partial images, a subset of them). Call it in stream order, before the first row of the new
   * shape: for a DDL statement (with the field list that follows it), or for a field list that
   * differs from the one before. A call without {@code ddl} whose fields are the ones already in
   * effect is no change, and neither is a read's first field list that has every requested column,
   * so a transport may pass on every field list it receives. Does nothing by default.
   *
   * @param ddl the statement that changed the table, or {@code null} when only the fields changed
   * @param fields the table's columns from now on, in table order; null with a {@code ddl} seen
   *     before the columns it leaves are known (they follow in a call of their own)
   */
  default void onSchemaChange(String ddl, List<Field> fields) {}

  /**
   * Announces the rows of one server response, before any of them reaches {@link #onResult}: they
   * are covered by {@code end}, the cursor that response ends at. Used to label records with the
   * position that covers them (see {@link RecordPositions}). Does nothing by default.
   *
   * @param end the cursor the response ends at, or {@code null} if it carries none
   */
  default void beginResponse(TableCursor end) {}
}
