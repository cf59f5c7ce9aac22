package io.planetscale.cdc.jdbc;

/**
 * How the MySQL connection uses TLS; each constant is one of mariadb-java-client's {@code sslMode}
 * values. PlanetScale serves certificates from public CAs, so {@link #VERIFY_FULL} works against it
 * with the JDK trust store.
 */
public enum SslMode {
  /** No TLS: only for a local Vitess or a test server ({@code PlanetScaleSource.plaintext()}). */
  DISABLE("disable"),
  /** TLS without checking the certificate: encrypted, but open to a man in the middle. */
  TRUST("trust"),
  /** TLS with the certificate chain checked against the trusted CAs, but not the host name. */
  VERIFY_CA("verify-ca"),
  /** TLS with the certificate chain and the host name checked: the default. */
  VERIFY_FULL("verify-full");

  private final String driverValue;

  SslMode(String driverValue) {
    this.driverValue = driverValue;
  }

  /**
   * The driver's spelling of the mode.
   *
   * @return the {@code sslMode} option value, e.g. {@code verify-full}
   */
  public String driverValue() {
    return driverValue;
  }
}
