package io.planetscale.cdc.jdbc;

import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.internal.Redaction;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns the driver's {@link SQLException}s into the SDK's exception kinds, so callers can tell bad
 * credentials from an unreachable server from a failed query without parsing messages.
 *
 * <p>The password must never reach a message (API §5). It is never in the URL, MySQL's own
 * "Access denied ... (using password: YES)" does not contain it, and mariadb-java-client prints its
 * configuration with {@code password=***}; still, a driver or proxy message could echo a credential
 * (a URL with user info, a {@code password=} option, the password itself), so every message in the
 * cause chain goes through {@link Redaction} and, if that changes any, the chain is replaced by
 * redacted copies.
 */
final class SqlErrors {
  /** MySQL's {@code ER_DBACCESS_DENIED_ERROR}: the user may not use the database. */
  static final int DB_ACCESS_DENIED = 1044;
  /** MySQL's {@code ER_ACCESS_DENIED_ERROR}: wrong user or password. */
  static final int ACCESS_DENIED = 1045;
  /** MySQL's {@code ER_ACCESS_DENIED_NO_PASSWORD_ERROR}. */
  static final int ACCESS_DENIED_NO_PASSWORD = 1698;
  /** MySQL's {@code ER_BAD_DB_ERROR}: unknown database. */
  static final int BAD_DB = 1049;
  /** MySQL's {@code ER_PARSE_ERROR}: what a server without the Vitess SHOW extensions says. */
  static final int PARSE_ERROR = 1064;

  private SqlErrors() {}

  /**
   * @param operation what was being done, naming the table when there is one, e.g.
   *     {@code "reading the columns of table `db`.`t`"}
   * @param e the driver's failure
   * @param password the password to keep out of every message
   * @return an {@link AuthenticationException} for rejected credentials, a
   *     {@link ConnectionException} for an unreachable server, a broken connection or a timeout, a
   *     {@link ConfigurationException} for an unknown database, else a {@link PlanetScaleCdcException}
   */
  static PlanetScaleCdcException map(String operation, SQLException e, String password) {
    String message = Redaction.redact(operation + " failed: " + describe(e), password);
    Throwable cause = scrub(e, password);
    if (isAccessDenied(e)) {
      return new AuthenticationException(message, cause);
    }
    if (isConnectionFailure(e)) {
      return new ConnectionException(message, cause);
    }
    if (e.getErrorCode() == BAD_DB) {
      return new ConfigurationException(message + "; check the \"database\" setting", cause);
    }
    return new PlanetScaleCdcException(message, cause);
  }

  /**
   * @param e a failure
   * @return true when the server rejected the credentials or the user's access to the database
   */
  static boolean isAccessDenied(SQLException e) {
    int code = e.getErrorCode();
    return code == ACCESS_DENIED || code == DB_ACCESS_DENIED || code == ACCESS_DENIED_NO_PASSWORD
        || "28000".equals(e.getSQLState());
  }

  /**
   * @param e a failure
   * @return true when the connection could not be made or broke, including timeouts (SQLState class
   *     08, the driver's connection exception types, {@link SQLTimeoutException})
   */
  static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
        || e instanceof SQLTimeoutException || (state != null && state.startsWith("08"));
  }

  /**
   * @param e a failure
   * @return true for a timeout: retrying it at once would only double the wait
   */
  static boolean isTimeout(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTimeoutException || t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param e a failure
   * @return true when the server did not understand the statement (a syntax error)
   */
  static boolean isSyntaxError(SQLException e) {
    return e.getErrorCode() == PARSE_ERROR;
  }

  /**
   * @param e a failure
   * @return the driver's message with its SQLState and error code, which identify it in MySQL's docs
   */
  static String describe(SQLException e) {
    return e.getMessage() + " (SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + ")";
  }

  /**
   * @param t a failure and its causes
   * @param password the secret
   * @return {@code t} itself when no message in its cause chain holds a credential; otherwise copies
   *     of the chain with the credentials cut out of each message ({@link Redaction}; SQLExceptions
   *     keep their SQLState and error code, every copy keeps its stack trace)
   */
  static Throwable scrub(Throwable t, String password) {
    if (t == null || !chainNeedsRedaction(t, password)) {
      return t;
    }
    Throwable cause = scrub(t.getCause(), password);
    Throwable copy;
    if (t instanceof SQLException) {
      SQLException s = (SQLException) t;
      copy = new SQLException(Redaction.redact(s.getMessage(), password), s.getSQLState(), s.getErrorCode(), cause);
    } else {
      // The original type may have no (String, Throwable) constructor; its name keeps the information.
      copy = new RedactedException(t.getClass().getName() + ": " + Redaction.redact(t.getMessage(), password),
          cause);
    }
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  private static boolean chainNeedsRedaction(Throwable t, String password) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (Redaction.needsRedaction(c.getMessage(), password)) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** Stands in for a non-SQL cause whose message had to be redacted. */
  static final class RedactedException extends Exception {
    private static final long serialVersionUID = 1L;

    RedactedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
