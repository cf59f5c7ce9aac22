package io.planetscale.cdc.postgres.internal.pgoutput;

import java.util.List;

/**
 * A row's values in the order of its relation's columns ({@link RelationMessage#columns()}).
 *
 * @param values one value per column
 */
public record TupleData(List<TupleValue> values) {
  /** Copies the list, so that the tuple stays immutable. */
  public TupleData {
    values = List.copyOf(values);
  }

  /**
   * A tuple of values.
   *
   * @param values one value per column
   * @return the tuple
   */
  public static TupleData of(TupleValue... values) {
    return new TupleData(List.of(values));
  }

  /**
   * The number of columns.
   *
   * @return the number of values
   */
  public int size() {
    return values.size();
  }

  /**
   * One column's value.
   *
   * @param index the column's position, from 0
   * @return its value
   */
  public TupleValue get(int index) {
    return values.get(index);
  }
}
