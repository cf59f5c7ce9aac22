package io.planetscale.cdc.examples.demo;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.State;
import io.planetscale.cdc.postgres.PostgresClient;
import io.planetscale.cdc.postgres.PostgresSource;
import io.planetscale.cdc.testkit.postgres.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * {@code bin/demo --postgres}: the demo's story on PostgreSQL. It starts an embedded PostgreSQL 18
 * ({@link EmbeddedPostgres}, from the binaries jar on the class path), creates database {@code shop} with the
 * sample shop ({@link PostgresShop}), and through {@link PostgresClient} (slot and publication
 * {@value #SLOT}, created by the client) discovers it, snapshots it (the full sync), applies the changes in a few
 * transactions, syncs incrementally from the saved state (the slot's changes), and checks both, like the Vitess
 * demo. At the end it drops the slot and stops the server, also when something failed.
 */
final class PostgresDemo {
  /** The replication slot's and the publication's name. */
  static final String SLOT = "planetscale_demo";
  private static final String DATABASE = "shop";
  /** How long the slot may stay busy after the last sync returned (its WAL sender ends asynchronously). */
  private static final Duration SLOT_RELEASE = Duration.ofSeconds(30);

  private final PrintStream err;
  private final DemoOutput output;

  /**
   * @param err where progress goes
   * @param output the demo's files, summary and check
   */
  PostgresDemo(PrintStream err, DemoOutput output) {
    this.err = err;
    this.output = output;
  }

  /**
   * Runs the demo on a new embedded server.
   *
   * @param data the dataset and its changes
   * @return whether the check passed
   * @throws IOException if the server cannot be started or a file cannot be written
   * @throws SQLException if loading or changing the sample shop fails
   */
  boolean run(DemoData data) throws IOException, SQLException {
    err.printf("starting an embedded PostgreSQL (database %s) with %,d rows%n", DATABASE, data.totalRows());
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().build().start()) {
      // version() is "PostgreSQL 18.6 on x86_64-pc-linux-gnu, compiled by ...": the first two words say enough.
      String version = String.join(" ", List.of(postgres.version().split(" ")).subList(0, 2));
      err.printf("started %s on %s:%d in %.1f s%n", version, postgres.host(), postgres.port(),
          postgres.startTime().toMillis() / 1e3);
      try (Connection admin = postgres.connect(); Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE " + DATABASE);
      }
      try (Connection shop = connect(postgres)) {
        load(shop, data);
        PostgresSource source = PostgresSource.newBuilder().host(postgres.host()).port(postgres.port())
            .database(DATABASE).user(postgres.superuser()).plaintext(true).build();
        try {
          return sync(source, shop, data);
        } finally {
          dropSlot(shop);
        }
      }
    }
  }

  private boolean sync(PostgresSource source, Connection shop, DemoData data) throws IOException, SQLException {
    try (PostgresClient client = PostgresClient.builder(source).slotName(SLOT).publicationName(SLOT)
        .createIfMissing(true).build()) {
      client.check();
      Catalog catalog = output.discover(client::discover);
      PhaseSink full = output.sync(client::sync, catalog, State.empty(), "full", data.totalRows(), false, null);
      err.printf("applying %d changes (inserts, updates, deletes) in %d transactions%n", data.changes().size(),
          PostgresShop.CHANGE_TRANSACTIONS);
      PostgresShop.apply(shop, data.changes());
      PhaseSink incremental = output.sync(client::sync, catalog, full.lastState(), "incremental", 0, true, null);
      output.summary(full, incremental);
      if (!output.check(data, full, incremental)) {
        return false;
      }
      output.files();
      return true;
    }
  }

  private void load(Connection shop, DemoData data) throws SQLException {
    long start = System.nanoTime();
    PostgresShop.create(shop);
    PostgresShop.load(shop, data, err);
    err.printf("loaded %,d rows into %d tables in %.1f s%n", data.totalRows(), DemoData.tables().size(),
        (System.nanoTime() - start) / 1e9);
  }

  private static Connection connect(EmbeddedPostgres postgres) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", postgres.superuser());
    // One multi-row INSERT per batch: loading 100,000 rows takes seconds, not a minute.
    properties.setProperty("reWriteBatchedInserts", "true");
    return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), properties);
  }

  // A slot holds WAL for as long as it exists. Its WAL sender may still be ending when the sync returns.
  private void dropSlot(Connection shop) throws SQLException {
    long deadline = System.nanoTime() + SLOT_RELEASE.toNanos();
    try (PreparedStatement drop = shop.prepareStatement("SELECT pg_drop_replication_slot(slot_name), active "
        + "FROM pg_replication_slots WHERE slot_name = ? AND NOT active")) {
      drop.setString(1, SLOT);
      while (true) {
        try (ResultSet dropped = drop.executeQuery()) {
          if (dropped.next()) {
            err.println("dropped the replication slot " + SLOT);
            return;
          }
        }
        if (!slotExists(shop)) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new SQLException("the replication slot " + SLOT + " is still in use after " + SLOT_RELEASE.toSeconds()
              + " s; it was not dropped");
        }
        try {
          Thread.sleep(50); // polling the slot's state, with the deadline above
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while waiting to drop the replication slot " + SLOT, e);
        }
      }
    }
  }

  private static boolean slotExists(Connection shop) throws SQLException {
    try (PreparedStatement find = shop.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
      find.setString(1, SLOT);
      try (ResultSet rows = find.executeQuery()) {
        return rows.next();
      }
    }
  }
}
