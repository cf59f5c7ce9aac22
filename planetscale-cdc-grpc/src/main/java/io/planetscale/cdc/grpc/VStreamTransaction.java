package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one table has delivered since the last transaction boundary, in stream order: its row
 * changes and schema changes, held until the boundary's cursor is known so that a transaction is
 * delivered whole, never split at a checkpoint. Consecutive row changes of one operation with the
 * same columns are gathered into one {@link QueryResult}: decoded rows, or rows kept in the
 * messages' bytes ({@link #addEncodedRow}, the common complete images); a run that mixes them
 * (rare: a bitmap that names every column) is decoded whole.
 */
final class VStreamTransaction {
  private final List<Object> items = new ArrayList<>();
  /** The last item if it is a group that the next row change may join; else null. */
  private Group open;

  /**
   * Adds a row change.
   *
   * @param fields the columns of the images (for a partial image, just the present ones)
   * @param partial whether the images carry only some of the table's columns
   * @param image the row's values: the new image, or the old one of a delete
   * @param before the old image of an update, else null
   */
  void addRow(Operation operation, List<Field> fields, int[] partial, List<Value> image, List<Value> before) {
    addRow(operation, fields, partial, image, before, fields);
  }

  /**
   * Adds a row change whose before image has columns of its own ({@code beforeFields}), as a partial
   * update's may.
   */
  void addRow(Operation operation, List<Field> fields, int[] partial, List<Value> image, List<Value> before,
      List<Field> beforeFields) {
    Group g = open;
    if (g == null || g.operation != operation || g.fields != fields || g.beforeFields != beforeFields
        || !Arrays.equals(g.partial, partial)) {
      g = new Group(operation, fields, partial, beforeFields, false);
      items.add(g);
      open = g;
    }
    g.decodeAll(); // the run goes on with a decoded row: all of it is decoded, so it stays one result
    g.rows.add(image);
    if (before != null) {
      g.befores.add(before);
    }
  }

  /**
   * Adds a row change with complete images, left in the message's bytes: row {@code image} of
   * {@code rows} (the new image, or the old one of a delete) and, for an update, row {@code before}.
   * The rows must fit {@code fields} (checked by the caller).
   *
   * @param before the old image of an update, else -1
   */
  void addEncodedRow(Operation operation, List<Field> fields, ScannedRows rows, int image, int before) {
    Group g = open;
    if (g == null || g.operation != operation || g.fields != fields || g.beforeFields != fields
        || g.partial != null) {
      g = new Group(operation, fields, null, fields, true);
      items.add(g);
      open = g;
    }
    if (g.encoded == null) { // a run of decoded rows goes on: this one joins it decoded
      g.rows.add(rows.decode(fields, image));
      if (before >= 0) {
        g.befores.add(rows.decode(fields, before));
      }
      return;
    }
    g.encoded.add(rows, image);
    if (before >= 0) {
      g.encodedBefores.add(rows, before);
    }
  }

  /** Adds a change of the table's columns (see {@link ShardDelivery#onSchemaChange}). */
  void addSchemaChange(String ddl, List<Field> fields) {
    items.add(new SchemaChange(ddl, fields));
    open = null;
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  /** Hands everything held to {@code out}, in order, and forgets it. */
  void deliver(ShardDelivery out) {
    for (Object item : items) {
      if (item instanceof SchemaChange c) {
        out.onSchemaChange(c.ddl(), c.fields());
        continue;
      }
      Group g = (Group) item;
      QueryResult result;
      QueryResult before;
      if (g.encoded != null) {
        result = new QueryResult(g.fields, g.encoded.toRows(g.fields));
        before = g.operation != Operation.UPDATE ? null
            : new QueryResult(g.beforeFields, g.encodedBefores.toRows(g.beforeFields));
      } else {
        result = new QueryResult(g.fields, g.rows);
        before = g.befores.isEmpty() ? null : new QueryResult(g.beforeFields, g.befores);
      }
      if (g.partial == null) {
        out.onResult(result, g.operation, before);
      } else {
        out.onPartialResult(result, g.operation, before);
      }
    }
    clear();
  }

  void clear() {
    items.clear();
    open = null;
  }

  private static final class Group {
    final Operation operation;
    final List<Field> fields;
    final int[] partial;
    final List<Field> beforeFields;
    List<List<Value>> rows;
    List<List<Value>> befores;
    /** The rows when kept in the messages' bytes (then {@link #rows} is null), else null. */
    EncodedRowRun encoded;
    EncodedRowRun encodedBefores;

    Group(Operation operation, List<Field> fields, int[] partial, List<Field> beforeFields, boolean encode) {
      this.operation = operation;
      this.fields = fields;
      this.partial = partial;
      this.beforeFields = beforeFields;
      this.rows = encode ? null : new ArrayList<>();
      this.befores = encode ? null : new ArrayList<>();
      this.encoded = encode ? new EncodedRowRun() : null;
      this.encodedBefores = encode && operation == Operation.UPDATE ? new EncodedRowRun() : null;
    }

    /** Turns rows kept in the messages' bytes into decoded ones, if they are. */
    void decodeAll() {
      if (encoded != null) {
        rows = new ArrayList<>(encoded.toRows(fields));
        befores = encodedBefores == null ? new ArrayList<>() : new ArrayList<>(encodedBefores.toRows(beforeFields));
        encoded = null;
        encodedBefores = null;
      }
    }
  }

  private record SchemaChange(String ddl, List<Field> fields) {}
}
