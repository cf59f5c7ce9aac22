package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.SchemaMismatchException;
import io.planetscale.cdc.postgres.internal.pgoutput.DeleteMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.OldTupleKind;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationColumn;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.TupleData;
import io.planetscale.cdc.postgres.internal.pgoutput.TupleValue;
import io.planetscale.cdc.postgres.internal.pgoutput.UpdateMessage;
import io.planetscale.cdc.spi.LazyRowValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds records from pgoutput tuples and snapshot rows. A value the server did not send (an unchanged TOASTed
 * value, or a non-key column of a key-only old tuple) is never made up: the column is left out of the image and
 * named in {@link Record#absentColumns()} or {@link Record#absentBeforeColumns()}.
 *
 * <p><b>Conversion when read.</b> The images are {@link LazyRowValues}: they keep the values' text (the tuple or
 * the snapshot row's strings) and convert the whole row the first time the sink reads a value, so a sink that
 * never reads values pays nothing for them. A value that does not convert then throws
 * {@link SchemaMismatchException} naming the stream, the column and the record's position, from that read (the
 * server's own text output always converts; this guards against a type the SDK misreads).
 */
final class ChangeRecords {
  private final ValueConverter converter;
  private final LazyRowValues.Conversion<PendingRow> conversion = this::convert;
  /** Per relation id, the layout of its last Relation message (replaced when the relation changes). */
  private final Map<Long, TupleLayout> layouts = new HashMap<>();

  ChangeRecords(ValueConverter converter) {
    this.converter = converter;
  }

  /**
   * What an image converts from: a pgoutput tuple or a snapshot row's texts (null for SQL NULL).
   *
   * @param shape the image's columns and where their values lie
   * @param row a {@link TupleData}, or a {@code String[]} in the shape's column order
   * @param at the record's position, for messages
   */
  private record PendingRow(TupleLayout.Shape shape, Object row, RecordPosition at) {}

  Record insert(SyncTable table, RelationMessage relation, TupleData tuple, RecordPosition position, Instant now) {
    TupleLayout.Shape shape = layout(table, relation).image(tuple, false);
    return new Record(table.streamName(), Operation.INSERT, image(shape, tuple, position), null, now, position,
        shape.absent(), null);
  }

  Record update(SyncTable table, RelationMessage relation, UpdateMessage update, RecordPosition position,
      Instant now) {
    TupleLayout layout = layout(table, relation);
    TupleLayout.Shape shape = layout.image(update.newTuple(), false);
    if (update.oldTuple().isEmpty()) {
      return new Record(table.streamName(), Operation.UPDATE, image(shape, update.newTuple(), position), null, now,
          position, shape.absent(), null);
    }
    TupleData old = update.oldTuple().get();
    TupleLayout.Shape before = layout.image(old, update.oldKind() == OldTupleKind.KEY);
    return new Record(table.streamName(), Operation.UPDATE, image(shape, update.newTuple(), position),
        image(before, old, position), now, position, shape.absent(), before.absent());
  }

  Record delete(SyncTable table, RelationMessage relation, DeleteMessage delete, RecordPosition position,
      Instant now) {
    TupleLayout layout = layout(table, relation);
    TupleData old = delete.oldTuple();
    TupleLayout.Shape before = layout.image(old, delete.oldKind() == OldTupleKind.KEY);
    TupleLayout.Shape key = layout.deleteKey(before);
    return new Record(table.streamName(), Operation.DELETE, image(key, old, position), image(before, old, position),
        now, position, key.absent(), before.absent());
  }

  Record truncate(SyncTable table, RecordPosition position, Instant now) {
    return new Record(table.streamName(), Operation.TRUNCATE, Map.of(), null, now, position);
  }

  /**
   * The shape of a table's snapshot rows, made once per table.
   *
   * @param names the columns, in the order of the row's texts
   * @param typeOids their types
   */
  static TupleLayout.Shape snapshotShape(SyncTable table, List<String> names, long[] typeOids) {
    return new TupleLayout.Shape(table.streamName(), LazyRowValues.Columns.of(names), null, typeOids.clone(),
        java.util.Set.of());
  }

  /** A snapshot row: its columns' text forms (null for SQL NULL), in the order of the shape's columns. */
  Record snapshotRow(SyncTable table, TupleLayout.Shape shape, String[] texts, RecordPosition position,
      Instant now) {
    return new Record(table.streamName(), Operation.INSERT,
        LazyRowValues.of(shape.columns(), new PendingRow(shape, texts, position), conversion), null, now, position);
  }

  /** Forgets the relations' layouts (a new replication session sends its Relation messages again). */
  void reset() {
    layouts.clear();
  }

  private LazyRowValues image(TupleLayout.Shape shape, TupleData tuple, RecordPosition position) {
    return LazyRowValues.of(shape.columns(), new PendingRow(shape, tuple, position), conversion);
  }

  private TupleLayout layout(SyncTable table, RelationMessage relation) {
    TupleLayout layout = layouts.get(relation.relationId());
    if (layout == null || layout.relation() != relation) {
      layout = new TupleLayout(table, relation, keyColumns(table, relation));
      layouts.put(relation.relationId(), layout);
    }
    return layout;
  }

  /** Converts one image's values; stateless apart from the converter, which is thread-safe. */
  private Object[] convert(PendingRow pending) {
    TupleLayout.Shape shape = pending.shape();
    Object[] values = new Object[shape.columns().size()];
    if (pending.row() instanceof String[] texts) {
      for (int i = 0; i < values.length; i++) {
        values[i] = texts[i] == null ? null : convert(shape, i, texts[i], pending.at());
      }
      return values;
    }
    TupleData tuple = (TupleData) pending.row();
    int[] indexes = shape.tupleIndexes();
    for (int i = 0; i < values.length; i++) {
      TupleValue value = tuple.get(indexes[i]);
      if (value instanceof TupleValue.Text text) {
        values[i] = convert(shape, i, text.text(), pending.at());
      } else if (value instanceof TupleValue.Binary binary) {
        values[i] = binary.bytes(); // the binary option is never asked; kept for completeness
      } // else SQL NULL: shapes hold no unchanged TOAST value
    }
    return values;
  }

  private Object convert(TupleLayout.Shape shape, int column, String text, RecordPosition at) {
    try {
      return converter.convert(shape.typeOids()[column], text);
    } catch (SchemaMismatchException e) {
      throw new SchemaMismatchException("stream \"" + shape.stream() + "\", column \"" + shape.columns().name(column)
          + "\", record at " + at.position() + " #" + at.sequence() + ": " + e.getMessage(), e);
    }
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
