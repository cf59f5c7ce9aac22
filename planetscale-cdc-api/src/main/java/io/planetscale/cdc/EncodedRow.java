package io.planetscale.cdc;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A decoded {@code query.Row} kept in its wire form: where each value lies in the row's bytes, and
 * the fields that type them. It is the row as {@link QueryResults#decodeRow} returns it, an
 * unmodifiable {@code List<Value>} whose {@link Value}s are made only when asked for (each
 * {@link #get} makes a new one over the shared bytes), so the sync hot path
 * ({@link RecordConverter}) converts straight from the bytes and allocates no {@code Value} per
 * column. Equal to any list of equal values.
 */
final class EncodedRow extends AbstractList<Value> implements RandomAccess {
  private final List<Field> fields;
  private final byte[] buffer;
  /** Value {@code i} starts at {@code slices[2i]} and has {@code slices[2i+1]} bytes; -1 is NULL. */
  private final int[] slices;

  /**
   * @param fields the fields; value {@code i} is typed by field {@code i} (there may be more fields than values)
   * @param buffer the bytes, shared and never modified
   * @param slices start and length of each value (length -1 for NULL), owned from now on
   */
  EncodedRow(List<Field> fields, byte[] buffer, int[] slices) {
    this.fields = fields;
    this.buffer = buffer;
    this.slices = slices;
  }

  /** The fields the values were decoded with: the same list for every row of a result. */
  List<Field> fields() {
    return fields;
  }

  /** The bytes of the values, shared and never to be modified. */
  byte[] buffer() {
    return buffer;
  }

  /** Value {@code i} starts at {@code slices()[2i]} and has {@code slices()[2i+1]} bytes, -1 for NULL; never modified. */
  int[] slices() {
    return slices;
  }

  @Override
  public int size() {
    return slices.length / 2;
  }

  @Override
  public Value get(int i) {
    Objects.checkIndex(i, size());
    int length = slices[2 * i + 1];
    if (length < 0) {
      return Value.NULL;
    }
    Field field = fields.get(i);
    return Value.wrap(field.type(), buffer, slices[2 * i], length, field.charset());
  }
}
