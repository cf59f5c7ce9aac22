package io.planetscale.cdc.jdbc;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.VitessTablet;
import io.planetscale.cdc.internal.Redaction;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.MysqlColumnTypes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link MysqlAccess} over mariadb-java-client: the Go {@code PlanetScaleEdgeMysqlAccess}
 * ({@code NewMySQL(psc)}), with the Go bugs of reference §7 fixed. See the
 * {@link io.planetscale.cdc.jdbc package documentation} for the statements it runs.
 *
 * <p>Thread-safe. One connection, opened by the first call and reused by the next ones; after a
 * connection failure it is dropped and the next call opens a new one. A call that finds its reused
 * connection broken (the server closed it while idle) retries once on a fresh connection: every
 * statement here is a read, so repeating it is harmless.
 *
 * <p>The source given to each method names the database queried; it must have the host, port,
 * credentials and TLS settings of the source this object was opened for.
 */
public final class JdbcMysqlAccess implements MysqlAccess {
  private static final String COLUMNS_SQL = "SELECT table_schema, table_name, column_name, column_type, is_nullable"
      + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position";
  private static final String PRIMARY_KEY_SQL = "SELECT table_schema, table_name, column_name"
      + " FROM information_schema.key_column_usage"
      + " WHERE table_schema = ? AND table_name = ? AND constraint_name = ? ORDER BY ordinal_position";
  private static final int TABLET_COLUMNS = 8;

  private final PlanetScaleSource source;
  private final JdbcOptions options;
  private final String url;
  private final Object lock = new Object();
  private Connection connection;
  private boolean closed;

  private JdbcMysqlAccess(PlanetScaleSource source, JdbcOptions options) {
    this.source = source;
    this.options = options;
    this.url = ConnectionSettings.url(source, options);
  }

  /**
   * Prepares access to a source with {@link JdbcOptions#defaults()}. Nothing is connected until the
   * first call.
   *
   * @param source where to connect
   * @return the access; close it when done
   * @throws ConfigurationException if the source cannot be expressed as a JDBC connection
   */
  public static JdbcMysqlAccess open(PlanetScaleSource source) {
    return open(source, JdbcOptions.defaults());
  }

  /**
   * Prepares access to a source. Nothing is connected until the first call.
   *
   * @param source where to connect
   * @param options TLS mode, timeouts and tablet type
   * @return the access; close it when done
   * @throws ConfigurationException if the source cannot be expressed as a JDBC connection
   */
  public static JdbcMysqlAccess open(PlanetScaleSource source, JdbcOptions options) {
    return new JdbcMysqlAccess(Objects.requireNonNull(source, "source"), Objects.requireNonNull(options, "options"));
  }

  /** @return the options this access connects with */
  public JdbcOptions options() {
    return options;
  }

  /**
   * Checks that the database answers within the ping timeout ({@link java.sql.Connection#isValid}).
   *
   * @throws io.planetscale.cdc.AuthenticationException if the credentials are rejected
   * @throws ConnectionException if the server cannot be reached or does not answer in time
   */
  @Override
  public void ping(PlanetScaleSource source) {
    String operation = "ping of " + describe(source);
    run(source, operation, c -> {
      if (!c.isValid(ConnectionSettings.seconds(options.pingTimeout()))) {
        throw new java.sql.SQLTimeoutException("no answer within " + options.pingTimeout(), "08000");
      }
      return null;
    });
  }

  /**
   * {@code SHOW TABLES FROM `db`}, Vitess internal tables left out.
   *
   * @throws io.planetscale.cdc.AuthenticationException if the credentials are rejected
   * @throws ConnectionException if the server cannot be reached or does not answer in time
   */
  @Override
  public List<String> tableNames(PlanetScaleSource source) {
    String sql = "SHOW TABLES FROM " + Identifiers.quote(source.database());
    List<String> names = run(source, "listing the tables of " + describe(source), c -> {
      try (Statement s = c.createStatement()) {
        // A database called `{fn ...}` must reach the server as written, not as a JDBC escape.
        s.setEscapeProcessing(false);
        s.setQueryTimeout(queryTimeoutSeconds());
        try (ResultSet rs = s.executeQuery(sql)) {
          List<String> all = new ArrayList<>();
          while (rs.next()) {
            all.add(rs.getString(1));
          }
          return all;
        }
      }
    });
    return VitessInternalTables.withoutInternal(names);
  }

  /**
   * The columns of {@code information_schema.columns} in ordinal order, each described by
   * {@link MysqlColumnTypes#jsonSchema} from its {@code column_type} and {@code is_nullable}.
   *
   * @throws PlanetScaleCdcException if the table does not exist (it has no columns)
   */
  @Override
  public Map<String, StreamProperty> tableSchema(PlanetScaleSource source, String table, boolean treatTinyIntAsBoolean) {
    Objects.requireNonNull(table, "table");
    String operation = "reading the columns of table " + describe(source, table);
    Map<String, StreamProperty> schema = run(source, operation, c -> {
      Map<String, StreamProperty> columns = new LinkedHashMap<>();
      try (PreparedStatement ps = prepare(c, COLUMNS_SQL, source.database(), table);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (sameTable(rs, source.database(), table)) {
            columns.put(rs.getString(3),
                MysqlColumnTypes.jsonSchema(rs.getString(4), "YES".equalsIgnoreCase(rs.getString(5)), treatTinyIntAsBoolean));
          }
        }
      }
      return columns;
    });
    if (schema.isEmpty()) {
      throw new PlanetScaleCdcException(operation + " failed: the table does not exist"
          + " (information_schema.columns has no columns for it)");
    }
    return schema;
  }

  /**
   * The columns of the {@code PRIMARY} constraint in key order
   * ({@code information_schema.key_column_usage.ordinal_position}), not column order.
   */
  @Override
  public List<String> primaryKeys(PlanetScaleSource source, String table) {
    Objects.requireNonNull(table, "table");
    return run(source, "reading the primary key of table " + describe(source, table), c -> {
      List<String> keys = new ArrayList<>();
      try (PreparedStatement ps = prepare(c, PRIMARY_KEY_SQL, source.database(), table, "PRIMARY");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (sameTable(rs, source.database(), table)) {
            keys.add(rs.getString(3));
          }
        }
      }
      return keys;
    });
  }

  /**
   * {@code SHOW VITESS_SHARDS}, keeping the shards of the rows whose keyspace is exactly the database.
   *
   * @throws PlanetScaleCdcException saying so when the server is not Vitess
   */
  @Override
  public List<String> vitessShards(PlanetScaleSource source) {
    String operation = "listing the shards of " + describe(source);
    List<String> rows = run(source, operation, c -> vitessShow(c, operation, "SHOW VITESS_SHARDS", rs -> rs.getString(1)));
    return ShardRows.shardsOf(rows, source.database());
  }

  /**
   * {@code SHOW VITESS_TABLETS}, every row, NULL columns as {@code ""}.
   *
   * @throws PlanetScaleCdcException saying so when the server is not Vitess
   */
  @Override
  public List<VitessTablet> vitessTablets(PlanetScaleSource source) {
    String operation = "listing the tablets of " + describe(source);
    return run(source, operation, c -> vitessShow(c, operation, "SHOW VITESS_TABLETS", rs -> {
      if (rs.getMetaData().getColumnCount() < TABLET_COLUMNS) {
        throw new SQLException("SHOW VITESS_TABLETS returned " + rs.getMetaData().getColumnCount()
            + " columns, expected " + TABLET_COLUMNS);
      }
      return new VitessTablet(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
          rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
    }));
  }

  /** Closes the connection, if one is open. Further calls fail. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      discardConnection();
    }
  }

  @Override
  public String toString() {
    return "JdbcMysqlAccess{" + url + ", user=" + source.username() + ", " + options + "}";
  }

  // ----------------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> T run(PlanetScaleSource callSource, String operation, SqlWork<T> work) {
    checkSameConnection(callSource);
    synchronized (lock) {
      if (closed) {
        throw new PlanetScaleCdcException(operation + " failed: this JdbcMysqlAccess is closed");
      }
      boolean reused = connection != null;
      try {
        return work.run(connection());
      } catch (SQLException e) {
        if (!SqlErrors.isConnectionFailure(e)) {
          throw SqlErrors.map(operation, e, source.password());
        }
        discardConnection();
        if (!reused || SqlErrors.isTimeout(e)) {
          throw SqlErrors.map(operation, e, source.password());
        }
      }
      // The reused connection had gone stale: one more try on a new one.
      try {
        return work.run(connection());
      } catch (SQLException e) {
        if (SqlErrors.isConnectionFailure(e)) {
          discardConnection();
        }
        throw SqlErrors.map(operation, e, source.password());
      }
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      // DriverManager, not `new Driver()`: it keeps the driver's own registration and login timeout rules.
      connection = DriverManager.getConnection(url, ConnectionSettings.properties(source, options));
    }
    return connection;
  }

  private void discardConnection() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Already broken; nothing more to release.
      }
    }
  }

  private <T> List<T> vitessShow(Connection c, String operation, String sql, RowReader<T> reader) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(queryTimeoutSeconds());
      try (ResultSet rs = s.executeQuery(sql)) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(reader.read(rs));
        }
        return rows;
      }
    } catch (SQLException e) {
      if (SqlErrors.isSyntaxError(e)) {
        throw new PlanetScaleCdcException(operation + " failed: the server (" + serverVersion(c)
            + ") is not Vitess/PlanetScale: it does not know "
            + sql + " (" + Redaction.redact(SqlErrors.describe(e), source.password()) + ")",
            SqlErrors.scrub(e, source.password()));
      }
      throw e;
    }
  }

  private PreparedStatement prepare(Connection c, String sql, String... values) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      ps.setQueryTimeout(queryTimeoutSeconds());
      for (int i = 0; i < values.length; i++) {
        ps.setString(i + 1, values[i]);
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  /**
   * information_schema compares names with a case- and accent-insensitive collation on some servers
   * (MariaDB: {@code T} = {@code t}, {@code café} = {@code cafe}); only the exact table counts.
   */
  private static boolean sameTable(ResultSet rs, String database, String table) throws SQLException {
    return database.equals(rs.getString(1)) && table.equals(rs.getString(2));
  }

  private int queryTimeoutSeconds() {
    return ConnectionSettings.seconds(options.queryTimeout());
  }

  private static String serverVersion(Connection c) {
    try {
      return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
    } catch (SQLException e) {
      return "version unknown";
    }
  }

  private void checkSameConnection(PlanetScaleSource callSource) {
    Objects.requireNonNull(callSource, "source");
    if (callSource == source) {
      return;
    }
    boolean same = callSource.hostName().equals(source.hostName()) && callSource.mysqlPort() == source.mysqlPort()
        && callSource.username().equals(source.username()) && callSource.password().equals(source.password())
        && callSource.plaintext() == source.plaintext()
        && Objects.equals(callSource.trustedCertificatesPem(), source.trustedCertificatesPem());
    if (!same) {
      throw new ConfigurationException("source: this JdbcMysqlAccess was opened for " + source.username() + "@"
          + source.hostName() + ":" + source.mysqlPort() + "; open another one for " + callSource.username() + "@"
          + callSource.hostName() + ":" + callSource.mysqlPort() + " or for other credentials or TLS settings");
    }
  }

  private static String describe(PlanetScaleSource s) {
    return "database " + Identifiers.quote(s.database()) + " on " + s.hostName() + ":" + s.mysqlPort();
  }

  private static String describe(PlanetScaleSource s, String table) {
    return Identifiers.quote(s.database()) + "." + Identifiers.quote(table) + " on " + s.hostName() + ":" + s.mysqlPort();
  }
}
