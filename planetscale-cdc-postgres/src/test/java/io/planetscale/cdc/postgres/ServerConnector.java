package io.planetscale.cdc.postgres;

import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;

/** Connections to an embedded test server (database {@code postgres}, as its superuser). */
final class ServerConnector implements PostgresConnector {
  private final EmbeddedPostgresServer server;

  ServerConnector(EmbeddedPostgresServer server) {
    this.server = server;
  }

  @Override
  public String database() {
    return "postgres";
  }

  @Override
  public Connection connect() throws SQLException {
    return server.connect();
  }

  @Override
  public Connection connectForReplication() throws SQLException {
    return server.connectForReplication();
  }
}
