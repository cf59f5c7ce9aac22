package io.planetscale.cdc.jdbc;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.TabletType;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Connection settings of a {@link JdbcMysqlAccess} beyond what {@link PlanetScaleSource} holds:
 * TLS mode, timeouts and the tablet type the connection is routed to. Immutable; build one with
 * {@link #builder()}.
 *
 * <pre>{@code
 * JdbcOptions options = JdbcOptions.builder()
 *     .connectTimeout(Duration.ofSeconds(3))
 *     .tabletType(TabletType.REPLICA)
 *     .build();
 * }</pre>
 */
public final class JdbcOptions {
  /** How long opening the TCP connection may take, by default. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** How long {@link JdbcMysqlAccess#ping} waits for an answer, by default (the Go connectors' 5 s). */
  public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(5);
  /** How long any other query may take, by default (the Go connectors' 30 s). */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);

  private static final JdbcOptions DEFAULTS = builder().build();

  private final SslMode sslMode;
  private final Duration connectTimeout;
  private final Duration pingTimeout;
  private final Duration queryTimeout;
  private final TabletType tabletType;

  private JdbcOptions(Builder b) {
    sslMode = b.sslMode;
    connectTimeout = b.connectTimeout;
    pingTimeout = b.pingTimeout;
    queryTimeout = b.queryTimeout;
    tabletType = b.tabletType;
  }

  /**
   * The defaults: TLS mode and tablet type from the source, connect 10 s, ping 5 s, queries 30 s.
   *
   * @return the default options
   */
  public static JdbcOptions defaults() {
    return DEFAULTS;
  }

  /** @return a builder holding the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding these options */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.sslMode = sslMode;
    b.connectTimeout = connectTimeout;
    b.pingTimeout = pingTimeout;
    b.queryTimeout = queryTimeout;
    b.tabletType = tabletType;
    return b;
  }

  /**
   * @return the TLS mode set on the builder; empty means {@link #sslModeFor chosen from the source}
   */
  public Optional<SslMode> sslMode() {
    return Optional.ofNullable(sslMode);
  }

  /**
   * The TLS mode used for a source: the one set, else {@link SslMode#DISABLE} for a
   * {@link PlanetScaleSource#plaintext() plaintext} source and {@link SslMode#VERIFY_FULL} otherwise.
   *
   * @param source the source
   * @return the TLS mode
   */
  public SslMode sslModeFor(PlanetScaleSource source) {
    if (sslMode != null) {
      return sslMode;
    }
    return source.plaintext() ? SslMode.DISABLE : SslMode.VERIFY_FULL;
  }

  /** @return the limit on opening the TCP connection and the MySQL handshake */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** @return the limit on {@link JdbcMysqlAccess#ping} */
  public Duration pingTimeout() {
    return pingTimeout;
  }

  /** @return the limit on every other query */
  public Duration queryTimeout() {
    return queryTimeout;
  }

  /**
   * @return the tablet type set on the builder; empty means {@link PlanetScaleSource#tabletType()}
   */
  public Optional<TabletType> tabletType() {
    return Optional.ofNullable(tabletType);
  }

  /**
   * The tablet type the connection is routed to (the {@code @primary}/{@code @replica} suffix of
   * the database name): the one set, else the source's.
   *
   * @param source the source
   * @return the tablet type
   */
  public TabletType tabletTypeFor(PlanetScaleSource source) {
    return tabletType != null ? tabletType : source.tabletType();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof JdbcOptions)) {
      return false;
    }
    JdbcOptions other = (JdbcOptions) o;
    return sslMode == other.sslMode && connectTimeout.equals(other.connectTimeout)
        && pingTimeout.equals(other.pingTimeout) && queryTimeout.equals(other.queryTimeout)
        && tabletType == other.tabletType;
  }

  @Override
  public int hashCode() {
    return Objects.hash(sslMode, connectTimeout, pingTimeout, queryTimeout, tabletType);
  }

  @Override
  public String toString() {
    return "JdbcOptions{sslMode=" + (sslMode == null ? "<from source>" : sslMode)
        + ", connectTimeout=" + connectTimeout + ", pingTimeout=" + pingTimeout
        + ", queryTimeout=" + queryTimeout + ", tabletType=" + (tabletType == null ? "<from source>" : tabletType) + "}";
  }

  /** Builds {@link JdbcOptions}; every setter validates its value at once. */
  public static final class Builder {
    private SslMode sslMode;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration pingTimeout = DEFAULT_PING_TIMEOUT;
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
    private TabletType tabletType;

    private Builder() {}

    /**
     * @param value the TLS mode, or {@code null} to choose from the source (the default)
     * @return this builder
     */
    public Builder sslMode(SslMode value) {
      sslMode = value;
      return this;
    }

    /**
     * @param value the limit on connecting; positive, at most about 24 days (the driver counts
     *     milliseconds in an int)
     * @return this builder
     * @throws ConfigurationException if the value is not positive or too large
     */
    public Builder connectTimeout(Duration value) {
      connectTimeout = check("connectTimeout", value);
      return this;
    }

    /**
     * @param value the limit on a ping; positive, rounded up to whole seconds
     * @return this builder
     * @throws ConfigurationException if the value is not positive or too large
     */
    public Builder pingTimeout(Duration value) {
      pingTimeout = check("pingTimeout", value);
      return this;
    }

    /**
     * @param value the limit on every other query; positive, rounded up to whole seconds
     * @return this builder
     * @throws ConfigurationException if the value is not positive or too large
     */
    public Builder queryTimeout(Duration value) {
      queryTimeout = check("queryTimeout", value);
      return this;
    }

    /**
     * @param value the tablet type to route to, or {@code null} for the source's (the default)
     * @return this builder
     */
    public Builder tabletType(TabletType value) {
      tabletType = value;
      return this;
    }

    /** @return the options */
    public JdbcOptions build() {
      return new JdbcOptions(this);
    }

    private static Duration check(String field, Duration value) {
      Objects.requireNonNull(value, field);
      // The driver takes int milliseconds; leave room for the margin added to the socket timeout.
      if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofDays(24)) > 0) {
        throw new ConfigurationException(field + " must be positive and at most 24 days, was " + value);
      }
      return value;
    }
  }
}
