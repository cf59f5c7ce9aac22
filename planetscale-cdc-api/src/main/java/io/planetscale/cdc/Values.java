package io.planetscale.cdc;

/** Converts SQL values to JSON-compatible Java values. SKELETON — helper A implements. */
public final class Values {
  private Values() {}

  /**
   * Converts a value for a property of a stream's JSON schema (Go's {@code Convert}, fixed).
   *
   * @param property the JSON schema property of the column
   * @param value the SQL value
   * @return {@code null}, a {@code Long}, {@code BigInteger}, {@code BigDecimal}, {@code Double},
   *     {@code Boolean} or {@code String}
   * @throws SchemaMismatchException if the value cannot be converted to the property's type
   */
  public static Object convert(StreamProperty property, Value value) {
    throw new UnsupportedOperationException();
  }
}
