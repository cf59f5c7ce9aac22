package io.planetscale.cdc.postgres;

import io.planetscale.cdc.postgres.internal.pgoutput.RelationColumn;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.TupleData;
import io.planetscale.cdc.postgres.internal.pgoutput.TupleValue;
import io.planetscale.cdc.spi.LazyRowValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a synced table's record images find their values in the tuples of one Relation message, worked out once
 * per Relation message rather than per row: the selected columns in order, their tuple positions and types, and
 * the shapes of the usual images (every column present; only the key present) with the columns they lack. A row
 * whose tuple lacks more (an unchanged TOAST value) gets a shape of its own.
 */
final class TupleLayout {
  /**
   * The columns of one image and where their values lie.
   *
   * @param stream the stream, for messages
   * @param columns the image's column names
   * @param tupleIndexes per column, its value's index in the tuple (null for a snapshot row: in column order)
   * @param typeOids per column, its type
   * @param absent the selected columns the image lacks, unmodifiable; empty for none
   */
  record Shape(String stream, LazyRowValues.Columns columns, int[] tupleIndexes, long[] typeOids,
      Set<String> absent) {}

  private final RelationMessage relation;
  private final String stream;
  private final String[] names;
  /** Per selected column: its tuple index, or -1 when the relation has no such column (always absent). */
  private final int[] indexes;
  private final boolean[] key;
  private final long[] oids;
  private final List<String> deleteKey;
  private final Shape full;
  private final Shape keyOnly;
  private final Shape fullDeleteKey;
  private final Shape keyOnlyDeleteKey;

  /**
   * @param deleteKey the columns of a delete's data: the stream's key, or the replica identity's columns
   */
  TupleLayout(SyncTable table, RelationMessage relation, List<String> deleteKey) {
    this.relation = relation;
    this.stream = table.streamName();
    this.deleteKey = deleteKey;
    List<RelationColumn> columns = relation.columns();
    List<String> selected = new ArrayList<>();
    if (table.selectedColumns().isEmpty()) {
      for (RelationColumn column : columns) {
        selected.add(column.name());
      }
    } else {
      selected.addAll(table.selectedColumns());
    }
    int n = selected.size();
    names = selected.toArray(new String[0]);
    indexes = new int[n];
    key = new boolean[n];
    oids = new long[n];
    for (int i = 0; i < n; i++) {
      indexes[i] = indexOf(columns, names[i]);
      if (indexes[i] >= 0) {
        RelationColumn column = columns.get(indexes[i]);
        key[i] = column.key();
        oids[i] = column.typeOid();
      }
    }
    full = shape(null, false);
    keyOnly = shape(null, true);
    fullDeleteKey = keyShape(full);
    keyOnlyDeleteKey = keyShape(keyOnly);
  }

  /** The Relation message this layout was made for. */
  RelationMessage relation() {
    return relation;
  }

  /**
   * The shape of an image of this tuple.
   *
   * @param keyOnlyTuple whether the tuple is a key-only old tuple: its other columns are not sent
   */
  Shape image(TupleData tuple, boolean keyOnlyTuple) {
    Shape usual = keyOnlyTuple ? keyOnly : full;
    for (int index : usual.tupleIndexes()) {
      if (tuple.get(index) instanceof TupleValue.UnchangedToast) {
        return shape(tuple, keyOnlyTuple);
      }
    }
    return usual;
  }

  /** The shape of a delete's data (its key), taken from its old image's shape. */
  Shape deleteKey(Shape before) {
    if (before == full) {
      return fullDeleteKey;
    }
    if (before == keyOnly) {
      return keyOnlyDeleteKey;
    }
    return keyShape(before);
  }

  private Shape shape(TupleData tuple, boolean keyOnlyTuple) {
    List<String> present = new ArrayList<>(names.length);
    int[] at = new int[names.length];
    long[] types = new long[names.length];
    Set<String> absent = null;
    for (int i = 0; i < names.length; i++) {
      int index = indexes[i];
      boolean sent = index >= 0 && (!keyOnlyTuple || key[i])
          && (tuple == null || !(tuple.get(index) instanceof TupleValue.UnchangedToast));
      if (sent) {
        at[present.size()] = index;
        types[present.size()] = oids[i];
        present.add(names[i]);
      } else {
        absent = absent == null ? new LinkedHashSet<>() : absent;
        absent.add(names[i]); // not sent, or the table no longer has it (announced as a schema change)
      }
    }
    return new Shape(stream, LazyRowValues.Columns.of(present), trim(at, present.size()),
        trim(types, present.size()), absent == null ? Set.of() : Collections.unmodifiableSet(absent));
  }

  private Shape keyShape(Shape before) {
    List<String> present = new ArrayList<>(deleteKey.size());
    int[] at = new int[deleteKey.size()];
    long[] types = new long[deleteKey.size()];
    Set<String> absent = null;
    for (String column : deleteKey) {
      int i = indexIn(before.columns(), column);
      if (i >= 0) {
        at[present.size()] = before.tupleIndexes()[i];
        types[present.size()] = before.typeOids()[i];
        present.add(column);
      } else {
        absent = absent == null ? new LinkedHashSet<>() : absent;
        absent.add(column);
      }
    }
    return new Shape(stream, LazyRowValues.Columns.of(present), trim(at, present.size()),
        trim(types, present.size()), absent == null ? Set.of() : Collections.unmodifiableSet(absent));
  }

  private static int indexIn(LazyRowValues.Columns columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.name(i).equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(List<RelationColumn> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static int[] trim(int[] values, int length) {
    return values.length == length ? values : Arrays.copyOf(values, length);
  }

  private static long[] trim(long[] values, int length) {
    return values.length == length ? values : Arrays.copyOf(values, length);
  }
}
