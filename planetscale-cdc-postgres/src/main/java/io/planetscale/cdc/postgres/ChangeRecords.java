package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.postgres.internal.pgoutput.DeleteMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.OldTupleKind;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationColumn;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.TupleData;
import io.planetscale.cdc.postgres.internal.pgoutput.TupleValue;
import io.planetscale.cdc.postgres.internal.pgoutput.UpdateMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds records from pgoutput tuples. A value the server did not send (an unchanged TOASTed value, or a
 * non-key column of a key-only old tuple) is never made up: the column is left out of the image and named
 * in {@link Record#absentColumns()} or {@link Record#absentBeforeColumns()}.
 */
final class ChangeRecords {
  private final ValueConverter converter;

  ChangeRecords(ValueConverter converter) {
    this.converter = converter;
  }

  /** One image: its values by column, and the columns it lacks (null for none, the common case). */
  private record Image(RowValues values, Set<String> absent) {}

  Record insert(SyncTable table, RelationMessage relation, TupleData tuple, RecordPosition position, Instant now) {
    Image image = image(table, relation, tuple, false);
    return new Record(table.streamName(), Operation.INSERT, image.values, null, now, position, image.absent, null);
  }

  Record update(SyncTable table, RelationMessage relation, UpdateMessage update, RecordPosition position,
      Instant now) {
    Image image = image(table, relation, update.newTuple(), false);
    Image before = update.oldTuple().isEmpty() ? null
        : image(table, relation, update.oldTuple().get(), update.oldKind() == OldTupleKind.KEY);
    return new Record(table.streamName(), Operation.UPDATE, image.values, before == null ? null : before.values,
        now, position, image.absent, before == null ? null : before.absent);
  }

  Record delete(SyncTable table, RelationMessage relation, DeleteMessage delete, RecordPosition position,
      Instant now) {
    Image before = image(table, relation, delete.oldTuple(), delete.oldKind() == OldTupleKind.KEY);
    List<String> keyColumns = keyColumns(table, relation);
    RowValues key = new RowValues(keyColumns.size());
    Set<String> absentKey = null;
    for (String column : keyColumns) {
      if (before.values.containsKey(column)) {
        key.add(column, before.values.get(column));
      } else {
        absentKey = absentKey == null ? new LinkedHashSet<>() : absentKey;
        absentKey.add(column);
      }
    }
    return new Record(table.streamName(), Operation.DELETE, key, before.values, now, position, absentKey,
        before.absent);
  }

  Record truncate(SyncTable table, RecordPosition position, Instant now) {
    return new Record(table.streamName(), Operation.TRUNCATE, Map.of(), null, now, position);
  }

  /** A snapshot row: its columns' text forms (null for SQL NULL), in the order of {@code names}. */
  Record snapshotRow(SyncTable table, List<String> names, long[] typeOids, String[] texts, RecordPosition position,
      Instant now) {
    RowValues values = new RowValues(names.size());
    for (int i = 0; i < names.size(); i++) {
      values.add(names.get(i), texts[i] == null ? null : converter.convert(typeOids[i], texts[i]));
    }
    return new Record(table.streamName(), Operation.INSERT, values, null, now, position);
  }

  private Image image(SyncTable table, RelationMessage relation, TupleData tuple, boolean keyOnly) {
    List<RelationColumn> columns = relation.columns();
    boolean all = table.selectedColumns().isEmpty();
    RowValues values = new RowValues(all ? columns.size() : table.selectedColumns().size());
    Set<String> absent = null;
    if (all) {
      for (int i = 0; i < columns.size(); i++) {
        absent = put(columns.get(i), tuple.get(i), keyOnly, values, absent);
      }
      return new Image(values, absent);
    }
    for (String name : table.selectedColumns()) {
      int index = indexOf(columns, name);
      if (index < 0) {
        absent = absent == null ? new LinkedHashSet<>() : absent;
        absent.add(name); // the table no longer has it (announced as a schema change)
      } else {
        absent = put(columns.get(index), tuple.get(index), keyOnly, values, absent);
      }
    }
    return new Image(values, absent);
  }

  /** Adds a value, or names the column absent; returns the absent set (created on first use). */
  private Set<String> put(RelationColumn column, TupleValue value, boolean keyOnly, RowValues values,
      Set<String> absent) {
    if ((keyOnly && !column.key()) || value instanceof TupleValue.UnchangedToast) {
      Set<String> set = absent == null ? new LinkedHashSet<>() : absent;
      set.add(column.name());
      return set;
    }
    if (value instanceof TupleValue.Text text) {
      values.add(column.name(), converter.convert(column.typeOid(), text.text()));
    } else if (value instanceof TupleValue.Binary binary) {
      values.add(column.name(), binary.bytes()); // the binary option is never asked; kept for completeness
    } else {
      values.add(column.name(), null);
    }
    return absent;
  }

  private static int indexOf(List<RelationColumn> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The delete's key: the stream's primary key, or the replica identity's columns for a table without one. */
  private static List<String> keyColumns(SyncTable table, RelationMessage relation) {
    if (!table.keyColumns().isEmpty()) {
      return table.keyColumns();
    }
    List<String> key = new ArrayList<>();
    for (RelationColumn column : relation.columns()) {
      if (column.key()) {
        key.add(column.name());
      }
    }
    return key;
  }
}
