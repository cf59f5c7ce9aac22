package io.planetscale.cdc.postgres;

import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One test's objects on a shared server: a slot and publication named for the test, the tables it creates;
 * {@link #close()} drops them all (slots first, waiting for their walsenders to let go), so that no slot holds WAL.
 */
final class PgFixture implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  final EmbeddedPostgresServer server;
  final String slot;
  final String publication;
  final Connection sql;
  private final List<String> tables = new ArrayList<>();

  PgFixture(EmbeddedPostgresServer server, String name) throws SQLException {
    this.server = server;
    int n = COUNTER.incrementAndGet();
    this.slot = ("t_" + name + "_" + n).toLowerCase();
    this.publication = "Pub " + name + "_" + n; // a name that needs quoting
    this.sql = server.connect();
  }

  /** A builder for a client of this fixture's slot and publication, creating them if missing. */
  PostgresClient.Builder client() {
    return PostgresClient.builder(TestDatabase.source(server, "postgres").build()).slotName(slot).publicationName(publication)
        .createIfMissing(true).confirmInterval(Duration.ofMillis(200));
  }

  /** Creates a table (dropped at close): {@code create("orders", "id int PRIMARY KEY, note text")}. */
  void create(String table, String columns) throws SQLException {
    execute("DROP TABLE IF EXISTS " + table + " CASCADE");
    execute("CREATE TABLE " + table + " (" + columns + ")");
    tables.add(table);
  }

  synchronized void execute(String... statements) throws SQLException {
    try (Statement statement = sql.createStatement()) {
      for (String s : statements) {
        statement.execute(s);
      }
    }
  }

  synchronized String queryText(String query) throws SQLException {
    try (Statement statement = sql.createStatement(); ResultSet rows = statement.executeQuery(query)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  /** {@link #queryText} for lambdas and sink callbacks: an SQLException becomes an IllegalStateException. */
  String query(String query) {
    try {
      return queryText(query);
    } catch (SQLException e) {
      throw new IllegalStateException(query + ": " + e.getMessage(), e);
    }
  }

  /** The slot's confirmed_flush_lsn, or null when it does not exist. */
  String confirmedFlush() throws SQLException {
    return queryText("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
  }

  @Override
  public void close() throws SQLException {
    try {
      List<String> slots = new ArrayList<>();
      try (Statement statement = sql.createStatement(); ResultSet rows = statement.executeQuery(
          "SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE '" + slot + "%'")) {
        while (rows.next()) {
          slots.add(rows.getString(1));
        }
      }
      for (String s : slots) {
        ReplicationSlots.drop(sql, s, Duration.ofSeconds(20));
      }
      execute("DROP PUBLICATION IF EXISTS " + SyncTable.quote(publication));
      for (String table : tables) {
        execute("DROP TABLE IF EXISTS " + table + " CASCADE");
      }
    } finally {
      sql.close();
    }
  }
}
