package io.planetscale.cdc.postgres;

import io.planetscale.cdc.ConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The publication a sync streams: checked to hold the selected tables, or created (or completed) if asked. */
final class Publications {
  private Publications() {}

  /**
   * Makes sure the publication exists and publishes every table. When {@code createIfMissing}, a missing
   * publication is created {@code FOR TABLE} the tables, and a table it lacks is added (a table without a replica
   * identity is refused first: publishing it would make its UPDATEs and DELETEs fail); otherwise either is an
   * error saying what to run.
   */
  static void ensure(Connection connection, String publication, List<SyncTable> tables, boolean createIfMissing)
      throws SQLException {
    Set<String> published = published(connection, publication);
    if (published == null) {
      if (!createIfMissing) {
        throw new ConfigurationException("publication \"" + publication + "\" does not exist: create it with "
            + "CREATE PUBLICATION " + SyncTable.quote(publication) + " FOR TABLE " + names(tables)
            + ", or let the client create it (createIfMissing)");
      }
      if (tables.isEmpty()) {
        throw new ConfigurationException("publication \"" + publication + "\" does not exist, and no stream is "
            + "selected to create it for");
      }
      ReplicaIdentityCheck.requireReplicaIdentity(connection, tableNames(tables));
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE PUBLICATION " + SyncTable.quote(publication) + " FOR TABLE " + names(tables));
      }
      return;
    }
    List<SyncTable> missing = new ArrayList<>();
    for (SyncTable table : tables) {
      if (!published.contains(table.schema() + "." + table.table())) {
        missing.add(table);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    if (!createIfMissing) {
      throw new ConfigurationException("publication \"" + publication + "\" does not publish " + names(missing)
          + ": add them with ALTER PUBLICATION " + SyncTable.quote(publication) + " ADD TABLE " + names(missing)
          + ", or let the client do it (createIfMissing)");
    }
    ReplicaIdentityCheck.requireReplicaIdentity(connection, tableNames(missing));
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER PUBLICATION " + SyncTable.quote(publication) + " ADD TABLE " + names(missing));
    }
  }

  /** The tables a publication publishes, as {@code schema.table}, or null if it does not exist. */
  static Set<String> published(Connection connection, String publication) throws SQLException {
    try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
      exists.setString(1, publication);
      try (ResultSet rows = exists.executeQuery()) {
        if (!rows.next()) {
          return null;
        }
      }
    }
    Set<String> tables = new HashSet<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?")) {
      statement.setString(1, publication);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          tables.add(rows.getString(1) + "." + rows.getString(2));
        }
      }
    }
    return tables;
  }

  private static List<ReplicaIdentityCheck.TableName> tableNames(List<SyncTable> tables) {
    List<ReplicaIdentityCheck.TableName> names = new ArrayList<>(tables.size());
    for (SyncTable table : tables) {
      names.add(new ReplicaIdentityCheck.TableName(table.schema(), table.table()));
    }
    return names;
  }

  private static String names(List<SyncTable> tables) {
    List<String> names = new ArrayList<>(tables.size());
    for (SyncTable table : tables) {
      names.add(table.qualifiedName());
    }
    return String.join(", ", names);
  }
}
