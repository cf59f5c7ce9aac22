package io.planetscale.cdc.postgres;

import io.planetscale.cdc.AuthenticationException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.PGProperty;

/** Connections to a {@link PostgresSource}, with its TLS settings. */
final class SourceConnector implements PostgresConnector {
  private final PostgresSource source;

  SourceConnector(PostgresSource source) {
    this.source = source;
  }

  @Override
  public String database() {
    return source.database();
  }

  @Override
  public Connection connect() throws SQLException {
    return open(source.jdbcProperties());
  }

  @Override
  public Connection connectForReplication() throws SQLException {
    Properties properties = source.jdbcProperties();
    PGProperty.REPLICATION.set(properties, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
    PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
    return open(properties);
  }

  private Connection open(Properties properties) throws SQLException {
    try {
      return DriverManager.getConnection(source.jdbcUrl(), properties);
    } catch (SQLException e) {
      // 28P01 / 28000: wrong password or no such role (the message names neither the password nor its hash).
      if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
        throw new AuthenticationException("PostgreSQL at " + source.host() + ":" + source.port() + " refused user \""
            + source.user() + "\": " + e.getMessage(), e);
      }
      throw e;
    }
  }
}
