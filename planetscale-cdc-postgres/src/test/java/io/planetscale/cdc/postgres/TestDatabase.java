package io.planetscale.cdc.postgres;

import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** A fresh database on an embedded server, reached through a plaintext {@link PostgresSource}. */
final class TestDatabase {
  /**
   * The user types the type tests use: citext, an enum {@code mood}, domains {@code positive_int},
   * {@code small_positive} (a domain over it) and {@code short_text} (NOT NULL).
   */
  static final String[] USER_TYPES = {
      "CREATE EXTENSION citext",
      "CREATE TYPE mood AS ENUM ('sad', 'happy')",
      "CREATE DOMAIN positive_int AS int4 CHECK (VALUE > 0)",
      "CREATE DOMAIN small_positive AS positive_int CHECK (VALUE < 100)",
      "CREATE DOMAIN short_text AS varchar(10) NOT NULL"};

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

  /** Drops a slot once no walsender holds it (as the client does). */
  static void dropSlotWhenInactive(EmbeddedPostgresServer server, String slot, Duration timeout)
      throws SQLException {
    try (Connection c = server.connect()) {
      ReplicationSlots.drop(c, slot, timeout);
    }
  }
}
