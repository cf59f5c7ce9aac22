package io.planetscale.cdc.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A slot just created with {@code SNAPSHOT 'export'}: the replication connection that holds the exported
 * snapshot alive, the slot's consistent point (the stream starts there: every transaction that committed
 * before it is in the snapshot, every later one is streamed) and the snapshot's name. Closing it ends the
 * snapshot (a temporary slot goes with it); readers that imported it keep their view.
 *
 * @param connection the replication connection that created the slot
 * @param slot the slot's name
 * @param consistentPoint the LSN the slot's stream starts from
 * @param snapshotName the exported snapshot, for {@code SET TRANSACTION SNAPSHOT}
 */
record ExportedSnapshot(Connection connection, String slot, long consistentPoint, String snapshotName)
    implements AutoCloseable {
  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
