package io.planetscale.cdc.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens the two kinds of connection a sync needs: ordinary ones (snapshot reads, slot and publication
 * queries) and logical replication ones ({@code replication=database}, for {@code CREATE_REPLICATION_SLOT}
 * and {@code START_REPLICATION}). Kept apart from the source's settings so that the sync machinery does not
 * care where they come from.
 */
interface PostgresConnector {
  /** The database every connection opens; it is the records' keyspace. */
  String database();

  /** An ordinary connection, auto-commit on. */
  Connection connect() throws SQLException;

  /** A logical replication connection: simple query mode, {@code replication=database}. */
  Connection connectForReplication() throws SQLException;
}
