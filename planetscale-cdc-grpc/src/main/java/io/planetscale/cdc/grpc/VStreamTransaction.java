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
 * same columns are gathered into one {@link QueryResult}.
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
      g = new Group(operation, fields, partial, beforeFields);
      items.add(g);
      open = g;
    }
    g.rows.add(image);
    if (before != null) {
      g.befores.add(before);
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
      QueryResult result = new QueryResult(g.fields, g.rows);
      QueryResult before = g.befores.isEmpty() ? null : new QueryResult(g.beforeFields, g.befores);
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
    final List<List<Value>> rows = new ArrayList<>();
    final List<List<Value>> befores = new ArrayList<>();

    Group(Operation operation, List<Field> fields, int[] partial, List<Field> beforeFields) {
      this.operation = operation;
      this.fields = fields;
      this.partial = partial;
      this.beforeFields = beforeFields;
    }
  }

  private record SchemaChange(String ddl, List<Field> fields) {}
}
