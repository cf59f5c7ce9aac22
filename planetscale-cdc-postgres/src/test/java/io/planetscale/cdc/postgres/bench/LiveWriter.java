package io.planetscale.cdc.postgres.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes live rows at a steady rate: one auto-committed {@code INSERT ... SELECT FROM generate_series} of
 * {@code rowsPerTransaction} rows per transaction, paced on a fixed schedule. Each row's {@code written_ns} is
 * the {@link System#nanoTime()} taken just before that statement (so the latency measured includes the
 * statement's own execution and commit: it is slightly pessimistic). The writer's session sets
 * {@code synchronous_commit = on}: the test server runs with it off, and then a commit's WAL is only written out
 * by the WAL writer every {@code wal_writer_delay} (200 ms), which the walsender waits for; with {@code fsync =
 * off} the server keeps, the commit's flush costs no disk sync.
 */
final class LiveWriter {
  private final BenchDatabase database;
  private final int rowsPerSecond;
  private final int rowsPerTransaction;

  LiveWriter(BenchDatabase database, int rowsPerSecond, int rowsPerTransaction) {
    if (rowsPerSecond % rowsPerTransaction != 0) {
      throw new IllegalArgumentException("rate " + rowsPerSecond + " is not a multiple of " + rowsPerTransaction);
    }
    this.database = database;
    this.rowsPerSecond = rowsPerSecond;
    this.rowsPerTransaction = rowsPerTransaction;
  }

  /**
   * Writes for {@code duration}, from now.
   *
   * @return the rows written
   */
  long write(Duration duration) throws SQLException {
    long interval = 1_000_000_000L / (rowsPerSecond / rowsPerTransaction);
    long transactions = duration.toNanos() / interval;
    long behind = 0;
    try (Connection c = database.connect();
        PreparedStatement insert = c.prepareStatement("INSERT INTO live (written_ns, payload) "
            + "SELECT ?, 'live-row-' || g FROM generate_series(1, " + rowsPerTransaction + ") g")) {
      try (Statement set = c.createStatement()) {
        set.execute("SET synchronous_commit = on");
      }
      long start = System.nanoTime();
      for (long t = 0; t < transactions; t++) {
        long due = start + t * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        } else if (-wait > interval) {
          behind++;
        }
        insert.setLong(1, System.nanoTime());
        insert.executeUpdate();
      }
    }
    if (behind > transactions / 10) {
      System.err.printf("live writer: %d of %d transactions started over one interval late%n", behind,
          transactions);
    }
    return transactions * rowsPerTransaction;
  }
}
