package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResults;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.internal.EncodedRows;
import java.util.Arrays;
import java.util.List;

/**
 * Rows located in one message's bytes by a response reader: for each row, where its values lie in
 * those bytes and their lengths, in the layout {@link EncodedRows#of} takes. Written by the reader
 * on the transport's thread, read on the reading thread after the hand-over; never changed after.
 */
final class ScannedRows {
  private final byte[] wire;
  /** Every row's lengths, one row after the other. */
  private long[] lengths = new long[64];
  private int lengthCount;
  /** Per row: where its lengths start in {@link #lengths}, how many, where its values start, how many bytes. */
  private int[] rows = new int[16];
  private int rowCount;

  ScannedRows(byte[] wire) {
    this.wire = wire;
  }

  void addLength(long length) {
    if (lengthCount == lengths.length) {
      lengths = Arrays.copyOf(lengths, lengths.length * 2);
    }
    lengths[lengthCount++] = length;
  }

  /**
   * Ends a row whose lengths were added since {@code firstLength}, with its values' place in the message.
   *
   * @return the row's index
   */
  int addRow(int firstLength, int valuesOffset, int valuesSize) {
    if (4 * rowCount + 4 > rows.length) {
      rows = Arrays.copyOf(rows, rows.length * 2);
    }
    int r = 4 * rowCount;
    rows[r] = firstLength;
    rows[r + 1] = lengthCount - firstLength;
    rows[r + 2] = valuesOffset;
    rows[r + 3] = valuesSize;
    return rowCount++;
  }

  byte[] wire() {
    return wire;
  }

  /** Every row's lengths; row {@code r}'s are {@link #width} of them from {@link #firstLength}. */
  long[] lengths() {
    return lengths;
  }

  /** Four numbers per row (see {@link EncodedRows#of}). */
  int[] rows() {
    return rows;
  }

  int lengthCount() {
    return lengthCount;
  }

  int rowCount() {
    return rowCount;
  }

  int firstLength(int row) {
    return rows[4 * row];
  }

  int width(int row) {
    return rows[4 * row + 1];
  }

  int valuesOffset(int row) {
    return rows[4 * row + 2];
  }

  int valuesSize(int row) {
    return rows[4 * row + 3];
  }

  /**
   * Row {@code row}, decoded as {@link QueryResults#decodeRow} decodes it (sharing the bytes).
   *
   * @throws IllegalArgumentException if the row does not fit {@code fields}
   */
  List<Value> decode(List<Field> fields, int row) {
    int first = firstLength(row);
    long[] rowLengths = Arrays.copyOfRange(lengths, first, first + width(row));
    return QueryResults.decodeRow(fields, rowLengths, rowLengths.length, wire, valuesOffset(row), valuesSize(row));
  }

  /**
   * Every row, over the message's bytes.
   *
   * @throws IllegalArgumentException if a row does not fit {@code fields}
   */
  EncodedRows toRows(List<Field> fields) {
    return EncodedRows.of(fields, wire, lengths, rows, rowCount);
  }
}
