package io.planetscale.cdc.postgres;

import io.planetscale.cdc.ConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Before tables are added to a publication that publishes updates and deletes: a table without a replica
 * identity (no primary key under REPLICA IDENTITY DEFAULT, or REPLICA IDENTITY NOTHING) would make every
 * UPDATE and DELETE on it fail in the application ("cannot update table ... because it does not have a replica
 * identity and publishes updates"). This finds such tables so that the client refuses, saying what to change,
 * instead of breaking the database's writers.
 */
final class ReplicaIdentityCheck {
  private static final String IDENTITIES = "SELECT t.schema, t.name, c.relreplident,"
      + " EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)"
      + " FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS t(schema, name, ord)"
      + " JOIN pg_catalog.pg_namespace n ON n.nspname = t.schema"
      + " JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = t.name ORDER BY t.ord";

  private ReplicaIdentityCheck() {}

  /**
   * A table, by schema and name (unquoted).
   *
   * @param schema the schema
   * @param name the table
   */
  record TableName(String schema, String name) {
    TableName {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * Throws if any of the tables could not publish its updates and deletes.
   *
   * @throws ConfigurationException naming every such table and the statement that fixes it
   * @throws SQLException if the catalog cannot be read
   */
  static void requireReplicaIdentity(Connection connection, List<TableName> tables) throws SQLException {
    List<String> problems = problems(connection, tables);
    if (!problems.isEmpty()) {
      throw new ConfigurationException("adding these tables to a publication would make UPDATE and DELETE on them"
          + " fail: " + String.join("; ", problems));
    }
  }

  /** One message per table without a usable replica identity; tables that do not exist are skipped. */
  static List<String> problems(Connection connection, List<TableName> tables) throws SQLException {
    List<String> problems = new ArrayList<>();
    if (tables.isEmpty()) {
      return problems;
    }
    String[] schemas = new String[tables.size()];
    String[] names = new String[tables.size()];
    for (int i = 0; i < tables.size(); i++) {
      schemas[i] = tables.get(i).schema();
      names[i] = tables.get(i).name();
    }
    try (PreparedStatement ps = connection.prepareStatement(IDENTITIES)) {
      ps.setArray(1, connection.createArrayOf("text", schemas));
      ps.setArray(2, connection.createArrayOf("text", names));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String table = PgNames.quoteIdentifier(rs.getString(1)) + "." + PgNames.quoteIdentifier(rs.getString(2));
          char identity = rs.getString(3).charAt(0);
          boolean primaryKey = rs.getBoolean(4);
          if (identity == 'n') {
            problems.add("table " + table + " has REPLICA IDENTITY NOTHING: ALTER TABLE " + table
                + " REPLICA IDENTITY FULL (or DEFAULT with a primary key)");
          } else if (identity == 'd' && !primaryKey) {
            problems.add("table " + table + " has no primary key and REPLICA IDENTITY DEFAULT: add a primary key"
                + " or ALTER TABLE " + table + " REPLICA IDENTITY FULL");
          }
        }
      }
    }
    return problems;
  }
}
