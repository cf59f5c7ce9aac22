package io.planetscale.cdc.postgres;

import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.SyncLogger;
import io.planetscale.cdc.postgres.internal.pgoutput.Lsn;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One snapshot reader's connection, with the exported snapshot it imported. A lost connection is opened again
 * and the snapshot imported again (a newer one when its exporter is gone too), with the retry policy's backoff;
 * the table then continues after the last row delivered, so the sink receives no row twice (a table without a
 * primary key starts over). A table's failures count again from one once a row was delivered in between.
 */
final class SnapshotWorker {
  private final SnapshotReader reader;
  private final PostgresConnector connector;
  private final RenewableSnapshot snapshots;
  private final RetryPolicy retryPolicy;
  private final SyncLogger logger;
  private Connection connection;
  private ExportedSnapshot imported;

  SnapshotWorker(SnapshotReader reader, PostgresConnector connector, RenewableSnapshot snapshots,
      RetryPolicy retryPolicy, SyncLogger logger) {
    this.reader = reader;
    this.connector = connector;
    this.snapshots = snapshots;
    this.retryPolicy = retryPolicy;
    this.logger = logger;
  }

  /** Where a table's read stands: the last key delivered (text forms) and the next record's sequence. */
  static final class Progress {
    String[] key;
    long sequence;

    Progress(List<String> after) {
      key = after == null ? null : after.toArray(new String[0]);
    }
  }

  /**
   * Opens the first connection in the snapshot; when the connection or the snapshot is lost already, the
   * reader's first read opens one again (with the retries).
   *
   * @throws ConnectionException if the import failed otherwise
   */
  void openFirst(ExportedSnapshot snapshot) {
    try {
      open(snapshot);
    } catch (SQLException e) {
      if (!ConnectionLoss.is(e) && !(e instanceof SnapshotGone)) {
        throw new ConnectionException("could not import the exported snapshot " + snapshot.snapshotName() + ": "
            + e.getMessage(), e);
      }
    }
  }

  private void open(ExportedSnapshot snapshot) throws SQLException {
    connection = importSnapshot(snapshot.snapshotName());
    imported = snapshot;
  }

  /**
   * Reads a table, retrying lost connections.
   *
   * @throws ConnectionException naming the table when the error is no lost connection, or the retries ran out
   */
  void read(SnapshotReader.Task task, AtomicBoolean failed) {
    Progress progress = new Progress(task.resumeAfter());
    int failures = 0;
    while (true) {
      long deliveredBefore = progress.sequence;
      try {
        if (connection == null) {
          reopen();
        }
        reader.readTable(connection, task, progress, imported.consistentPoint(), failed);
        return;
      } catch (SQLException e) {
        close();
        String table = task.table().qualifiedName() + " (stream \"" + task.table().streamName() + "\")";
        if (!ConnectionLoss.is(e) && !(e instanceof SnapshotGone)) {
          throw new ConnectionException("the snapshot of " + table + " failed: " + e.getMessage(), e);
        }
        failures = progress.sequence > deliveredBefore ? 1 : failures + 1;
        String where = progress.key == null ? "at its start" : "after key " + List.of(progress.key);
        if (failures >= retryPolicy.maxAttempts()) {
          throw new ConnectionException("the snapshot of " + table + " failed " + (failures == 1 ? ""
              : failures + " times in a row, last ") + where + ": " + e.getMessage(), e);
        }
        if (reader.stop(failed)) {
          return; // the table's cursor stays at its last whole chunk
        }
        logger.info("postgres: the snapshot of " + table + " lost its connection " + where + " (" + e.getMessage()
            + "); attempt " + (failures + 1) + " of " + retryPolicy.maxAttempts());
        ConnectionLoss.pause(retryPolicy, failures, () -> reader.stop(failed));
        if (reader.stop(failed)) {
          return;
        }
      }
    }
  }

  /** Imports the snapshot again, or a newer one when its exporting connection is gone. */
  private void reopen() throws SQLException {
    ExportedSnapshot snapshot = snapshots.current();
    try {
      open(snapshot);
    } catch (SnapshotGone e) {
      ExportedSnapshot newer = snapshots.renew(snapshot);
      logger.info("postgres: exported snapshot " + snapshot.snapshotName() + " is gone with its connection; "
          + "reading on in snapshot " + newer.snapshotName() + " of slot \"" + newer.slot() + "\" (consistent "
          + "point " + Lsn.format(newer.consistentPoint()) + ")");
      open(newer);
    }
  }

  void close() {
    if (connection != null) {
      SnapshotReader.closeQuietly(connection);
      connection = null;
    }
  }

  private Connection importSnapshot(String snapshotName) throws SQLException {
    Connection opened = connector.connect();
    try {
      opened.setAutoCommit(false);
      opened.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      opened.setReadOnly(true);
      try (Statement statement = opened.createStatement()) {
        statement.execute("SET TRANSACTION SNAPSHOT " + SyncTable.literal(snapshotName));
      } catch (SQLException e) {
        // 42704 or 22023: no such snapshot (its exporter ended); 55000: its exporting transaction is not running.
        String state = e.getSQLState();
        if ("42704".equals(state) || "22023".equals(state) || "55000".equals(state)) {
          throw new SnapshotGone(snapshotName, e);
        }
        throw e;
      }
      return opened;
    } catch (SQLException | RuntimeException e) {
      SnapshotReader.closeQuietly(opened);
      throw e;
    }
  }

  /** The exported snapshot can no longer be imported: the connection that exported it is gone. */
  private static final class SnapshotGone extends SQLException {
    private static final long serialVersionUID = 1L;

    SnapshotGone(String snapshotName, SQLException cause) {
      super("exported snapshot " + snapshotName + " is gone: " + cause.getMessage(), cause.getSQLState(), cause);
    }
  }
}
