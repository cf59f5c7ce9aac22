package io.planetscale.cdc.postgres.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The benchmark's table shape (ten mixed columns: bigint key, int, text, numeric, timestamptz, boolean, double,
 * uuid, jsonb, bytea), its bulk load, and the back-log of changes written to it.
 */
final class BenchTable {
  /** Columns of a benchmark table, as the readers count them. */
  static final int COLUMNS = 10;

  /** Rows of {@code changes} before the back-log: every update and delete of the back-log finds its row. */
  static final int CHANGES_INITIAL_ROWS = 20_000;

  /** Changes per back-log transaction (the figure). */
  static final int CHANGES_PER_TRANSACTION = 100;

  private static final int INSERTS = 50;
  private static final int UPDATES = 30;
  private static final int DELETES = 20;

  private BenchTable() {}

  static String createSql(String table) {
    return "CREATE TABLE " + table + " (id bigint PRIMARY KEY, n integer NOT NULL, name text NOT NULL, "
        + "amount numeric(12,2) NOT NULL, created timestamptz NOT NULL, active boolean NOT NULL, "
        + "score double precision NOT NULL, ref uuid NOT NULL, doc jsonb NOT NULL, raw bytea NOT NULL)";
  }

  /** The values of row {@code g} (a SQL expression of {@code g}), the same for the load and the back-log. */
  private static String rowValues(String g) {
    return g + ", (" + g + " % 1000)::int, 'name-' || " + g + " || '-abcdefghijklmnopqrstuvwxyz', "
        + "((" + g + " % 100000) / 100.0)::numeric(12,2), timestamptz '2025-01-01 00:00:00+00' + " + g
        + " * interval '1 second', " + g + " % 2 = 0, " + g + " / 7.0, md5(" + g + "::text)::uuid, "
        + "jsonb_build_object('k', " + g + ", 's', 'v' || " + g + "), decode(md5(" + g + "::text), 'hex')";
  }

  /**
   * Loads rows 1..{@code rows} into an empty table, then vacuums and analyzes it, so that no reader pays for
   * setting hint bits the first time the rows are read.
   */
  static void load(BenchDatabase database, String table, long rows) throws SQLException {
    try (Connection c = database.connect(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE " + table);
      s.execute("INSERT INTO " + table + " SELECT " + rowValues("g") + " FROM generate_series(1, " + rows + ") g");
      s.execute("VACUUM (FREEZE, ANALYZE) " + table);
    }
  }

  /**
   * Writes the back-log: {@code changes} row changes to table {@code changes} (loaded with
   * {@link #CHANGES_INITIAL_ROWS} rows), in transactions of {@link #CHANGES_PER_TRANSACTION}: 50 inserts of new
   * rows, 30 updates and 20 deletes of older ones, one statement each.
   *
   * @return the number of row changes written (a multiple of 100)
   */
  static long writeChanges(BenchDatabase database, long changes) throws SQLException {
    long transactions = changes / CHANGES_PER_TRANSACTION;
    try (Connection c = database.connect();
        PreparedStatement insert = c.prepareStatement("INSERT INTO changes SELECT " + rowValues("g")
            + " FROM generate_series(?::bigint, ?::bigint) g");
        PreparedStatement update = c.prepareStatement("UPDATE changes SET n = n + 1, score = score * 1.5, "
            + "name = name || '+', doc = doc || '{\"u\": 1}' WHERE id BETWEEN ? AND ?");
        PreparedStatement delete = c.prepareStatement("DELETE FROM changes WHERE id BETWEEN ? AND ?")) {
      c.setAutoCommit(false);
      long nextId = CHANGES_INITIAL_ROWS + 1;
      for (long t = 0; t < transactions; t++) {
        // Deletes advance 20 ids a transaction and inserts 50: the rows updated and deleted always exist.
        long deleteFrom = 1 + DELETES * t;
        insert.setLong(1, nextId);
        insert.setLong(2, nextId + INSERTS - 1);
        expect(insert.executeUpdate(), INSERTS, "inserted");
        update.setLong(1, deleteFrom + DELETES);
        update.setLong(2, deleteFrom + DELETES + UPDATES - 1);
        expect(update.executeUpdate(), UPDATES, "updated");
        delete.setLong(1, deleteFrom);
        delete.setLong(2, deleteFrom + DELETES - 1);
        expect(delete.executeUpdate(), DELETES, "deleted");
        c.commit();
        nextId += INSERTS;
      }
    }
    return transactions * CHANGES_PER_TRANSACTION;
  }

  private static void expect(int actual, int expected, String what) {
    if (actual != expected) {
      throw new IllegalStateException(what + " " + actual + " rows, expected " + expected);
    }
  }
}
