package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Helpers over {@link QueryResult}, and the {@code query.Row} encoding of a row's values. */
public final class QueryResults {
  private QueryResults() {}

  /**
   * One map per row from column name to value (Go's {@code QueryResultToRecords}); values beyond
   * the number of fields are ignored; column order is kept.
   *
   * @param result the result
   * @return the rows as maps, an empty list for a result without rows
   */
  public static List<Map<String, Value>> toRecords(QueryResult result) {
    List<Field> fields = result.fields();
    List<Map<String, Value>> records = new ArrayList<>(result.rows().size());
    for (List<Value> row : result.rows()) {
      int n = Math.min(fields.size(), row.size());
      // Sized so that n entries never trigger a rehash at the default load factor.
      Map<String, Value> record = new LinkedHashMap<>(n * 4 / 3 + 1);
      for (int i = 0; i < n; i++) {
        record.put(fields.get(i).name(), row.get(i));
      }
      records.add(record);
    }
    return records;
  }

  /**
   * Decodes the values of a {@code query.Row}: value {@code i} is {@code lengths[i]} bytes of
   * {@code values}, following value {@code i-1}; a length of {@code -1} is NULL. Each value is typed
   * and given the collation of its field.
   *
   * <p>The values share {@code values} instead of copying it: the caller must not modify the array
   * afterwards. Bytes after the last value are ignored, and a row may have fewer values than fields.
   *
   * @param fields the columns
   * @param lengths the byte length of each value, {@code -1} for NULL (not kept: the caller may reuse it)
   * @param values all non-NULL values concatenated
   * @return the row, an unmodifiable list (so {@link QueryResult} keeps it without copying)
   * @throws IllegalArgumentException if there are more lengths than fields, or a length is below
   *     {@code -1} or reaches past the end of {@code values}
   */
  public static List<Value> decodeRow(List<Field> fields, long[] lengths, byte[] values) {
    return decodeRow(fields, lengths, lengths.length, values, 0, values.length);
  }

  /**
   * Decodes the values of a {@code query.Row} whose bytes are a slice of a larger array, as
   * {@link #decodeRow(List, long[], byte[])} does: value {@code i} is {@code lengths[i]} bytes,
   * following value {@code i-1}, the first starting at {@code offset}; no value may reach past
   * {@code offset + size}. The values share {@code buffer}, which must never be modified afterwards.
   * The row keeps each value's place in {@code buffer} rather than a {@link Value} per column: its
   * values are made when read, and the sync engine converts straight from the bytes.
   *
   * @param fields the columns
   * @param lengths the byte length of each value, {@code -1} for NULL (not kept: the caller may reuse it)
   * @param count how many of {@code lengths} belong to the row (the values)
   * @param buffer holds the row's non-NULL values, concatenated
   * @param offset where the row's bytes start in {@code buffer}
   * @param size how many bytes of {@code buffer} belong to the row
   * @return the row, an unmodifiable list (so {@link QueryResult} keeps it without copying)
   * @throws IllegalArgumentException if there are more values than fields, or a length is below
   *     {@code -1} or reaches past the row's bytes
   * @throws IndexOutOfBoundsException if {@code count} exceeds {@code lengths}, or {@code offset}
   *     and {@code size} do not lie within {@code buffer}
   */
  public static List<Value> decodeRow(List<Field> fields, long[] lengths, int count, byte[] buffer, int offset,
      int size) {
    Objects.checkFromIndexSize(0, count, lengths.length);
    Objects.checkFromIndexSize(offset, size, buffer.length);
    if (count > fields.size()) {
      throw new IllegalArgumentException("row has " + count + " values but only " + fields.size()
          + " fields; lengths " + Arrays.toString(Arrays.copyOf(lengths, count)));
    }
    int[] slices = new int[2 * count];
    int at = offset;
    int end = offset + size;
    for (int i = 0; i < count; i++) {
      long length = lengths[i];
      if (length == -1) {
        slices[2 * i + 1] = -1;
        continue;
      }
      if (length < -1 || length > end - at) {
        throw new IllegalArgumentException("row value " + i + " has length " + length + " but only "
            + (end - at) + " of " + size + " bytes remain; lengths " + Arrays.toString(Arrays.copyOf(lengths, count)));
      }
      slices[2 * i] = at;
      slices[2 * i + 1] = (int) length;
      at += (int) length;
    }
    // Values are typed when read: keep the fields as they are now (an immutable list is kept as it is).
    return new EncodedRow(List.copyOf(fields), buffer, slices);
  }

  /**
   * Encodes a row the way {@code query.Row} carries it, the inverse of {@link #decodeRow}.
   *
   * @param row the values
   * @param lengths receives the byte length of each value ({@code -1} for NULL); at least
   *     {@code row.size()} long
   * @return all non-NULL values' bytes concatenated
   * @throws IllegalArgumentException if {@code lengths} is shorter than the row
   */
  public static byte[] encodeRow(List<Value> row, long[] lengths) {
    int n = row.size();
    if (lengths.length < n) {
      throw new IllegalArgumentException("lengths has room for " + lengths.length + " values, the row has " + n);
    }
    int total = 0;
    for (int i = 0; i < n; i++) {
      Value v = row.get(i);
      lengths[i] = v.isNull() ? -1 : v.length();
      total += v.length();
    }
    byte[] values = new byte[total];
    int offset = 0;
    for (int i = 0; i < n; i++) {
      Value v = row.get(i);
      if (!v.isNull()) {
        System.arraycopy(v.buffer(), v.offset(), values, offset, v.length());
        offset += v.length();
      }
    }
    return values;
  }
}
