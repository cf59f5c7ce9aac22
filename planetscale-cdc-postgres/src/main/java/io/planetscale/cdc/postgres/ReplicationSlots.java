package io.planetscale.cdc.postgres;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.postgres.internal.pgoutput.Lsn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Replication slots: reading one's status, creating one with an exported snapshot, dropping one. */
final class ReplicationSlots {
  /** The first major version with failover slots ({@code FAILOVER} in {@code CREATE_REPLICATION_SLOT}). */
  static final int FAILOVER_MAJOR = 17;

  private ReplicationSlots() {}

  /**
   * A slot as {@code pg_replication_slots} shows it.
   *
   * @param lost whether the slot can no longer give changes: its WAL was removed ({@code wal_status = 'lost'}),
   *     or it was invalidated ({@code invalidation_reason}, {@code conflicting})
   * @param why the server's words for it when lost
   */
  record SlotInfo(String name, String plugin, String database, boolean temporary, boolean active,
      long confirmedFlushLsn, boolean failover, boolean lost, String why) {}

  /** The server's major version ({@code server_version_num / 10000}). */
  static int serverMajor(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW server_version_num")) {
      rows.next();
      return Integer.parseInt(rows.getString(1).trim()) / 10000;
    }
  }

  /** The slot, if it exists. */
  static Optional<SlotInfo> find(Connection connection, String slot) throws SQLException {
    int major = serverMajor(connection);
    String failover = major >= FAILOVER_MAJOR ? "failover" : "false";
    String invalidation = major >= FAILOVER_MAJOR ? "invalidation_reason" : "NULL::text";
    String conflicting = major >= 16 ? "coalesce(conflicting, false)" : "false";
    try (PreparedStatement statement = connection.prepareStatement("SELECT plugin, database, temporary, active, "
        + "confirmed_flush_lsn::text, " + failover + ", wal_status, " + invalidation + ", " + conflicting
        + " FROM pg_replication_slots WHERE slot_name = ?")) {
      statement.setString(1, slot);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        String confirmed = rows.getString(5);
        String walStatus = rows.getString(7);
        String reason = rows.getString(8);
        boolean conflict = rows.getBoolean(9);
        boolean lost = "lost".equals(walStatus) || reason != null || conflict;
        String why = !lost ? null : "wal_status " + walStatus + (reason == null ? "" : ", invalidation_reason "
            + reason) + (conflict ? ", conflicting" : "");
        return Optional.of(new SlotInfo(slot, rows.getString(1), rows.getString(2), rows.getBoolean(3),
            rows.getBoolean(4), confirmed == null ? 0 : Lsn.parse(confirmed), rows.getBoolean(6), lost, why));
      }
    }
  }

  /**
   * Checks that failover may be asked of this server.
   *
   * @throws ConfigurationException on PostgreSQL 16 and below
   */
  static void requireFailoverSupport(int major) {
    if (major < FAILOVER_MAJOR) {
      throw new ConfigurationException("failover replication slots need PostgreSQL " + FAILOVER_MAJOR
          + " or later, and this server runs PostgreSQL " + major + ": upgrade it, or turn failover slots off "
          + "(PostgresClient.Builder.failoverSlot(false)), knowing that a failover then loses the slot");
    }
  }

  /**
   * Creates a logical slot for pgoutput on a new replication connection and exports its snapshot. The
   * snapshot can be imported ({@code SET TRANSACTION SNAPSHOT}) only while that connection stays open and
   * runs no other command: the caller keeps the returned object open until every reader has imported it.
   *
   * @throws ConfigurationException if the slot exists already
   */
  static ExportedSnapshot createExporting(PostgresConnector connector, String slot, boolean temporary,
      boolean failover) throws SQLException {
    Connection connection = connector.connectForReplication();
    try {
      if (failover) {
        requireFailoverSupport(serverMajor(connection));
      }
      String command = "CREATE_REPLICATION_SLOT " + SyncTable.quote(slot) + (temporary ? " TEMPORARY" : "")
          + " LOGICAL pgoutput (SNAPSHOT 'export'" + (failover ? ", FAILOVER" : "") + ")";
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(command)) {
        rows.next();
        return new ExportedSnapshot(connection, rows.getString(1), Lsn.parse(rows.getString(2)), rows.getString(3));
      } catch (SQLException e) {
        if ("42710".equals(e.getSQLState())) {
          throw new ConfigurationException("replication slot \"" + slot + "\" already exists", e);
        }
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Drops a slot, waiting up to {@code timeout} for a walsender that still holds it to let go (that happens
   * shortly after its stream closed). A missing slot is not an error.
   */
  static void drop(Connection connection, String slot, Duration timeout) throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<SlotInfo> info = find(connection, slot);
      if (info.isEmpty()) {
        return;
      }
      if (!info.get().active()) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
          statement.setString(1, slot);
          statement.execute();
          return;
        } catch (SQLException e) {
          // 55006: it became active again in between; 42704: someone else dropped it.
          if ("42704".equals(e.getSQLState())) {
            return;
          }
          if (!"55006".equals(e.getSQLState()) || System.nanoTime() > deadline) {
            throw e;
          }
        }
      } else if (System.nanoTime() > deadline) {
        throw new SQLException("replication slot \"" + slot + "\" is still in use after " + timeout
            + "; it was not dropped");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
