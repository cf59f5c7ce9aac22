package io.planetscale.cdc.internal;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.QueryResults;
import io.planetscale.cdc.Value;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The rows of one result kept in their wire form: one array of bytes, and where each row's values
 * lie in it. Internal: not API, public only so that the SDK's transports can build it; it may
 * change in any release.
 *
 * <p>To a user it is the unmodifiable {@code List<List<Value>>} of {@link QueryResult#rows()}: row
 * {@code i} is made when asked for, as {@link QueryResults#decodeRow} makes it (sharing the
 * bytes). The sync engine reads the values' places instead ({@link #slices}, {@link #first},
 * {@link #width}) and converts straight from the bytes, with no object per row or per value.
 */
public final class EncodedRows extends AbstractList<List<Value>> implements RandomAccess {
  private final List<Field> fields;
  private final byte[] buffer;
  /** The index of row {@code r}'s first value among all values; one more entry at the end. */
  private final int[] rowFirst;
  /** Value {@code v} (of all rows) starts at {@code slices[2v]} and has {@code slices[2v+1]} bytes; -1 is NULL. */
  private final int[] slices;
  /** Per row: where its bytes start in {@link #buffer} and how many there are. */
  private final int[] rowBytes;

  private EncodedRows(List<Field> fields, byte[] buffer, int[] rowFirst, int[] slices, int[] rowBytes) {
    this.fields = fields;
    this.buffer = buffer;
    this.rowFirst = rowFirst;
    this.slices = slices;
    this.rowBytes = rowBytes;
  }

  /**
   * Checks and keeps the rows of a result, each as {@link QueryResults#decodeRow} would decode it
   * (and failing as it would, for the first row that does not fit).
   *
   * @param fields the columns, an immutable list
   * @param buffer holds every row's values; shared, and never to be modified afterwards
   * @param valueLengths the byte length of each value ({@code -1} for NULL), row after row
   * @param rows four numbers per row: where its lengths start in {@code valueLengths}, how many
   *     there are, where its values start in {@code buffer}, and how many bytes they take
   * @param rowCount the number of rows
   * @return the rows, an unmodifiable list ({@link QueryResult} keeps it without copying)
   * @throws IllegalArgumentException if a row has more values than fields, or a length is below
   *     {@code -1} or reaches past the row's bytes
   * @throws IndexOutOfBoundsException if a row's numbers do not lie within the arrays
   */
  public static EncodedRows of(List<Field> fields, byte[] buffer, long[] valueLengths, int[] rows, int rowCount) {
    List<Field> columns = List.copyOf(fields);
    Objects.checkFromIndexSize(0, 4 * rowCount, rows.length);
    int[] rowFirst = new int[rowCount + 1];
    int total = 0;
    for (int r = 0; r < rowCount; r++) {
      rowFirst[r] = total;
      total += rows[4 * r + 1];
    }
    rowFirst[rowCount] = total;
    int[] slices = new int[2 * total];
    int[] rowBytes = new int[2 * rowCount];
    for (int r = 0; r < rowCount; r++) {
      int first = rows[4 * r];
      int count = rows[4 * r + 1];
      int offset = rows[4 * r + 2];
      int size = rows[4 * r + 3];
      rowBytes[2 * r] = offset;
      rowBytes[2 * r + 1] = size;
      Objects.checkFromIndexSize(first, count, valueLengths.length);
      Objects.checkFromIndexSize(offset, size, buffer.length);
      if (count > columns.size()) {
        throw new IllegalArgumentException("row has " + count + " values but only " + columns.size()
            + " fields; lengths " + Arrays.toString(Arrays.copyOfRange(valueLengths, first, first + count)));
      }
      int at = offset;
      int end = offset + size;
      int v = rowFirst[r];
      for (int i = 0; i < count; i++, v++) {
        long length = valueLengths[first + i];
        if (length == -1) {
          slices[2 * v + 1] = -1;
          continue;
        }
        if (length < -1 || length > end - at) {
          throw new IllegalArgumentException("row value " + i + " has length " + length + " but only " + (end - at)
              + " of " + size + " bytes remain; lengths "
              + Arrays.toString(Arrays.copyOfRange(valueLengths, first, first + count)));
        }
        slices[2 * v] = at;
        slices[2 * v + 1] = (int) length;
        at += (int) length;
      }
    }
    return new EncodedRows(columns, buffer, rowFirst, slices, rowBytes);
  }

  /** @return the fields the rows were decoded with */
  public List<Field> fields() {
    return fields;
  }

  /** @return the bytes of every row's values, shared and never to be modified */
  public byte[] buffer() {
    return buffer;
  }

  /**
   * Where every value lies: value {@code v} (counting the values of all rows, see {@link #first})
   * starts at {@code slices[2v]} in {@link #buffer()} and has {@code slices[2v+1]} bytes, -1 for
   * NULL. Shared: never to be modified.
   *
   * @return the places of the values
   */
  public int[] slices() {
    return slices;
  }

  /**
   * @param row a row
   * @return the index of the row's first value among the values of all rows
   */
  public int first(int row) {
    return rowFirst[row];
  }

  /**
   * @param row a row
   * @return how many values the row has
   */
  public int width(int row) {
    return rowFirst[row + 1] - rowFirst[row];
  }

  @Override
  public int size() {
    return rowFirst.length - 1;
  }

  /** Row {@code index}, made now as {@link QueryResults#decodeRow} makes it; its values share the bytes. */
  @Override
  public List<Value> get(int index) {
    Objects.checkIndex(index, size());
    int first = rowFirst[index];
    long[] rowLengths = new long[rowFirst[index + 1] - first];
    for (int i = 0; i < rowLengths.length; i++) {
      rowLengths[i] = slices[2 * (first + i) + 1];
    }
    return QueryResults.decodeRow(fields, rowLengths, rowLengths.length, buffer, rowBytes[2 * index],
        rowBytes[2 * index + 1]);
  }
}
