package io.planetscale.cdc.jdbc;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.PlanetScaleSource;
import java.time.Duration;
import java.util.Properties;

/**
 * The JDBC URL and driver properties for a source. Kept apart from {@link JdbcMysqlAccess} so the
 * exact settings handed to the driver can be checked without a server.
 */
final class ConnectionSettings {
  /**
   * Added to the query timeout for the socket read timeout: the server-side statement timeout,
   * where the server has one, should fire first and give the clearer error; the socket timeout is
   * the backstop for servers (Vitess among them) where the driver cannot set one.
   */
  static final Duration SOCKET_TIMEOUT_MARGIN = Duration.ofSeconds(1);

  private ConnectionSettings() {}

  /**
   * The URL: {@link PlanetScaleSource#jdbcUrl} (host, port, database with its {@code @primary} or
   * {@code @replica} suffix) without its query string. The driver lets URL parameters win over
   * properties, so every option, the TLS mode included, goes into {@link #properties} instead.
   *
   * @param source the source
   * @param options the options
   * @return e.g. {@code jdbc:mariadb://aws.connect.psdb.cloud:3306/db@primary}
   * @throws ConfigurationException if the database name holds {@code ?}, which the driver's URL
   *     parser would take for the start of the parameters
   */
  static String url(PlanetScaleSource source, JdbcOptions options) {
    if (source.database().indexOf('?') >= 0) {
      throw new ConfigurationException("database: \"" + source.database()
          + "\" contains '?', which mariadb-java-client cannot carry in a database name");
    }
    String url = source.jdbcUrl(options.tabletTypeFor(source));
    int query = url.lastIndexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /**
   * The driver properties: credentials (never in the URL, so they stay out of the driver's error
   * messages and logs), TLS mode, trusted certificates, timeouts, and {@code allowLocalInfile=false}
   * (discovery never loads files, and a hostile server must not be able to ask for one).
   *
   * @param source the source
   * @param options the options
   * @return the properties
   */
  static Properties properties(PlanetScaleSource source, JdbcOptions options) {
    Properties p = new Properties();
    p.setProperty("user", source.username());
    p.setProperty("password", source.password());
    SslMode ssl = options.sslModeFor(source);
    p.setProperty("sslMode", ssl.driverValue());
    if (ssl != SslMode.DISABLE && source.trustedCertificatesPem() != null) {
      // The driver accepts the PEM text itself (not only a path) and trusts it instead of the JDK store.
      p.setProperty("serverSslCert", source.trustedCertificatesPem());
    }
    p.setProperty("connectTimeout", Long.toString(options.connectTimeout().toMillis()));
    p.setProperty("socketTimeout", Long.toString(options.queryTimeout().plus(SOCKET_TIMEOUT_MARGIN).toMillis()));
    p.setProperty("allowLocalInfile", "false");
    return p;
  }

  /**
   * @param timeout a timeout
   * @return the timeout in whole seconds, rounded up, at least 1 (JDBC counts seconds)
   */
  static int seconds(Duration timeout) {
    long s = timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, s));
  }
}
