package io.planetscale.cdc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleCdcException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlErrorsTest {
  private static final String PW = "hunter2-Secret";

  @Test
  void accessDeniedIsAnAuthenticationError() {
    SQLException denied = new SQLInvalidAuthorizationSpecException(
        "Access denied for user 'u'@'h' (using password: YES)", "28000", 1045);

    PlanetScaleCdcException e = SqlErrors.map("ping of database `db`", denied, PW);

    assertThat(e).isInstanceOf(AuthenticationException.class).hasCause(denied)
        .hasMessage("ping of database `db` failed: Access denied for user 'u'@'h' (using password: YES)"
            + " (SQLState 28000, error 1045)");
  }

  @Test
  void accessDeniedByCodeOrStateAlone() {
    assertThat(SqlErrors.map("op", new SQLException("x", "42000", 1044), PW)).isInstanceOf(AuthenticationException.class);
    assertThat(SqlErrors.map("op", new SQLException("x", "HY000", 1045), PW)).isInstanceOf(AuthenticationException.class);
    assertThat(SqlErrors.map("op", new SQLException("x", "28000", 0), PW)).isInstanceOf(AuthenticationException.class);
    assertThat(SqlErrors.map("op", new SQLException("x", null, 1698), PW)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void connectionFailuresAndTimeoutsAreConnectionErrors() {
    assertThat(SqlErrors.map("op", new SQLException("refused", "08000", 0), PW)).isInstanceOf(ConnectionException.class);
    assertThat(SqlErrors.map("op", new SQLException("link failure", "08S01", 0), PW)).isInstanceOf(ConnectionException.class);
    assertThat(SqlErrors.map("op", new SQLNonTransientConnectionException("gone"), PW)).isInstanceOf(ConnectionException.class);
    assertThat(SqlErrors.map("op", new SQLTransientConnectionException("busy"), PW)).isInstanceOf(ConnectionException.class);
    assertThat(SqlErrors.map("op", new SQLTimeoutException("slow"), PW)).isInstanceOf(ConnectionException.class);
  }

  @Test
  void timeoutsAreRecognisedAnywhereInTheChain() {
    assertThat(SqlErrors.isTimeout(new SQLTimeoutException("slow"))).isTrue();
    assertThat(SqlErrors.isTimeout(new SQLNonTransientConnectionException("read", "08000", new SocketTimeoutException()))).isTrue();
    assertThat(SqlErrors.isTimeout(new SQLNonTransientConnectionException("reset", "08000", new IOException()))).isFalse();
  }

  @Test
  void unknownDatabaseIsAConfigurationError() {
    PlanetScaleCdcException e = SqlErrors.map("op", new SQLSyntaxErrorException("Unknown database 'x'", "42000", 1049), PW);

    assertThat(e).isInstanceOf(ConfigurationException.class).hasMessageContaining("\"database\" setting");
  }

  @Test
  void otherFailuresAreGenericAndKeepStateAndCode() {
    SQLException syntax = new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064);

    PlanetScaleCdcException e = SqlErrors.map("reading the columns of table `db`.`t`", syntax, PW);

    assertThat(e).isExactlyInstanceOf(PlanetScaleCdcException.class).hasCause(syntax)
        .hasMessageContaining("`db`.`t`").hasMessageContaining("SQLState 42000, error 1064");
    assertThat(SqlErrors.isSyntaxError(syntax)).isTrue();
    assertThat(SqlErrors.isSyntaxError(new SQLException("x", "42000", 1146))).isFalse();
  }

  @Test
  void aPasswordEchoedByTheDriverIsCutFromMessageAndWholeCauseChain() {
    IOException root = new IOException("socket said " + PW);
    SQLException driver = new SQLNonTransientConnectionException("could not connect with password=" + PW, "08000", 42, root);

    PlanetScaleCdcException e = SqlErrors.map("ping", driver, PW);

    assertThat(e).isInstanceOf(ConnectionException.class);
    ConnectionFailureTest.assertPasswordNowhere(e, PW);
    assertThat(e.getMessage()).contains("password=<redacted>");
    SQLException cause = (SQLException) e.getCause();
    assertThat(cause.getSQLState()).isEqualTo("08000");
    assertThat(cause.getErrorCode()).isEqualTo(42);
    assertThat(cause.getStackTrace()).isEqualTo(driver.getStackTrace());
    assertThat(cause.getCause()).hasMessage("java.io.IOException: socket said <redacted>");
  }

  @Test
  void aCleanChainIsKeptAsItIs() {
    SQLException inner = new SQLException("inner");
    SQLException outer = new SQLException("outer", "08000", 0, inner);

    assertThat(SqlErrors.scrub(outer, PW)).isSameAs(outer);
    assertThat(SqlErrors.scrub(outer, "")).isSameAs(outer);
  }

  /**
   * Whatever the password, ordinary driver text is kept as it is (a short password is never cut out
   * of words), and a credential the driver echoes (URL user info, a password option) is cut from the
   * message and from every cause.
   */
  @ParameterizedTest(name = "password \"{0}\"")
  @ValueSource(strings = {"p", "a", "shop", "pscale_pw_Xk3vQ9zLm2Rt8WcY5nHb"})
  void onlyEchoedCredentialsAreCutWhateverThePassword(String password) {
    SQLException plain = new SQLSyntaxErrorException("Table 'shop.shop_table' doesn't exist while parsing of database",
        "42S02", 1146);
    PlanetScaleCdcException kept = SqlErrors.map("reading the columns of table `shop`.`shop_table`", plain, password);
    assertThat(kept).hasCause(plain).hasMessage("reading the columns of table `shop`.`shop_table` failed: Table"
        + " 'shop.shop_table' doesn't exist while parsing of database (SQLState 42S02, error 1146)");

    IOException root = new IOException("connect to jdbc:mariadb://u:" + password + "@h:3306/shop refused");
    SQLException echoed = new SQLNonTransientConnectionException("options {user=u, password=" + password
        + "} for database shop", "08000", 0, root);
    PlanetScaleCdcException e = SqlErrors.map("ping of database `shop`", echoed, password);
    assertThat(e).hasMessage("ping of database `shop` failed: options {user=u, password=<redacted>} for database shop"
        + " (SQLState 08000, error 0)");
    assertThat(e.getCause()).hasMessage("options {user=u, password=<redacted>} for database shop");
    assertThat(e.getCause().getCause())
        .hasMessage("java.io.IOException: connect to jdbc:mariadb://u:<redacted>@h:3306/shop refused");
  }

  @Test
  void aPasswordOnlyDeepInTheChainStillReplacesTheChain() {
    SQLException inner = new SQLException("inner " + PW, "HY000", 7);
    SQLException outer = new SQLException("outer", "08000", 0, inner);

    Throwable scrubbed = SqlErrors.scrub(outer, PW);

    assertThat(scrubbed).isNotSameAs(outer).hasMessage("outer");
    assertThat(scrubbed.getCause()).hasMessage("inner <redacted>");
    assertThat(((SQLException) scrubbed.getCause()).getErrorCode()).isEqualTo(7);
  }
}
