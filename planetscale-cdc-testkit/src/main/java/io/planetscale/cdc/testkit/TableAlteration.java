package io.planetscale.cdc.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code ALTER TABLE} of a {@link FakeTable}: the new schema, the statement as the binlog
 * records it, and how a stored row is rewritten into the new layout. Adding a column appends it
 * (existing rows hold NULL there, so it must be nullable); dropping one removes its values. Key
 * columns cannot be dropped, so row keys never change.
 */
final class TableAlteration {
  final TableSpec spec;
  final String statement;
  private final int added; // index of the added column, or -1
  private final int dropped; // index of the dropped column, or -1

  private TableAlteration(TableSpec spec, String statement, int added, int dropped) {
    this.spec = spec;
    this.statement = statement;
    this.added = added;
    this.dropped = dropped;
  }

  /**
   * @throws IllegalArgumentException if the table has a column of that name, or the column is NOT NULL
   */
  static TableAlteration addColumn(TableSpec current, ColumnSpec column) {
    if (current.indexOf(column.name()) >= 0) {
      throw new IllegalArgumentException("table \"" + current.name() + "\" already has a column \"" + column.name()
          + "\"");
    }
    if (!column.nullable()) {
      throw new IllegalArgumentException("column \"" + column.name() + "\" must be nullable: the rows table \""
          + current.name() + "\" already holds get NULL in it");
    }
    List<ColumnSpec> columns = new ArrayList<>(current.columns());
    columns.add(column);
    return new TableAlteration(new TableSpec(current.name(), columns, current.primaryKey()),
        "ALTER TABLE " + quote(current.name()) + " ADD COLUMN " + quote(column.name()) + " " + column.columnType(),
        columns.size() - 1, -1);
  }

  /**
   * @throws IllegalArgumentException if there is no such column, it is a key column, or it is the last one
   */
  static TableAlteration dropColumn(TableSpec current, String column) {
    int i = current.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("table \"" + current.name() + "\" has no column \"" + column + "\"");
    }
    if (current.primaryKey().contains(column)) {
      throw new IllegalArgumentException("column \"" + column + "\" is part of the primary key of table \""
          + current.name() + "\" and cannot be dropped");
    }
    List<ColumnSpec> columns = new ArrayList<>(current.columns());
    columns.remove(i);
    return new TableAlteration(new TableSpec(current.name(), columns, current.primaryKey()),
        "ALTER TABLE " + quote(current.name()) + " DROP COLUMN " + quote(column), -1, i);
  }

  /** The {@code CREATE TABLE} statement the binlog records for a new table. */
  static String createStatement(TableSpec spec) {
    StringBuilder sb = new StringBuilder("CREATE TABLE ").append(quote(spec.name())).append(" (");
    for (ColumnSpec c : spec.columns()) {
      sb.append(quote(c.name())).append(' ').append(c.columnType()).append(c.nullable() ? "" : " NOT NULL")
          .append(", ");
    }
    sb.append("PRIMARY KEY (");
    for (int k = 0; k < spec.primaryKey().size(); k++) {
      sb.append(k == 0 ? "" : ", ").append(quote(spec.primaryKey().get(k)));
    }
    return sb.append("))").toString();
  }

  /** The row in the new layout; its key is unchanged. */
  StoredRow rewrite(StoredRow row) {
    byte[][] cells = new byte[spec.columns().size()][];
    if (added >= 0) {
      System.arraycopy(row.cells, 0, cells, 0, row.cells.length); // the new last cell stays NULL
    } else {
      System.arraycopy(row.cells, 0, cells, 0, dropped);
      System.arraycopy(row.cells, dropped + 1, cells, dropped, cells.length - dropped);
    }
    return new StoredRow(cells, row.key);
  }

  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
