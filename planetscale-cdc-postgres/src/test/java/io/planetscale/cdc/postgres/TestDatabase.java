package io.planetscale.cdc.postgres;

import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A fresh database on an embedded server, reached through a plaintext {@link PostgresSource}. */
final class TestDatabase {
  private TestDatabase() {}

  /** Drops (disconnecting any session) and recreates the database; returns a source for it as the superuser. */
  static PostgresSource recreate(EmbeddedPostgresServer server, String database) throws SQLException {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + PgNames.quoteIdentifier(database) + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + PgNames.quoteIdentifier(database));
    }
    return source(server, database).build();
  }

  /** A plaintext source for a database of the server as the superuser. */
  static PostgresSource.Builder source(EmbeddedPostgresServer server, String database) {
    return PostgresSource.newBuilder().host(server.host()).port(server.port()).database(database)
        .user(server.user()).plaintext(true);
  }

  /** An ordinary connection with the source's properties. */
  static Connection connect(PostgresSource source) throws SQLException {
    return DriverManager.getConnection(source.jdbcUrl(), source.jdbcProperties());
  }

  /** Runs statements in auto-commit. */
  static void execute(PostgresSource source, String... statements) throws SQLException {
    try (Connection c = connect(source); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
