package io.planetscale.cdc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Wrong password, unknown host, closed port, TLS mismatch, unknown database: each a clear error of
 * the right kind, within the timeouts, and never with the password in any message of the chain.
 */
@ExtendWith(MariaDbExtension.class)
class ConnectionFailureTest {
  private static final String SECRET = "Sup3r-Secret-Pw-xyzzy";
  private static final JdbcOptions FAST = JdbcOptions.builder()
      .connectTimeout(Duration.ofSeconds(2)).pingTimeout(Duration.ofSeconds(2)).queryTimeout(Duration.ofSeconds(3)).build();

  @Test
  void wrongPasswordIsAnAuthenticationError(MariaDbServer server) {
    PlanetScaleSource source = server.source("mysql").toBuilder().password(SECRET).build();

    Throwable e = failure(source, FAST);

    assertThat(e).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("ping of database `mysql`")
        .hasMessageContaining("Access denied for user '" + MariaDbServer.USER + "'");
    assertPasswordNowhere(e, SECRET);
  }

  @Test
  void wrongPasswordFailsEveryMethodTheSameWay(MariaDbServer server) {
    PlanetScaleSource source = server.source("mysql").toBuilder().password(SECRET).build();
    try (JdbcMysqlAccess mysql = JdbcMysqlAccess.open(source, FAST)) {
      Throwable e = catchThrowable(() -> mysql.tableSchema(source, "user", false));
      assertThat(e).isInstanceOf(AuthenticationException.class).hasMessageContaining("`mysql`.`user`");
      assertPasswordNowhere(e, SECRET);
      assertThatThrownBy(() -> mysql.tableNames(source)).isInstanceOf(AuthenticationException.class);
    }
  }

  @Test
  void unknownHostIsAConnectionErrorWithinTheTimeout() {
    PlanetScaleSource source = PlanetScaleSource.builder().host("no-such-host.invalid").database("db")
        .username("u").password(SECRET).build();

    long t0 = System.nanoTime();
    Throwable e = failure(source, FAST);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(e).isInstanceOf(ConnectionException.class).hasMessageContaining("ping of database `db`");
    assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
    assertPasswordNowhere(e, SECRET);
  }

  @Test
  void closedPortIsAConnectionErrorWithinTheTimeout() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free now, and nobody listens once the socket is closed
    }
    PlanetScaleSource source = PlanetScaleSource.builder().host("127.0.0.1").port(port).database("db")
        .username("u").password(SECRET).plaintext(true).build();

    long t0 = System.nanoTime();
    Throwable e = failure(source, FAST);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(e).isInstanceOf(ConnectionException.class);
    assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
    assertPasswordNowhere(e, SECRET);
  }

  @Test
  void listenerThatNeverAnswersTimesOutAtTheConnectTimeout() throws IOException {
    // Accepts TCP (the backlog does) but never sends the MySQL greeting.
    try (ServerSocket silent = new ServerSocket(0)) {
      PlanetScaleSource source = PlanetScaleSource.builder().host("127.0.0.1").port(silent.getLocalPort())
          .database("db").username("u").password(SECRET).plaintext(true).build();
      JdbcOptions oneSecond = FAST.toBuilder().connectTimeout(Duration.ofSeconds(1)).build();

      long t0 = System.nanoTime();
      Throwable e = failure(source, oneSecond);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(e).isInstanceOf(ConnectionException.class);
      assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
      assertPasswordNowhere(e, SECRET);
    }
  }

  @Test
  void tlsRequiredAgainstAServerWithoutTlsIsAConnectionError(MariaDbServer server) {
    // The test server runs with --skip-ssl: asking for verify-full must fail, proving the mode reaches the driver.
    PlanetScaleSource source = server.source("mysql");
    JdbcOptions tls = FAST.toBuilder().sslMode(SslMode.VERIFY_FULL).build();

    Throwable e = failure(source, tls);

    assertThat(e).isInstanceOf(ConnectionException.class).hasMessageContaining("ssl");
    assertPasswordNowhere(e, MariaDbServer.PASSWORD);
  }

  @Test
  void unknownDatabaseIsAConfigurationError(MariaDbServer server) {
    PlanetScaleSource source = server.source("no_such_database");

    Throwable e = failure(source, FAST);

    assertThat(e).isInstanceOf(ConfigurationException.class).hasMessageContaining("no_such_database");
    assertPasswordNowhere(e, MariaDbServer.PASSWORD);
  }

  @Test
  void aFailedConnectionIsRetriedByTheNextCall(MariaDbServer server) {
    String user = "late_user";
    server.execute("DROP USER IF EXISTS " + user);
    PlanetScaleSource source = server.source("mysql").toBuilder().username(user).password(SECRET).build();
    try (JdbcMysqlAccess mysql = JdbcMysqlAccess.open(source, FAST)) {
      assertThatThrownBy(() -> mysql.ping(source)).isInstanceOf(AuthenticationException.class);

      server.execute("CREATE USER " + user + " IDENTIFIED BY '" + SECRET + "'", "GRANT SELECT ON mysql.* TO " + user);

      mysql.ping(source);
      assertThat(mysql.tableNames(source)).contains("user");
    } finally {
      server.execute("DROP USER IF EXISTS " + user);
    }
  }

  private static Throwable failure(PlanetScaleSource source, JdbcOptions options) {
    try (JdbcMysqlAccess mysql = JdbcMysqlAccess.open(source, options)) {
      Throwable e = catchThrowable(() -> mysql.ping(source));
      assertThat(e).as("ping should fail").isInstanceOf(PlanetScaleCdcException.class);
      return e;
    }
  }

  static void assertPasswordNowhere(Throwable e, String password) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(password);
      assertThat(t.toString()).doesNotContain(password);
      for (Throwable s : t.getSuppressed()) {
        assertPasswordNowhere(s, password);
      }
    }
  }
}
