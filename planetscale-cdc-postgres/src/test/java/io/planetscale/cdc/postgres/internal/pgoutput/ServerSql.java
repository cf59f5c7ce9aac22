package io.planetscale.cdc.postgres.internal.pgoutput;

import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Statements the decoder tests run on a server, each call on a connection of its own. */
final class ServerSql {
  private ServerSql() {}

  /** Runs statements in auto-commit. */
  static void execute(EmbeddedPostgresServer server, String... statements) throws SQLException {
    try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** Runs statements in one transaction. */
  static void executeInTransaction(EmbeddedPostgresServer server, String... statements) throws SQLException {
    try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      for (String sql : statements) {
        statement.execute(sql);
      }
      connection.commit();
    }
  }
}
