package io.planetscale.cdc.postgres.bench;

import io.planetscale.cdc.postgres.PostgresSource;
import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGProperty;

/**
 * The benchmark's database on the embedded server: its tables, the publications the readers stream, and the
 * replication slots the runner creates (every one is dropped again: slots hold WAL).
 */
final class BenchDatabase {
  /** The database every reader uses. */
  static final String NAME = "bench";
  /** Publication of the snapshot tables. */
  static final String SNAPSHOT_PUBLICATION = "bench_snapshot";
  /** Publication of the table the back-log is written to. */
  static final String CHANGES_PUBLICATION = "bench_changes";
  /** Publication of the table the live writer inserts into. */
  static final String LIVE_PUBLICATION = "bench_live";

  private final EmbeddedPostgresServer server;
  private final List<String> slotsCreated = new ArrayList<>();

  private BenchDatabase(EmbeddedPostgresServer server) {
    this.server = server;
  }

  /** Creates the database (dropping an older one) and its publications' tables, still empty. */
  static BenchDatabase create(EmbeddedPostgresServer server) throws SQLException {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + NAME);
    }
    BenchDatabase database = new BenchDatabase(server);
    database.execute(
        BenchTable.createSql("snap"), BenchTable.createSql("snap_small"), BenchTable.createSql("changes"),
        "CREATE TABLE live (id bigserial PRIMARY KEY, written_ns bigint NOT NULL, payload text NOT NULL)",
        "CREATE PUBLICATION " + SNAPSHOT_PUBLICATION + " FOR TABLE snap, snap_small",
        "CREATE PUBLICATION " + CHANGES_PUBLICATION + " FOR TABLE changes",
        "CREATE PUBLICATION " + LIVE_PUBLICATION + " FOR TABLE live");
    return database;
  }

  EmbeddedPostgresServer server() {
    return server;
  }

  /** The SDK's view of the database: plaintext on loopback, as the superuser (trust authentication). */
  PostgresSource source() {
    return PostgresSource.newBuilder().host(server.host()).port(server.port()).database(NAME)
        .user(server.user()).plaintext(true).build();
  }

  /** An ordinary connection (auto-commit). */
  Connection connect() throws SQLException {
    Properties properties = new Properties();
    PGProperty.USER.set(properties, server.user());
    return DriverManager.getConnection(jdbcUrl(), properties);
  }

  /** A logical replication connection, as PgJDBC's replication API needs it. */
  Connection connectForReplication() throws SQLException {
    Properties properties = new Properties();
    PGProperty.USER.set(properties, server.user());
    PGProperty.REPLICATION.set(properties, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
    PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
    return DriverManager.getConnection(jdbcUrl(), properties);
  }

  String jdbcUrl() {
    return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + NAME;
  }

  /** Runs statements in auto-commit. */
  void execute(String... statements) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Creates a pgoutput slot for a reader that streams it later; the runner drops it again. */
  void createSlot(String slot) throws SQLException {
    remember(slot);
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
      s.setString(1, slot);
      s.execute();
    }
  }

  /** Notes a slot some reader (the SDK, Debezium) creates itself, so that {@link #dropSlots} drops it too. */
  void remember(String slot) {
    synchronized (slotsCreated) {
      if (!slotsCreated.contains(slot)) {
        slotsCreated.add(slot);
      }
    }
  }

  /** Whether a walsender is streaming the slot now. */
  boolean slotActive(String slot) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
      s.setString(1, slot);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }

  /** Waits (polling every 10 ms) until a walsender streams the slot; {@code check} fails if the reader failed. */
  void awaitSlotActive(String slot, Duration timeout, Runnable check) throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!slotActive(slot)) {
      check.run();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("slot " + slot + " is not streamed after " + timeout);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** The server's current WAL insert position. */
  String currentLsn() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
      rows.next();
      return rows.getString(1);
    }
  }

  /** Drops one slot once no walsender holds it (a reader that was just closed may still be letting go). */
  void dropSlot(String slot, Duration timeout) throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection c = connect();
        PreparedStatement active = c.prepareStatement(
            "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?");
        PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)");
        PreparedStatement terminate = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      active.setString(1, slot);
      drop.setString(1, slot);
      while (true) {
        Integer pid;
        try (ResultSet rows = active.executeQuery()) {
          if (!rows.next()) {
            return;
          }
          pid = (Integer) rows.getObject(1);
        }
        if (pid == null) {
          drop.execute();
          return;
        }
        if (System.nanoTime() > deadline + timeout.toNanos()) {
          throw new IllegalStateException("slot " + slot + " is still held by process " + pid + " after "
              + timeout.multipliedBy(2) + ": drop it by hand, it holds WAL");
        }
        if (System.nanoTime() > deadline) {
          // The reader is gone (the runner closed it): its walsender is stuck, so end it.
          terminate.setInt(1, pid);
          terminate.execute();
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
    }
  }

  /** Drops every slot the runner created or let a reader create. */
  void dropSlots() throws SQLException {
    List<String> slots;
    synchronized (slotsCreated) {
      slots = new ArrayList<>(slotsCreated);
      slotsCreated.clear();
    }
    SQLException first = null;
    for (String slot : slots) {
      try {
        dropSlot(slot, Duration.ofSeconds(10));
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
