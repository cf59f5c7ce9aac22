package io.planetscale.cdc.testkit;

import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import io.planetscale.cdc.spi.MysqlColumnTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table's schema compiled for serving: Vitess types, collations, the {@code query.Field}s the
 * server sends, key column positions, and per-column value encoders.
 */
final class FakeTable {
  private static final int NOT_NULL_FLAG = 1;
  private static final int PRI_KEY_FLAG = 2;
  private static final int UNSIGNED_FLAG = 32;
  private static final int BINARY_FLAG = 128;

  final TableSpec spec;
  final VitessType[] types;
  final List<Field> fields;
  final int[] keyColumns;
  /** Per column: its ENUM/SET members, or null for other types. */
  final EnumSetValues[] enumSets;
  /** Per column: whether it is a BLOB or TEXT column (left out of NOBLOB row images). */
  final boolean[] blobs;
  /** Whether any column is an ENUM or a SET. */
  final boolean hasEnumOrSet;
  private final VitessType[] keyTypes;
  private final CellEncoder[] encoders;
  private final Map<String, Integer> indexByName = new HashMap<>();

  FakeTable(TableSpec spec, String keyspace) {
    this.spec = spec;
    int n = spec.columns().size();
    types = new VitessType[n];
    encoders = new CellEncoder[n];
    enumSets = new EnumSetValues[n];
    blobs = new boolean[n];
    boolean enumOrSet = false;
    List<Field> protoFields = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ColumnSpec c = spec.columns().get(i);
      indexByName.put(c.name(), i);
      types[i] = MysqlColumnTypes.vitessType(c.columnType());
      encoders[i] = new CellEncoder(c.name(), types[i], c.columnType());
      enumSets[i] = EnumSetValues.of(c.columnType());
      enumOrSet |= enumSets[i] != null;
      blobs[i] = types[i] == VitessType.TEXT || types[i] == VitessType.BLOB;
      int collation = MysqlColumnTypes.defaultCollation(c.columnType());
      int flags = (c.nullable() ? 0 : NOT_NULL_FLAG) | (spec.primaryKey().contains(c.name()) ? PRI_KEY_FLAG : 0)
          | (types[i].isUnsigned() ? UNSIGNED_FLAG : 0) | (collation == 63 && !types[i].isIntegral() ? BINARY_FLAG : 0);
      protoFields.add(Field.newBuilder().setName(c.name()).setTypeValue(types[i].code()).setTable(spec.name())
          .setOrgTable(spec.name()).setDatabase(keyspace).setOrgName(c.name()).setCharset(collation)
          .setFlags(flags).setColumnType(c.columnType()).build());
    }
    fields = List.copyOf(protoFields);
    hasEnumOrSet = enumOrSet;
    keyColumns = new int[spec.primaryKey().size()];
    keyTypes = new VitessType[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      keyColumns[k] = indexByName.get(spec.primaryKey().get(k));
      keyTypes[k] = types[keyColumns[k]];
    }
  }

  String name() {
    return spec.name();
  }

  /** @return the column's index, or -1 */
  int indexOf(String column) {
    Integer i = indexByName.get(column);
    return i == null ? -1 : i;
  }

  /**
   * Encodes a full row; columns not given are NULL.
   *
   * @throws IllegalArgumentException naming an unknown column, a NULL in a NOT NULL column, or a
   *     value the column cannot hold
   */
  StoredRow row(Map<String, ?> values) {
    byte[][] cells = new byte[types.length][];
    for (Map.Entry<String, ?> e : values.entrySet()) {
      int i = require(e.getKey());
      cells[i] = encoders[i].encode(e.getValue());
    }
    return stored(cells);
  }

  /** A copy of {@code base} with the given columns changed. */
  StoredRow changed(StoredRow base, Map<String, ?> values) {
    byte[][] cells = base.cells.clone();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      int i = require(e.getKey());
      cells[i] = encoders[i].encode(e.getValue());
    }
    return stored(cells);
  }

  /** The key for a primary-key value: the value itself for a one-column key, or a column → value map. */
  RowKey key(Object pk) {
    byte[][] cells = new byte[keyColumns.length][];
    if (pk instanceof Map) {
      Map<?, ?> byColumn = (Map<?, ?>) pk;
      for (int k = 0; k < keyColumns.length; k++) {
        String column = spec.primaryKey().get(k);
        if (!byColumn.containsKey(column)) {
          throw new IllegalArgumentException("primary key of table \"" + name() + "\" needs column \"" + column + "\"");
        }
        cells[k] = encoders[keyColumns[k]].encode(byColumn.get(column));
      }
      if (byColumn.size() != keyColumns.length) {
        throw new IllegalArgumentException("primary key of table \"" + name() + "\" is " + spec.primaryKey()
            + ", got " + byColumn.keySet());
      }
    } else {
      if (keyColumns.length != 1) {
        throw new IllegalArgumentException("table \"" + name() + "\" has a composite key " + spec.primaryKey()
            + ": pass a Map of column to value");
      }
      cells[0] = encoders[keyColumns[0]].encode(pk);
    }
    for (int k = 0; k < cells.length; k++) {
      if (cells[k] == null) {
        throw new IllegalArgumentException("primary key column \"" + spec.primaryKey().get(k) + "\" of table \""
            + name() + "\" cannot be NULL");
      }
    }
    return new RowKey(cells, keyTypes);
  }

  /** The key of a copy-resume cursor: one value per key column, in key order. */
  RowKey key(byte[][] keyCells) {
    return new RowKey(keyCells, keyTypes);
  }

  private StoredRow stored(byte[][] cells) {
    byte[][] keyCells = new byte[keyColumns.length][];
    for (int k = 0; k < keyColumns.length; k++) {
      keyCells[k] = cells[keyColumns[k]];
      if (keyCells[k] == null) {
        throw new IllegalArgumentException("primary key column \"" + spec.primaryKey().get(k) + "\" of table \""
            + name() + "\" cannot be NULL");
      }
    }
    for (int i = 0; i < cells.length; i++) {
      if (cells[i] == null && !spec.columns().get(i).nullable()) {
        throw new IllegalArgumentException("column \"" + spec.columns().get(i).name() + "\" of table \"" + name()
            + "\" is NOT NULL");
      }
    }
    return new StoredRow(cells, new RowKey(keyCells, keyTypes));
  }

  private int require(String column) {
    int i = indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("table \"" + name() + "\" has no column \"" + column + "\"");
    }
    return i;
  }
}
