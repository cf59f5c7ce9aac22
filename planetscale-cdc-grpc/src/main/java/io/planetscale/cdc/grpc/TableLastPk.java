package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.Value;
import java.util.List;
import java.util.Objects;

/**
 * How far the copy of one table on one shard has come: Vitess's {@code binlogdata.TableLastPK}, an
 * entry of {@link ShardGtid#tablePks()}.
 *
 * <p>{@code lastPk} holds the primary key of the last row copied: the key columns as fields and
 * exactly one row of their values. A value is SQL NULL or has its field's type, so that the key
 * survives {@link VGtid#toJson()} exactly. A {@code null} {@code lastPk} names a table whose copy has
 * not started: a stream resumed from a position that lists it copies it from its first row.
 *
 * @param table the bare table name (without keyspace)
 * @param lastPk the primary key of the last row copied, or {@code null} when no row has been copied
 */
public record TableLastPk(String table, QueryResult lastPk) {

  /**
   * Validates the components.
   *
   * @param table the bare table name (without keyspace)
   * @param lastPk the primary key of the last row copied, or {@code null} when no row has been copied
   * @throws NullPointerException if {@code table} is null
   * @throws IllegalArgumentException if {@code table} is empty, or {@code lastPk} has no fields, not
   *     exactly one row, a row of another width than its fields, or a value of another type than its field
   */
  public TableLastPk {
    Objects.requireNonNull(table, "table");
    if (table.isEmpty()) {
      throw new IllegalArgumentException("a table's last primary key needs the table name, got \"\"");
    }
    if (lastPk != null) {
      checkLastPk(table, lastPk);
    }
  }

  /**
   * A table whose copy has not started.
   *
   * @param table the bare table name
   * @return the entry, with no last primary key
   */
  public static TableLastPk notStarted(String table) {
    return new TableLastPk(table, null);
  }

  /** @return true if at least one row of the table has been copied ({@link #lastPk()} is set) */
  public boolean isStarted() {
    return lastPk != null;
  }

  private static void checkLastPk(String table, QueryResult lastPk) {
    String who = "table \"" + table + "\": last primary key ";
    List<Field> fields = lastPk.fields();
    if (fields.isEmpty()) {
      throw new IllegalArgumentException(who + "has no fields; a copy cannot resume from it");
    }
    if (lastPk.rows().size() != 1) {
      throw new IllegalArgumentException(who + "has " + lastPk.rows().size() + " rows, expected exactly 1");
    }
    List<Value> row = lastPk.rows().get(0);
    if (row.size() != fields.size()) {
      throw new IllegalArgumentException(who + "has " + row.size() + " values for " + fields.size() + " fields");
    }
    for (int i = 0; i < row.size(); i++) {
      Value v = row.get(i);
      Field f = fields.get(i);
      if (!v.isNull() && v.type() != f.type()) {
        throw new IllegalArgumentException(who + "column \"" + f.name() + "\" is " + f.type()
            + " but its value is " + v.type());
      }
    }
  }
}
