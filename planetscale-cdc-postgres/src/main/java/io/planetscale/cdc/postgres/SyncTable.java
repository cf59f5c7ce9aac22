package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Stream;
import java.util.List;
import java.util.Objects;

/**
 * One selected stream of a sync and the table it reads.
 *
 * @param stream the catalog stream, as records are delivered with it
 * @param schema the table's schema
 * @param table the table's name
 * @param keyColumns the primary key's columns in key order; empty for a table without one
 * @param selectedColumns the columns records carry, in schema order; empty for every column the server sends
 */
record SyncTable(Stream stream, String schema, String table, List<String> keyColumns,
    List<String> selectedColumns) {

  SyncTable {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
    keyColumns = List.copyOf(keyColumns);
    selectedColumns = List.copyOf(selectedColumns);
  }

  /** The stream's table, read from the stream: its key properties and schema properties. */
  static SyncTable of(Stream stream, String schema, String table) {
    return new SyncTable(stream, schema, table, stream.keyProperties(),
        List.copyOf(stream.schema().properties().keySet()));
  }

  String streamName() {
    return stream.name();
  }

  /** The table's name as SQL writes it: {@code "schema"."table"}, quoted. */
  String qualifiedName() {
    return quote(schema) + "." + quote(table);
  }

  /** An identifier quoted for SQL. */
  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** A string quoted as an SQL literal. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
