package io.planetscale.cdc.testkit;

import java.util.Objects;

/**
 * One column of a {@link TableSpec}.
 *
 * @param name the column name
 * @param columnType the MySQL column type as information_schema spells it, e.g. {@code bigint},
 *     {@code varchar(255)}, {@code datetime(6)}, {@code tinyint(1)}, {@code decimal(10,2)}
 * @param nullable whether the column accepts NULL ({@code is_nullable = YES})
 */
public record ColumnSpec(String name, String columnType, boolean nullable) {
  /**
   * Validates the components.
   *
   * @param name the column name
   * @param columnType the MySQL column type
   * @param nullable whether the column accepts NULL
   */
  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(columnType, "columnType");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("column name must not be empty");
    }
    if (columnType.isBlank()) {
      throw new IllegalArgumentException("column \"" + name + "\" needs a column type");
    }
  }
}
