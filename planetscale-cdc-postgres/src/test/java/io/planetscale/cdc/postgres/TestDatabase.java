package io.planetscale.cdc.postgres;

import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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

  /** Drops a slot once no walsender holds it. */
  static void dropSlotWhenInactive(EmbeddedPostgresServer server, String slot, Duration timeout)
      throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection c = server.connect();
        PreparedStatement active = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?");
        PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
      active.setString(1, slot);
      drop.setString(1, slot);
      while (true) {
        try (ResultSet rs = active.executeQuery()) {
          if (!rs.next()) {
            return;
          }
          if (!rs.getBoolean(1)) {
            drop.execute();
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("slot " + slot + " still active after " + timeout);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
    }
  }
}
