package io.planetscale.cdc.postgres;

import io.planetscale.cdc.ConnectionException;
import java.sql.SQLException;

/**
 * The exported snapshot a sync's snapshot reads in, replaced by a newer one when a reader must import it again
 * (its connection was lost) but the replication connection that exported it is gone too. The newer one comes
 * from a temporary slot whose consistent point is later: rows read in it follow the resumed-snapshot rule of
 * {@link SnapshotReader}. A one-shot sync's temporary slot lives only as long as its exporting connection, so
 * its snapshot cannot be renewed: the stream would have lost its start.
 */
final class RenewableSnapshot {
  /** Exports a new snapshot. */
  interface Exporter {
    ExportedSnapshot export() throws SQLException;
  }

  private final ExportedSnapshot first;
  private final Exporter renewal;
  private ExportedSnapshot current;

  /**
   * @param first the snapshot the slot (or a helper slot) exported
   * @param renewal exports a newer one, or null when the first cannot be replaced (a one-shot sync's slot)
   */
  RenewableSnapshot(ExportedSnapshot first, Exporter renewal) {
    this.first = first;
    this.renewal = renewal;
    this.current = first;
  }

  /** The snapshot readers import now. */
  synchronized ExportedSnapshot current() {
    return current;
  }

  /** Whether the snapshot in use is still the first one (whose connection holds a one-shot sync's slot). */
  synchronized boolean isFirst() {
    return current == first;
  }

  /**
   * The snapshot to import instead of {@code lost}, whose exporting connection is gone: the current one if
   * another reader renewed it already, else a new export (the lost one's connection is closed).
   *
   * @throws ConnectionException if this snapshot cannot be renewed
   * @throws SQLException if the new export failed
   */
  synchronized ExportedSnapshot renew(ExportedSnapshot lost) throws SQLException {
    if (current != lost) {
      return current;
    }
    if (renewal == null) {
      throw new ConnectionException("the connection that held temporary replication slot \"" + lost.slot()
          + "\" and its exported snapshot was lost during the snapshot, and the slot with it: sync again");
    }
    closeQuietly(lost);
    current = renewal.export();
    return current;
  }

  /** Closes the snapshot in use (which ends it, and the temporary slot that exported it). */
  synchronized void close() {
    closeQuietly(current);
  }

  private static void closeQuietly(ExportedSnapshot snapshot) {
    try {
      snapshot.close();
    } catch (SQLException e) {
      // Closing ends the snapshot; nothing else to do.
    }
  }
}
