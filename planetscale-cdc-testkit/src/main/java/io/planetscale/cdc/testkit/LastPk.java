package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.query.Field;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A copy-resume key on the wire: a {@code query.QueryResult} with the primary-key fields and exactly
 * one row (psdbconnect {@code last_known_pk}, VStream {@code TableLastPK.lastpk}).
 */
final class LastPk {
  private LastPk() {}

  /** The key as one row of its key columns' text. */
  static Row row(RowKey key) {
    return new StoredRow(key.cells(), key).allColumns;
  }

  /** The wire form: {@code fields} (the key columns' fields) and the key's row. */
  static QueryResult of(List<Field> fields, RowKey key) {
    return QueryResult.newBuilder().addAllFields(fields).addRows(row(key)).build();
  }

  /**
   * The key a lastpk names: its fields must be the table's primary key, in key order, with one row.
   *
   * @param what the name of the wire field, for messages ({@code last_known_pk}, {@code lastpk})
   * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT naming what is wrong
   */
  static RowKey parse(FakeTable table, QueryResult pk, String what) {
    List<String> names = new ArrayList<>();
    for (Field f : pk.getFieldsList()) {
      names.add(f.getName());
    }
    if (!names.equals(table.spec.primaryKey()) || pk.getRowsCount() != 1) {
      throw SyncFailure.invalidArgument(what + " must hold one row of the primary key "
          + table.spec.primaryKey() + " of table \"" + table.name() + "\", got fields " + names + " and "
          + pk.getRowsCount() + " rows");
    }
    Row row = pk.getRows(0);
    byte[] values = row.getValues().toByteArray();
    byte[][] cells = new byte[names.size()][];
    int offset = 0;
    for (int k = 0; k < cells.length; k++) {
      long length = k < row.getLengthsCount() ? row.getLengths(k) : -1;
      if (length < 0 || offset + length > values.length) {
        throw SyncFailure.invalidArgument(what + " value of \"" + names.get(k) + "\" is missing or NULL");
      }
      cells[k] = Arrays.copyOfRange(values, offset, (int) (offset + length));
      offset += (int) length;
    }
    try {
      return table.key(cells);
    } catch (NumberFormatException e) {
      throw SyncFailure.invalidArgument(what + " of table \"" + table.name() + "\" is not a valid key: "
          + e.getMessage());
    }
  }
}
