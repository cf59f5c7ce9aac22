package io.planetscale.cdc;

/**
 * Converts the values of one column, with the decision of {@link Values#convert} taken once per
 * column instead of once per value. SKELETON — helper A implements.
 */
final class ColumnConverter {
  private ColumnConverter() {}

  /**
   * @param property the column's JSON schema property
   * @param field the column as the server described it
   * @return a converter for that column's values
   */
  static ColumnConverter forColumn(StreamProperty property, Field field) {
    throw new UnsupportedOperationException();
  }

  /**
   * @param value a value of the column (possibly NULL)
   * @return the converted value, as {@link Values#convert} would return it
   * @throws SchemaMismatchException naming the value when it cannot be converted
   */
  Object convert(Value value) {
    throw new UnsupportedOperationException();
  }
}
