package io.planetscale.cdc.postgres.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGProperty;

/**
 * A real PostgreSQL server of one major version (17 or 18, PlanetScale Postgres's majors) on a free loopback
 * port, with {@code wal_level=logical} and room for replication slots and WAL senders. Its cluster lives
 * under {@code target/} and is deleted on {@link #close()}; a shutdown hook stops it if the JVM exits first.
 * User {@code postgres}, trust authentication, database {@code postgres}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EmbeddedPostgresServer.class.getName());
  private static final String HOST = "127.0.0.1";
  private static final String USER = "postgres";
  private static final int START_ATTEMPTS = 3;

  private final PostgresBinaries binaries;
  private final ServerUser user;
  private final Path runDirectory;
  private final Path dataDirectory;
  private final int port;
  private final String version;
  private final Duration startTime;
  private final Thread shutdownHook;
  private boolean closed;

  private EmbeddedPostgresServer(PostgresBinaries binaries, ServerUser user, Path runDirectory, int port,
      String version, Duration startTime) {
    this.binaries = binaries;
    this.user = user;
    this.runDirectory = runDirectory;
    this.dataDirectory = runDirectory.resolve("data");
    this.port = port;
    this.version = version;
    this.startTime = startTime;
    this.shutdownHook = new Thread(this::stopQuietly, "stop-postgres-" + port);
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
    long begin = System.nanoTime();
    ServerUser user = ServerUser.detect();
    Path base = user.workArea();
    PostgresBinaries binaries = PostgresBinaries.unpack(major, user);
    long unpacked = System.nanoTime();
    Path runDirectory = Files.createTempDirectory(base, "postgres" + major + "-");
    user.createOwnedDirectory(runDirectory);
    Path data = runDirectory.resolve("data");
    try {
      ServerUser.ProcessResult initdb = user.runAsServer(List.of(binaries.program("initdb").toString(),
          "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
          "--no-instructions"), 120);
      if (initdb.exitCode() != 0) {
        throw new IOException("initdb (PostgreSQL " + major + ") failed: " + initdb.output());
      }
      long initialised = System.nanoTime();
      Files.writeString(data.resolve("postgresql.conf"), settings() + String.join("\n", overrides) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      IOException last = null;
      for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
        int port = freePort();
        ServerUser.ProcessResult pgCtl = user.runAsServer(List.of(binaries.program("pg_ctl").toString(),
            "-D", data.toString(), "-l", runDirectory.resolve("server.log").toString(), "-o", "-p " + port,
            "-w", "-t", "60", "start"), 90);
        if (pgCtl.exitCode() == 0) {
          EmbeddedPostgresServer server = new EmbeddedPostgresServer(binaries, user, runDirectory, port,
              queryVersion(port), Duration.ofNanos(System.nanoTime() - begin));
          Runtime.getRuntime().addShutdownHook(server.shutdownHook);
          LOG.log(System.Logger.Level.INFO, "{0} on {1}:{2,number,#} (as {3}) started in {4,number,#} ms: unpack "
              + "{5,number,#} ms, initdb {6,number,#} ms, pg_ctl start {7,number,#} ms", server.version, HOST, port,
              user.unprivileged() ? "nobody" : "this user", server.startTime.toMillis(), millis(begin, unpacked),
              millis(unpacked, initialised), millis(initialised, System.nanoTime()));
          return server;
        }
        // Most likely another process took the port between freePort() and the bind: try another.
        last = new IOException("pg_ctl start (PostgreSQL " + major + ", port " + port + ") failed: "
            + pgCtl.output() + "\nserver log:\n" + readLog(runDirectory));
      }
      throw last;
    } catch (IOException | RuntimeException e) {
      try {
        FileTrees.delete(runDirectory);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }

  private static String settings() {
    // Durability is irrelevant for a throw-away test cluster; turning it off makes commits cheap.
    return String.join("\n", "",
        "listen_addresses = '" + HOST + "'",
        "unix_socket_directories = ''",
        "wal_level = logical",
        "max_replication_slots = 16",
        "max_wal_senders = 16",
        "max_connections = 64",
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  private static String queryVersion(int port) throws IOException {
    try (Connection connection = DriverManager.getConnection(url(port, USER), credentials());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version()")) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      throw new IOException("the server started but SELECT version() failed on port " + port, e);
    }
  }

  private static String readLog(Path runDirectory) {
    try {
      return Files.readString(runDirectory.resolve("server.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no server log: " + e.getMessage() + ")";
    }
  }

  private static String url(int port, String database) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
  }

  private static Properties credentials() {
    Properties properties = new Properties();
    PGProperty.USER.set(properties, USER);
    return properties;
  }

  /**
   * The major version this server is.
   *
   * @return 17 or 18
   */
  public int major() {
    return binaries.major();
  }

  /**
   * What {@code SELECT version()} answered.
   *
   * @return for example {@code PostgreSQL 18.6 on x86_64-pc-linux-gnu, ...}
   */
  public String version() {
    return version;
  }

  /**
   * How long unpacking (the first time), {@code initdb} and the start took.
   *
   * @return the start time
   */
  public Duration startTime() {
    return startTime;
  }

  /**
   * The loopback address the server listens on.
   *
   * @return {@code 127.0.0.1}
   */
  public String host() {
    return HOST;
  }

  /**
   * The TCP port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * The superuser's name (trust authentication, no password).
   *
   * @return {@code postgres}
   */
  public String user() {
    return USER;
  }

  /**
   * The JDBC URL of database {@code postgres}.
   *
   * @return the URL
   */
  public String jdbcUrl() {
    return url(port, "postgres");
  }

  /**
   * Opens an ordinary connection to database {@code postgres} as the superuser.
   *
   * @return a new connection (auto-commit)
   * @throws SQLException if it cannot connect
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), credentials());
  }

  /**
   * Opens a logical replication connection ({@code replication=database}) to database {@code postgres}.
   *
   * @return a new connection, for {@code PGConnection.getReplicationAPI()}
   * @throws SQLException if it cannot connect
   */
  public Connection connectForReplication() throws SQLException {
    Properties properties = credentials();
    PGProperty.REPLICATION.set(properties, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
    PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
    return DriverManager.getConnection(jdbcUrl(), properties);
  }

  /**
   * Drops every replication slot that is not in use, so that none holds WAL.
   *
   * @return the names of the slots dropped
   * @throws SQLException if the server cannot be queried
   */
  public List<String> dropInactiveSlots() throws SQLException {
    List<String> dropped = new ArrayList<>();
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT slot_name, pg_drop_replication_slot(slot_name) "
            + "FROM pg_replication_slots WHERE NOT active")) {
      while (rows.next()) {
        dropped.add(rows.getString(1));
      }
    }
    return dropped;
  }

  /** Drops leftover slots, stops the server and deletes its cluster. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      List<String> leftovers = dropInactiveSlots();
      if (!leftovers.isEmpty()) {
        LOG.log(System.Logger.Level.WARNING, "a test left replication slots behind: {0}", leftovers);
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "could not drop leftover replication slots", e);
    }
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: nothing to remove.
    }
  }

  private synchronized void stopQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      ServerUser.ProcessResult stop = user.runAsServer(List.of(binaries.program("pg_ctl").toString(), "-D",
          dataDirectory.toString(), "-m", "fast", "-w", "-t", "30", "stop"), 45);
      if (stop.exitCode() != 0) {
        user.runAsServer(List.of(binaries.program("pg_ctl").toString(), "-D", dataDirectory.toString(), "-m",
            "immediate", "-w", "-t", "30", "stop"), 45);
      }
      FileTrees.delete(runDirectory);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not stop the PostgreSQL server on port " + port, e);
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL " + binaries.major() + " on " + HOST + ":" + port;
  }
}
