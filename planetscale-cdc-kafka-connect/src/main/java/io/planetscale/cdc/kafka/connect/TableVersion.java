package io.planetscale.cdc.kafka.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * One version of a table's columns with its Connect schemas, built once and shared by every shard
 * whose columns are equal: the key schema ({@code <topic>.Key}, null for a table without a primary
 * key), the row schema ({@code <topic>.Value}, {@link SchemaBuilder#version} = this version, from 1),
 * the envelope schema; and the structs of rows, each built in one pass over the columns.
 *
 * <p>Absent columns (a partial row image: {@link io.planetscale.cdc.Record#absentColumns()}) are left
 * null in the struct, which only an optional column allows: every non-key column is optional, so this
 * cannot be told from SQL NULL by a consumer; a NOT NULL key column that is absent is an error rather
 * than a made-up value. Nothing is added to Debezium's envelope to mark them.
 */
final class TableVersion {
  private final String table;
  private final String topic;
  private final int version;
  private final List<ColumnSpec> specs;
  private final ColumnSpec[] columns;
  private final Field[] rowFields;
  private final ColumnSpec[] keyColumns;
  private final Field[] keyFields;
  private final Schema keySchema;
  private final Schema rowSchema;
  private final Schema envelopeSchema;

  /**
   * Builds the schemas.
   *
   * @param table the table
   * @param topic its topic
   * @param version the row schema's version, from 1
   * @param specs the columns, in record order (key columns flagged)
   * @param keyOrder the primary-key columns in key order (empty for none)
   */
  TableVersion(String table, String topic, int version, List<ColumnSpec> specs, List<String> keyOrder) {
    this.table = table;
    this.topic = topic;
    this.version = version;
    this.specs = List.copyOf(specs);
    SchemaBuilder row = SchemaBuilder.struct().name(topic + ".Value").version(version).optional();
    for (ColumnSpec spec : specs) {
      row.field(spec.name(), ConnectSchemas.schema(spec));
    }
    rowSchema = row.build();
    columns = specs.toArray(new ColumnSpec[0]);
    rowFields = new Field[columns.length];
    for (int i = 0; i < columns.length; i++) {
      rowFields[i] = rowSchema.field(columns[i].name());
    }
    List<ColumnSpec> keys = new ArrayList<>();
    for (String name : keyOrder) {
      ColumnSpec spec = find(specs, name);
      if (spec == null) {
        throw new DataException("table \"" + table + "\": primary-key column \"" + name
            + "\" is not among its columns " + names(specs) + "; select every key column");
      }
      keys.add(spec);
    }
    keyColumns = keys.toArray(new ColumnSpec[0]);
    if (keyColumns.length == 0) {
      keySchema = null;
      keyFields = new Field[0];
    } else {
      SchemaBuilder key = SchemaBuilder.struct().name(topic + ".Key");
      for (ColumnSpec spec : keyColumns) {
        key.field(spec.name(), ConnectSchemas.schema(spec));
      }
      keySchema = key.build();
      keyFields = new Field[keyColumns.length];
      for (int i = 0; i < keyColumns.length; i++) {
        keyFields[i] = keySchema.field(keyColumns[i].name());
      }
    }
    envelopeSchema = EnvelopeSchemas.envelope(topic, rowSchema);
  }

  /** @return the columns this version was built from, to find an equal version for another shard */
  List<ColumnSpec> specs() {
    return specs;
  }

  /** @return the row schema's version, from 1 */
  int version() {
    return version;
  }

  /** @return the topic */
  String topic() {
    return topic;
  }

  /** @return the key schema, or null for a table without a primary key */
  Schema keySchema() {
    return keySchema;
  }

  /** @return the envelope schema */
  Schema envelopeSchema() {
    return envelopeSchema;
  }

  /**
   * The key struct of a row image.
   *
   * @param image the columns (for a delete, its key columns)
   * @return the key, or null for a table without a primary key
   * @throws DataException when a key value does not convert, or a NOT NULL key column is missing
   */
  Struct key(Map<String, Object> image) {
    if (keySchema == null) {
      return null;
    }
    Struct key = new Struct(keySchema);
    for (int i = 0; i < keyColumns.length; i++) {
      ColumnSpec spec = keyColumns[i];
      Object v = image.get(spec.name());
      if (v == null && !spec.optional()) {
        throw new DataException("table \"" + table + "\": primary-key column \"" + spec.name() + "\" is "
            + (image.containsKey(spec.name()) ? "NULL" : "missing from the row image") + " but NOT NULL");
      }
      key.put(keyFields[i], ConnectValues.convert(table, spec, v));
    }
    return key;
  }

  /**
   * The row struct of an image.
   *
   * @param image the columns the server sent
   * @param absent the selected columns the image lacks (see the class comment)
   * @return the row
   * @throws DataException when a value does not convert, or a NOT NULL column is missing
   */
  Struct row(Map<String, Object> image, Set<String> absent) {
    Struct row = new Struct(rowSchema);
    for (int i = 0; i < columns.length; i++) {
      ColumnSpec spec = columns[i];
      Object v = image.get(spec.name());
      if (v == null) {
        if (!spec.optional()) {
          boolean present = image.containsKey(spec.name());
          throw new DataException("table \"" + table + "\": NOT NULL column \"" + spec.name() + "\" is "
              + (present ? "NULL" : absent.contains(spec.name()) ? "absent from a partial row image"
                  : "missing from the row image"));
        }
        continue; // SQL NULL, or absent from a partial image: null in an optional field
      }
      row.put(rowFields[i], ConnectValues.convert(table, spec, v));
    }
    return row;
  }

  private static ColumnSpec find(List<ColumnSpec> specs, String name) {
    for (ColumnSpec s : specs) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  private static List<String> names(List<ColumnSpec> specs) {
    List<String> names = new ArrayList<>(specs.size());
    for (ColumnSpec s : specs) {
      names.add(s.name());
    }
    return names;
  }
}
