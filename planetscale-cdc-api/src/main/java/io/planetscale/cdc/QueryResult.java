package io.planetscale.cdc;

import io.planetscale.cdc.internal.EncodedRows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A result set: columns and rows of {@link Value}s. The Java form of Vitess's {@code sqltypes.Result}.
 * Row {@code i} has at most {@code fields.size()} values; value {@code j} belongs to field {@code j}.
 *
 * @param fields the columns
 * @param rows the rows
 */
public record QueryResult(List<Field> fields, List<List<Value>> rows) {

  /**
   * Makes both lists unmodifiable. Rows from {@link QueryResults#decodeRow}, and the rows a
   * transport decoded, are unmodifiable already and kept as they are (their values are made when read).
   *
   * @param fields the columns
   * @param rows the rows
   */
  public QueryResult {
    fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
    Objects.requireNonNull(rows, "rows");
    if (!(rows instanceof EncodedRows)) {
      List<List<Value>> copy = new ArrayList<>(rows.size());
      for (List<Value> row : rows) {
        copy.add(row instanceof EncodedRow ? row : List.copyOf(row));
      }
      rows = Collections.unmodifiableList(copy);
    }
  }

  /**
   * A result with fields and no rows.
   *
   * @param fields the columns
   * @return the result
   */
  public static QueryResult of(List<Field> fields) {
    return new QueryResult(fields, List.of());
  }
}
