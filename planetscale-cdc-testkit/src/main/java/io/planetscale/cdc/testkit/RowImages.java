package io.planetscale.cdc.testkit;

import com.google.protobuf.ByteString;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The {@code binlogdata.RowChange} of a row change as vttablet builds it from the binlog: insert =
 * after only, delete = before only, update = both; only the columns the filter selects; with a partial
 * {@link RowImage}, only the columns the binlog holds. A partial image's {@code query.Row} has every
 * selected column, a column not logged with length -1 (as vttablet sends it: it looks like NULL), and
 * {@code data_columns} says which are present: a bitmap over
 * the selected columns ({@code count} = their number; bit i = {@code (cols[i/8] >> (i%8)) & 1}). The
 * bitmap describes the after-image only, and is sent only when that is partial: like vttablet, a
 * before-image (an update's or a delete's) never has one, so its -1s look like NULLs (with MINIMAL
 * it holds the key columns, with NOBLOB every column except BLOB and TEXT ones that are not keys,
 * whether or not they changed). Full images carry no bitmap.
 */
final class RowImages {
  private RowImages() {}

  /** A copy-phase row: an insert of the selected columns, values as MySQL's SELECT returns them. */
  static RowChange copied(StoredRow row, VStreamFilter.Projection projection) {
    return RowChange.newBuilder().setAfter(row.project(projection.columns())).build();
  }

  /** A replication-phase change, as written under {@code image}; ENUM/SET as numbers if asked. */
  static RowChange replicated(Change c, FakeTable table, VStreamFilter.Projection projection, RowImage image,
      boolean enumSetNumbers) {
    int[] columns = projection.columns() != null ? projection.columns() : all(table.fields.size());
    boolean[] before = c.before() == null ? null : beforeImage(table, image);
    boolean[] after = c.after() == null ? null : afterImage(c, table, image);
    RowChange.Builder change = RowChange.newBuilder();
    if (before != null) {
      change.setBefore(row(c.before(), table, columns, before, enumSetNumbers, projection));
    }
    if (after != null) {
      change.setAfter(row(c.after(), table, columns, after, enumSetNumbers, projection));
    }
    if (after == null) {
      return change.build(); // vttablet sets data_columns only with an after image: a delete's -1s say nothing more
    }
    byte[] bits = new byte[(columns.length + 7) / 8];
    boolean partial = false;
    for (int j = 0; j < columns.length; j++) {
      if (after[columns[j]]) {
        bits[j / 8] |= (byte) (1 << (j % 8));
      } else {
        partial = true;
      }
    }
    if (partial) {
      change.setDataColumns(RowChange.Bitmap.newBuilder().setCount(columns.length).setCols(ByteString.copyFrom(bits)));
    }
    return change.build();
  }

  private static boolean[] beforeImage(FakeTable table, RowImage image) {
    boolean[] present = new boolean[table.fields.size()];
    for (int i = 0; i < present.length; i++) {
      present[i] = image == RowImage.FULL || (image == RowImage.NOBLOB && !table.blobs[i]);
    }
    for (int k : table.keyColumns) {
      present[k] = true;
    }
    return present;
  }

  private static boolean[] afterImage(Change c, FakeTable table, RowImage image) {
    boolean[] present = new boolean[table.fields.size()];
    for (int i = 0; i < present.length; i++) {
      boolean changed = c.before() == null || !Arrays.equals(c.before().cells[i], c.after().cells[i]);
      present[i] = image == RowImage.FULL || changed || (image == RowImage.NOBLOB && !table.blobs[i]);
    }
    if (image == RowImage.NOBLOB) {
      for (int k : table.keyColumns) {
        present[k] = true;
      }
    }
    return present;
  }

  private static Row row(StoredRow stored, FakeTable table, int[] columns, boolean[] present, boolean enumSetNumbers,
      VStreamFilter.Projection projection) {
    boolean full = true;
    boolean enums = false;
    for (int col : columns) {
      full &= present[col];
      enums |= enumSetNumbers && table.enumSets[col] != null;
    }
    if (full && !enums) {
      return stored.project(projection.columns()); // pre-encoded when every column is selected
    }
    Row.Builder row = Row.newBuilder();
    ByteArrayOutputStream values = new ByteArrayOutputStream();
    for (int col : columns) {
      if (!present[col]) {
        row.addLengths(-1); // not sent: -1 like NULL, but the bitmap (or, for a before image, nothing) says so
        continue;
      }
      byte[] cell = stored.cells[col];
      if (cell != null && enumSetNumbers && table.enumSets[col] != null) {
        cell = table.enumSets[col].number(cell);
      }
      row.addLengths(cell == null ? -1 : cell.length);
      if (cell != null) {
        values.writeBytes(cell);
      }
    }
    return row.setValues(ByteString.copyFrom(values.toByteArray())).build();
  }

  private static int[] all(int n) {
    int[] columns = new int[n];
    for (int i = 0; i < n; i++) {
      columns[i] = i;
    }
    return columns;
  }
}
