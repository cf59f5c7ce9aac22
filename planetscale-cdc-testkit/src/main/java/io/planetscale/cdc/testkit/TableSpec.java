package io.planetscale.cdc.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The schema of a table of {@link FakePlanetScale}: columns with their MySQL types, and the primary
 * key (required: Vitess copies and shards tables by it).
 *
 * <pre>{@code
 * TableSpec customers = TableSpec.builder("customers")
 *     .column("id", "bigint")
 *     .column("email", "varchar(255)")
 *     .column("created_at", "datetime(6)")
 *     .primaryKey("id")
 *     .build();
 * }</pre>
 *
 * @param name the table name
 * @param columns the columns, in ordinal order
 * @param primaryKey the primary-key columns, in key order
 */
public record TableSpec(String name, List<ColumnSpec> columns, List<String> primaryKey) {

  /**
   * Validates the schema: unique column names, a non-empty primary key of existing columns.
   *
   * @param name the table name
   * @param columns the columns
   * @param primaryKey the primary-key columns
   */
  public TableSpec {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("table name must not be empty");
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("table \"" + name + "\" needs at least one column");
    }
    Set<String> names = new HashSet<>();
    for (ColumnSpec c : columns) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("table \"" + name + "\" declares column \"" + c.name() + "\" twice");
      }
    }
    if (primaryKey.isEmpty()) {
      throw new IllegalArgumentException("table \"" + name + "\" needs a primary key");
    }
    for (String k : primaryKey) {
      if (!names.contains(k)) {
        throw new IllegalArgumentException("primary key column \"" + k + "\" of table \"" + name
            + "\" is not a column");
      }
    }
  }

  /**
   * @param name the table name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Finds a column.
   *
   * @param column the column name
   * @return its index in {@link #columns()}, or -1
   */
  public int indexOf(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    return -1;
  }

  /** Builds a {@link TableSpec}. */
  public static final class Builder {
    private final String name;
    private final List<ColumnSpec> columns = new ArrayList<>();
    private final List<String> primaryKey = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Adds a nullable column (primary-key columns are never nullable).
     *
     * @param column the column name
     * @param columnType the MySQL column type, e.g. {@code int unsigned}
     * @return this builder
     */
    public Builder column(String column, String columnType) {
      return column(column, columnType, true);
    }

    /**
     * Adds a column.
     *
     * @param column the column name
     * @param columnType the MySQL column type
     * @param nullable whether it accepts NULL
     * @return this builder
     */
    public Builder column(String column, String columnType, boolean nullable) {
      columns.add(new ColumnSpec(column, columnType, nullable));
      return this;
    }

    /**
     * Sets the primary key.
     *
     * @param keyColumns the key columns, in key order
     * @return this builder
     */
    public Builder primaryKey(String... keyColumns) {
      primaryKey.clear();
      primaryKey.addAll(List.of(keyColumns));
      return this;
    }

    /**
     * @return the table spec; key columns are made NOT NULL
     * @throws IllegalArgumentException if the schema is invalid
     */
    public TableSpec build() {
      List<ColumnSpec> fixed = new ArrayList<>();
      for (ColumnSpec c : columns) {
        fixed.add(primaryKey.contains(c.name()) ? new ColumnSpec(c.name(), c.columnType(), false) : c);
      }
      return new TableSpec(name, fixed, primaryKey);
    }
  }
}
