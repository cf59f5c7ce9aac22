package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.Metadata;
import io.planetscale.cdc.MetadataCollection;
import io.planetscale.cdc.NodeMetadata;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.StreamSchema;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Discovery: the tables of the source's schema, or of its publication ({@code pg_publication_tables}, with
 * its column lists), as {@link PgTable}s and as a {@link Catalog}. The columns are those pgoutput sends, so
 * that snapshot rows and changes have the same ones: a publication's column list, and without a publication
 * every column but generated ones. Names are bound as parameters in every
 * catalog query, so any name works; SQL built from names quotes them ({@link PgTable#qualifiedName()}).
 */
final class PostgresCatalog {
  // Ordinary and partitioned tables; partitions are reached through their parent.
  private static final String SCHEMA_TABLES = "SELECT c.oid, n.nspname, c.relname, NULL::text[]"
      + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname";
  // attnames is the publication's column list (every column when it has none).
  private static final String PUBLICATION_TABLES = "SELECT c.oid, p.schemaname, p.tablename, p.attnames"
      + " FROM pg_catalog.pg_publication_tables p"
      + " JOIN pg_catalog.pg_namespace n ON n.nspname = p.schemaname"
      + " JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = p.tablename"
      + " WHERE p.pubname = ? ORDER BY p.schemaname = ? DESC, p.schemaname, p.tablename";
  private static final String PUBLICATION_EXISTS = "SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = ?";
  private static final String COLUMNS = "SELECT a.attrelid, a.attname, a.atttypid, a.attnotnull, a.attgenerated"
      + " FROM pg_catalog.pg_attribute a WHERE a.attrelid = ANY (?) AND a.attnum > 0 AND NOT a.attisdropped"
      + " ORDER BY a.attrelid, a.attnum";
  private static final String PRIMARY_KEYS = "SELECT c.conrelid, a.attname FROM pg_catalog.pg_constraint c"
      + " CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)"
      + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum"
      + " WHERE c.contype = 'p' AND c.conrelid = ANY (?) ORDER BY c.conrelid, k.ord";

  private PostgresCatalog() {}

  /**
   * Builds the catalog. Stream order: the tables of the source's schema, then (publication only) other
   * schemas', each by name. {@link DiscoverSettings#excludedTables()} are matched against stream names;
   * {@code treatTinyIntAsBoolean} has no PostgreSQL counterpart and is ignored.
   *
   * @throws ConfigurationException if the source names a publication that does not exist
   * @throws SQLException if the catalog cannot be read
   */
  static Catalog discover(Connection connection, PostgresSource source, DiscoverSettings settings)
      throws SQLException {
    Objects.requireNonNull(settings, "settings");
    Set<String> excluded = new HashSet<>();
    for (String name : settings.excludedTables()) {
      excluded.add(name.strip());
    }
    List<Stream> streams = new ArrayList<>();
    for (PgTable table : tables(connection, source, new PgTypeResolver())) {
      if (!excluded.contains(table.streamName())) {
        streams.add(stream(source.database(), table, settings));
      }
    }
    return new Catalog(streams);
  }

  /**
   * The tables discovery sees, with columns and keys.
   *
   * @throws ConfigurationException if the source names a publication that does not exist
   * @throws SQLException if the catalog cannot be read
   */
  static List<PgTable> tables(Connection connection, PostgresSource source, PgTypeResolver types)
      throws SQLException {
    Map<Long, TableRow> rows = tableRows(connection, source);
    if (rows.isEmpty()) {
      return List.of();
    }
    Long[] oids = rows.keySet().toArray(new Long[0]);
    Map<Long, List<ColumnRow>> columnRows = new HashMap<>();
    Set<Long> typeOids = new LinkedHashSet<>();
    try (PreparedStatement ps = connection.prepareStatement(COLUMNS)) {
      ps.setArray(1, oidArray(connection, oids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long type = rs.getLong(3);
          typeOids.add(type);
          columnRows.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
              .add(new ColumnRow(rs.getString(2), type, !rs.getBoolean(4), !rs.getString(5).isEmpty()));
        }
      }
    }
    Map<Long, PgColumnType> resolved = types.resolve(connection, typeOids);
    Map<Long, List<String>> keys = primaryKeys(connection, oids);
    List<PgTable> tables = new ArrayList<>(rows.size());
    for (TableRow row : rows.values()) {
      List<PgColumn> columns = new ArrayList<>();
      for (ColumnRow c : columnRows.getOrDefault(row.oid(), List.of())) {
        // Without a publication, generated columns are left out: pgoutput does not send them (PostgreSQL 17;
        // 18 only for a publication with publish_generated_columns, whose column list then names them).
        boolean published = row.publishedColumns() == null ? !c.generated() : row.publishedColumns().contains(c.name());
        if (published) {
          columns.add(new PgColumn(c.name(), resolved.get(c.typeOid()), c.nullable()));
        }
      }
      String streamName = row.schema().equals(source.schema()) ? row.name() : row.schema() + "." + row.name();
      tables.add(new PgTable(row.oid(), row.schema(), row.name(), streamName, columns,
          keys.getOrDefault(row.oid(), List.of())));
    }
    return tables;
  }

  private record ColumnRow(String name, long typeOid, boolean nullable, boolean generated) {}

  private record TableRow(long oid, String schema, String name, Set<String> publishedColumns) {}

  private static Map<Long, TableRow> tableRows(Connection connection, PostgresSource source) throws SQLException {
    String publication = source.publication().orElse(null);
    if (publication != null) {
      try (PreparedStatement ps = connection.prepareStatement(PUBLICATION_EXISTS)) {
        ps.setString(1, publication);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new ConfigurationException("publication \"" + publication + "\" does not exist in database \""
                + source.database() + "\": create it (CREATE PUBLICATION " + PgNames.quoteIdentifier(publication)
                + " FOR TABLE ...) or name an existing one");
          }
        }
      }
    }
    Map<Long, TableRow> rows = new LinkedHashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(publication == null ? SCHEMA_TABLES : PUBLICATION_TABLES)) {
      ps.setString(1, publication == null ? source.schema() : publication);
      if (publication != null) {
        ps.setString(2, source.schema());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Array published = rs.getArray(4);
          Set<String> columns = published == null ? null
              : new HashSet<>(Arrays.asList((String[]) published.getArray()));
          rows.put(rs.getLong(1), new TableRow(rs.getLong(1), rs.getString(2), rs.getString(3), columns));
        }
      }
    }
    return rows;
  }

  private static Map<Long, List<String>> primaryKeys(Connection connection, Long[] oids) throws SQLException {
    Map<Long, List<String>> keys = new HashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(PRIMARY_KEYS)) {
      ps.setArray(1, oidArray(connection, oids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
    }
    return keys;
  }

  private static Array oidArray(Connection connection, Long[] oids) throws SQLException {
    return connection.createArrayOf("oid", oids);
  }

  /** The catalog entry of a table, in the shape the Vitess discovery gives. */
  static Stream stream(String database, PgTable table, DiscoverSettings settings) {
    Map<String, StreamProperty> properties = new LinkedHashMap<>();
    for (PgColumn column : table.columns()) {
      properties.put(column.name(), column.type().kind().property(column.nullable()));
    }
    List<String> keys = table.primaryKey();
    List<Metadata> metadata = new ArrayList<>(properties.size() + 1);
    metadata.add(new Metadata(NodeMetadata.forTable(settings.autoSelectTables(), settings.useIncrementalSync(),
        keys)));
    for (String column : properties.keySet()) {
      metadata.add(new Metadata(NodeMetadata.forColumn(column, settings.autoSelectTables(),
          keys.contains(column))));
    }
    return new Stream("", table.streamName(), database + ":" + table.streamName(), StreamSchema.of(properties),
        table.name(), new MetadataCollection(metadata), keys, keys);
  }
}
