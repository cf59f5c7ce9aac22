package io.planetscale.cdc.postgres;

import java.util.Objects;

/**
 * A column of a discovered table.
 *
 * @param name the column name, unquoted
 * @param type its type, resolved
 * @param nullable false for a NOT NULL column
 */
record PgColumn(String name, PgColumnType type, boolean nullable) {
  PgColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
