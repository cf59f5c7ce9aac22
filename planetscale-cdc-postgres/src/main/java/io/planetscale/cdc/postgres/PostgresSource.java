package io.planetscale.cdc.postgres;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.postgres.internal.tls.PemTrustSocketFactory;
import io.planetscale.cdc.internal.HostPort;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where and how to connect to a PlanetScale Postgres (or any PostgreSQL 17+) database. Immutable; build one
 * with {@link #newBuilder()}. TLS with certificate and host name verification ({@code sslmode=verify-full})
 * is the default, against the JDK trust store or the PEM certificates given with
 * {@link Builder#trustedCertificatesPem(String)}; plaintext is an explicit opt-in
 * ({@link Builder#plaintext(boolean)}). {@link #toString()} never shows the password.
 *
 * <p>Discovery reads the tables of {@link #schema()} (default {@code public}), or, when
 * {@link #publication()} is set, the tables of that publication.
 */
public final class PostgresSource {

  /** The PostgreSQL port PlanetScale's direct (non-PgBouncer) connections use, and replication needs. */
  public static final int DEFAULT_PORT = 5432;

  /** The schema discovered when neither a schema nor a publication is given. */
  public static final String DEFAULT_SCHEMA = "public";

  /** The {@code application_name} the connections report, as seen in {@code pg_stat_activity}. */
  public static final String APPLICATION_NAME = "planetscale-cdc";

  private static final String JDK_TRUST_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";

  private final String host;
  private final int port;
  private final String database;
  private final String user;
  private final String password;
  private final boolean plaintext;
  private final String trustedCertificatesPem;
  private final String schema;
  private final String publication;

  private PostgresSource(Builder b) {
    host = requireText(b.host, "host");
    // The port has its own setting: a host read as host:port (the SDK's one rule for it) is refused.
    boolean hostPort = !HostPort.name(host).equals(host);
    if (hostPort || host.indexOf('/') >= 0 || host.indexOf('?') >= 0 || !host.strip().equals(host)) {
      throw new ConfigurationException("host \"" + host + "\": give the host name alone (no :port, path or query);"
          + " set the port with port(int)");
    }
    if (b.port < 1 || b.port > 65535) {
      throw new ConfigurationException("port " + b.port + " is out of range: use 1-65535 (PostgreSQL: "
          + DEFAULT_PORT + ")");
    }
    port = b.port;
    database = requireText(b.database, "database");
    user = requireText(b.user, "user");
    password = b.password == null ? "" : b.password;
    plaintext = b.plaintext;
    String pem = b.trustedCertificatesPem == null || b.trustedCertificatesPem.isBlank() ? null
        : b.trustedCertificatesPem;
    if (pem != null && plaintext) {
      throw new ConfigurationException("trustedCertificatesPem is set but plaintext is on: certificates are only"
          + " used with TLS; drop one of the two");
    }
    if (pem != null) {
      PemTrustSocketFactory.parseCertificates(pem); // a bad PEM fails here, not at the first connection
    }
    trustedCertificatesPem = pem;
    schema = requireText(b.schema, "schema");
    publication = b.publication == null || b.publication.isBlank() ? null : b.publication;
  }

  private static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(field + " is required (it was " + (value == null ? "not set" : "blank")
          + ")");
    }
    return value;
  }

  /** @return a builder with the defaults: port 5432, TLS verify-full, schema {@code public}, no publication */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** @return a builder holding this source's values */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** @return the server's host name */
  public String host() {
    return host;
  }

  /** @return the server's port (default 5432) */
  public int port() {
    return port;
  }

  /** @return the database name */
  public String database() {
    return database;
  }

  /** @return the user (on PlanetScale with its {@code .<branch-id>} suffix) */
  public String user() {
    return user;
  }

  /** @return the password; never logged */
  public String password() {
    return password;
  }

  /** @return true when TLS is off (an explicit opt-in) */
  public boolean plaintext() {
    return plaintext;
  }

  /** @return the PEM certificates trusted instead of the JDK trust store, if given */
  public Optional<String> trustedCertificatesPem() {
    return Optional.ofNullable(trustedCertificatesPem);
  }

  /** @return the schema discovered when no publication is given (default {@code public}) */
  public String schema() {
    return schema;
  }

  /** @return the publication whose tables are discovered, if given (it wins over {@link #schema()}) */
  public Optional<String> publication() {
    return Optional.ofNullable(publication);
  }

  /**
   * The PgJDBC URL, {@code jdbc:postgresql://host:port/database}; the user, password and TLS settings are in
   * {@link #jdbcProperties()}, so the URL can be logged.
   *
   * @return the URL
   */
  public String jdbcUrl() {
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host; // an IPv6 literal
    return "jdbc:postgresql://" + h + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
  }

  /**
   * The PgJDBC connection properties: {@code user}, {@code password}, {@code ApplicationName}
   * ({@value #APPLICATION_NAME}), TCP keep-alive, and TLS. With TLS (the default)
   * {@code sslmode=verify-full} (certificate chain and host name checked) and the JDK trust store
   * ({@code sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory}), or, with
   * {@link Builder#trustedCertificatesPem(String)}, a factory that trusts exactly those certificates (the PEM
   * is passed in {@code sslfactoryarg}; no file is written). With {@link #plaintext()}:
   * {@code sslmode=disable}. Values arrive as the server's text ({@code binaryTransfer=false}), so that snapshot
   * rows read through JDBC and changes decoded from pgoutput (which sends the same text) convert to identical
   * values. No session settings are sent at startup ({@code options}), which proxies may refuse. A fresh copy
   * each call; it holds the password, so do not log it.
   *
   * @return the properties
   */
  public Properties jdbcProperties() {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("ApplicationName", APPLICATION_NAME);
    p.setProperty("tcpKeepAlive", "true"); // a replication connection idles between changes
    p.setProperty("binaryTransfer", "false");
    if (plaintext) {
      p.setProperty("sslmode", "disable");
      return p;
    }
    p.setProperty("ssl", "true");
    p.setProperty("sslmode", "verify-full");
    if (trustedCertificatesPem == null) {
      p.setProperty("sslfactory", JDK_TRUST_FACTORY);
    } else {
      p.setProperty("sslfactory", PemTrustSocketFactory.class.getName());
      p.setProperty("sslfactoryarg", trustedCertificatesPem);
    }
    return p;
  }

  /** @return the source without its password, e.g. for logs */
  @Override
  public String toString() {
    return "PostgresSource{host=" + host + ", port=" + port + ", database=" + database + ", user=" + user
        + ", password=" + (password.isEmpty() ? "<empty>" : "<redacted>") + ", tls="
        + (plaintext ? "off (plaintext)" : trustedCertificatesPem == null ? "verify-full (JDK trust store)"
            : "verify-full (trusted certificates PEM)")
        + ", schema=" + schema + (publication == null ? "" : ", publication=" + publication) + "}";
  }

  /** @return true for a source with the same values, the password included */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PostgresSource s)) {
      return false;
    }
    return port == s.port && plaintext == s.plaintext && host.equals(s.host) && database.equals(s.database)
        && user.equals(s.user) && password.equals(s.password)
        && Objects.equals(trustedCertificatesPem, s.trustedCertificatesPem) && schema.equals(s.schema)
        && Objects.equals(publication, s.publication);
  }

  /** @return a hash of the values other than the password */
  @Override
  public int hashCode() {
    return Objects.hash(host, port, database, user, plaintext, trustedCertificatesPem, schema, publication);
  }

  /** Builds a {@link PostgresSource}; {@link #build()} validates. */
  public static final class Builder {
    private String host;
    private int port = DEFAULT_PORT;
    private String database;
    private String user;
    private String password = "";
    private boolean plaintext;
    private String trustedCertificatesPem;
    private String schema = DEFAULT_SCHEMA;
    private String publication;

    private Builder() {}

    private Builder(PostgresSource s) {
      host = s.host;
      port = s.port;
      database = s.database;
      user = s.user;
      password = s.password;
      plaintext = s.plaintext;
      trustedCertificatesPem = s.trustedCertificatesPem;
      schema = s.schema;
      publication = s.publication;
    }

    /**
     * @param value the host name (no port), required
     * @return this builder
     */
    public Builder host(String value) {
      host = value;
      return this;
    }

    /**
     * @param value the port, 1-65535 (default 5432; replication needs the direct port, not PgBouncer's 6432)
     * @return this builder
     */
    public Builder port(int value) {
      port = value;
      return this;
    }

    /**
     * @param value the database name, required
     * @return this builder
     */
    public Builder database(String value) {
      database = value;
      return this;
    }

    /**
     * @param value the user, required
     * @return this builder
     */
    public Builder user(String value) {
      user = value;
      return this;
    }

    /**
     * @param value the password ({@code null} means none)
     * @return this builder
     */
    public Builder password(String value) {
      password = value;
      return this;
    }

    /**
     * Turns TLS off. Only for local servers and tests: credentials and data then cross the network in clear.
     *
     * @param value true to connect without TLS
     * @return this builder
     */
    public Builder plaintext(boolean value) {
      plaintext = value;
      return this;
    }

    /**
     * Trusts exactly these certificates (one or more PEM {@code CERTIFICATE} blocks) instead of the JDK trust
     * store; host names are still verified.
     *
     * @param value the PEM text, or {@code null} for the JDK trust store
     * @return this builder
     */
    public Builder trustedCertificatesPem(String value) {
      trustedCertificatesPem = value;
      return this;
    }

    /**
     * @param value the schema to discover when no publication is given (default {@code public})
     * @return this builder
     */
    public Builder schema(String value) {
      schema = value;
      return this;
    }

    /**
     * @param value the publication whose tables are discovered (and streamed), or {@code null} for the tables
     *     of {@link #schema(String)}
     * @return this builder
     */
    public Builder publication(String value) {
      publication = value;
      return this;
    }

    /**
     * @return the source
     * @throws ConfigurationException naming the field that is missing or wrong
     */
    public PostgresSource build() {
      return new PostgresSource(this);
    }
  }
}
