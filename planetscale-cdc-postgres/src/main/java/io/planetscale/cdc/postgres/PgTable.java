package io.planetscale.cdc.postgres;

import java.util.List;
import java.util.Objects;

/**
 * A discovered table: what a snapshot query and a pgoutput Relation message are matched against.
 *
 * @param oid the table's {@code pg_class} oid (pgoutput's relation id)
 * @param schema the schema name, unquoted
 * @param name the table name, unquoted
 * @param streamName the catalog stream's name: the table name for a table of the source's schema, else
 *     {@code schema.table}
 * @param columns the columns in ordinal order (only the published ones for a publication with a column list)
 * @param primaryKey the primary key's column names in key order; empty without a primary key
 */
record PgTable(long oid, String schema, String name, String streamName, List<PgColumn> columns,
    List<String> primaryKey) {

  PgTable {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(streamName, "streamName");
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
  }

  /** The schema-qualified name, each part quoted for SQL, e.g. {@code "public"."Order Items"}. */
  String qualifiedName() {
    return PgNames.quoteIdentifier(schema) + "." + PgNames.quoteIdentifier(name);
  }
}
