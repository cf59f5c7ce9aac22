package io.planetscale.cdc.postgres;

import io.planetscale.cdc.ConnectionException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Gives the stream the replication connection that created a temporary slot: the slot lives only as long as
 * that connection, so it is handed out once, and a lost connection cannot be replaced (the sync fails and must
 * start again).
 */
final class HeldReplicationConnector implements PostgresConnector, AutoCloseable {
  private final PostgresConnector connector;
  private final String slot;
  private Connection held;

  HeldReplicationConnector(PostgresConnector connector, Connection held, String slot) {
    this.connector = connector;
    this.held = held;
    this.slot = slot;
  }

  @Override
  public String database() {
    return connector.database();
  }

  @Override
  public Connection connect() throws SQLException {
    return connector.connect();
  }

  @Override
  public synchronized Connection connectForReplication() {
    Connection connection = held;
    if (connection == null) {
      throw new ConnectionException("the connection that held temporary replication slot \"" + slot + "\" was "
          + "lost, and the slot with it: sync again");
    }
    held = null;
    return connection;
  }

  /** Closes the connection if the stream never took it (which drops the temporary slot). */
  @Override
  public synchronized void close() throws SQLException {
    if (held != null) {
      held.close();
      held = null;
    }
  }
}
