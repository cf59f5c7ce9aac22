package io.planetscale.cdc.testkit;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.planetscale.cdc.wire.internal.proto.query.Row;

/**
 * One row as the fake stores it: the MySQL text bytes of each column (null = NULL), its key, and
 * the row pre-encoded as a Vitess {@code query.Row} of all columns, so a full-width copy sends it
 * without re-encoding. Immutable.
 */
final class StoredRow {
  final byte[][] cells;
  final RowKey key;
  final Row allColumns;

  StoredRow(byte[][] cells, RowKey key) {
    this.cells = cells;
    this.key = key;
    this.allColumns = encode(cells, null);
  }

  /** The row restricted to {@code columns} (indexes into the table's columns), or all if null. */
  Row project(int[] columns) {
    return columns == null ? allColumns : encode(cells, columns);
  }

  private static Row encode(byte[][] cells, int[] columns) {
    int n = columns == null ? cells.length : columns.length;
    Row.Builder row = Row.newBuilder();
    int size = 0;
    for (int j = 0; j < n; j++) {
      byte[] cell = cells[columns == null ? j : columns[j]];
      row.addLengths(cell == null ? -1 : cell.length);
      size += cell == null ? 0 : cell.length;
    }
    byte[] values = new byte[size];
    int offset = 0;
    for (int j = 0; j < n; j++) {
      byte[] cell = cells[columns == null ? j : columns[j]];
      if (cell != null) {
        System.arraycopy(cell, 0, values, offset, cell.length);
        offset += cell.length;
      }
    }
    // The array is never modified after this point, so the ByteString may share it.
    ByteString wrapped = UnsafeByteOperations.unsafeWrap(values);
    return row.setValues(wrapped).build();
  }
}
