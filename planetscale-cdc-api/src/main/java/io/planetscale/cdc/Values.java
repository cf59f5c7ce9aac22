package io.planetscale.cdc;

import java.util.Objects;

/** Converts SQL values to JSON-compatible Java values. */
public final class Values {
  private Values() {}

  /**
   * Converts a value for a property of a stream's JSON schema: Go's {@code Convert}, in Go's
   * decision order, with Go's data-losing cases fixed.
   *
   * <ol>
   *   <li>FLOAT32/FLOAT64 → {@code Double}, whatever the property says; NaN or infinity is an error.
   *   <li>NULL → {@code null}.
   *   <li>{@code format: date-time}: {@code YYYY-MM-DD HH:MM:SS[.ffffff]} (or a bare date, meaning
   *       midnight) → {@code "YYYY-MM-DDTHH:MM:SS[.ffffff]Z"} with the source's fraction digits; a
   *       zero, invalid or unparsable date → {@code null}.
   *   <li>{@code integer} or {@code number}: integral types and YEAR → {@code Long} (UINT64 above
   *       2^63-1 → {@code BigInteger}); DECIMAL → exact {@code BigDecimal} ({@code .33} → {@code 0.33});
   *       BIT → its unsigned big-endian value; text holding a number → that number; anything else
   *       is an error.
   *   <li>{@code boolean}: an integral or BIT value 0 or 1 → {@code Boolean}; anything else is an error.
   *   <li>Otherwise a {@code String}: BIT, GEOMETRY, VECTOR and binary-collation (63)
   *       BLOB/BINARY/VARBINARY → standard Base64 of the bytes; JSON → its UTF-8 text; everything
   *       else decoded with the value's collation (UTF-8 when unknown).
   * </ol>
   *
   * @param property the JSON schema property of the column
   * @param value the SQL value
   * @return {@code null}, a {@code Long}, {@code BigInteger}, {@code BigDecimal}, {@code Double},
   *     {@code Boolean} or {@code String}
   * @throws SchemaMismatchException if the value cannot be converted to the property's type; the
   *     message names the value and the property's types
   */
  public static Object convert(StreamProperty property, Value value) {
    Objects.requireNonNull(value, "value");
    return ColumnConverter.forValue(property, value).convert(value);
  }
}
