package io.planetscale.cdc;

import io.planetscale.cdc.internal.HostPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how to connect: the Go {@code PlanetScaleSource} plus the Airbyte configuration keys and
 * transport security. Build one with {@link #builder()} or read the Go/Airbyte JSON with
 * {@link #fromJson(String)}. {@link #toString()} never shows the password.
 *
 * @param host the PlanetScale host, e.g. {@code aws.connect.psdb.cloud}, optionally {@code host:port}
 * @param database the database (keyspace)
 * @param username the branch username
 * @param password the branch password
 * @param shards the shards to sync; empty means every shard of the keyspace
 * @param useReplica read from replica tablets
 * @param useRdonly read from rdonly (batch) tablets; wins over {@code useReplica}
 * @param startingGtids start positions for an initial sync: keyspace → shard → GTID position
 * @param timeoutSeconds the read window of one sync call, in seconds (Airbyte {@code timeout_seconds});
 *     the default of a read whose read options do not set one (see {@code ConnectOptions})
 * @param maxRetries attempts of a read, in all, before a transient failure is given up (Airbyte
 *     {@code max_retries}; as in Go's airbyte-source it counts attempts, not retries: 3 means 3
 *     attempts, 0 means 1); the default of a read whose read options do not set a retry policy.
 *     The count starts over whenever a read makes progress.
 * @param useGtidWithTablePks Airbyte's {@code use_gtid_with_table_pks}, kept so configurations round-trip;
 *     the SDK always resumes a copy with its position and its last primary key when it has a position
 * @param doNotTreatTinyIntAsBoolean Airbyte's {@code options.do_not_treat_tiny_int_as_boolean}
 * @param plaintext connect without TLS (local Vitess, the testkit); TLS with verification otherwise
 * @param trustedCertificatesPem PEM certificates to trust instead of the JDK trust store, or {@code null}
 * @param port the port when not the default (443 for gRPC, 3306 for MySQL); 0 for the default
 */
public record PlanetScaleSource(
    String host,
    String database,
    String username,
    String password,
    List<String> shards,
    boolean useReplica,
    boolean useRdonly,
    Map<String, Map<String, String>> startingGtids,
    int timeoutSeconds,
    int maxRetries,
    boolean useGtidWithTablePks,
    boolean doNotTreatTinyIntAsBoolean,
    boolean plaintext,
    String trustedCertificatesPem,
    int port) {

  /** The Airbyte default read window, and its minimum. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 300;

  /** The Airbyte default number of attempts. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  /**
   * Validates the components and makes the collections unmodifiable.
   *
   * @param host the PlanetScale host, e.g. {@code aws.connect.psdb.cloud}, optionally {@code host:port}
   * @param database the database (keyspace)
   * @param username the branch username
   * @param password the branch password
   * @param shards the shards to sync; empty means every shard of the keyspace
   * @param useReplica read from replica tablets
   * @param useRdonly read from rdonly (batch) tablets; wins over {@code useReplica}
   * @param startingGtids start positions for an initial sync: keyspace → shard → GTID position
   * @param timeoutSeconds the read window of one sync call, in seconds (Airbyte {@code timeout_seconds})
   * @param maxRetries attempts of a read, in all (Airbyte {@code max_retries}; 0 means 1)
   * @param useGtidWithTablePks Airbyte's {@code use_gtid_with_table_pks}, kept so configurations round-trip;
   *     the SDK always resumes a copy with its position and its last primary key when it has a position
   * @param doNotTreatTinyIntAsBoolean Airbyte's {@code options.do_not_treat_tiny_int_as_boolean}
   * @param plaintext connect without TLS (local Vitess, the testkit); TLS with verification otherwise
   * @param trustedCertificatesPem PEM certificates to trust instead of the JDK trust store, or {@code null}
   * @param port the port when not the default (443 for gRPC, 3306 for MySQL); 0 for the default
   */
  public PlanetScaleSource {
    host = SourceChecks.requireText(host, "host");
    database = SourceChecks.requireText(database, "database");
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    HostPort.port(host); // a bad :port fails here, not when connecting
    shards = SourceChecks.shardNames(shards);
    startingGtids = SourceChecks.copyGtids(startingGtids);
    SourceChecks.checkLimits(timeoutSeconds, maxRetries, port);
    trustedCertificatesPem = trustedCertificatesPem == null || trustedCertificatesPem.isBlank()
        ? null : trustedCertificatesPem;
  }

  /** @return a builder with the Go/Airbyte defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this source's values */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Reads the Go/Airbyte configuration JSON: {@code host}, {@code database}, {@code username},
   * {@code password}, {@code shards} (comma-separated), {@code use_replica}, {@code use_rdonly},
   * {@code starting_gtids} (a JSON string or object), {@code timeout_seconds}, {@code max_retries},
   * {@code use_gtid_with_table_pks}, {@code options.do_not_treat_tiny_int_as_boolean}; and this SDK's
   * {@code plaintext}, {@code port} and {@code trusted_certificates_pem}. Unknown keys are ignored.
   *
   * @param json the configuration
   * @return the source
   * @throws ConfigurationException naming the field that is missing or wrong
   */
  public static PlanetScaleSource fromJson(String json) {
    return SourceJson.read(json);
  }

  /**
   * Writes the Go/Airbyte configuration JSON (the password included: it is a configuration file).
   *
   * @return the JSON
   */
  public String toJson() {
    return SourceJson.write(this);
  }

  /**
   * The tablet type the Airbyte configuration selects: rdonly wins over replica, else primary.
   *
   * @return the tablet type
   */
  public TabletType tabletType() {
    if (useRdonly) {
      return TabletType.BATCH;
    }
    return useReplica ? TabletType.REPLICA : TabletType.PRIMARY;
  }

  /** @return the host name without any {@code :port} suffix */
  public String hostName() {
    return HostPort.name(host);
  }

  /**
   * The gRPC port: the {@code :port} in {@link #host()}, else {@link #port()}, else 443.
   *
   * @return the port
   */
  public int grpcPort() {
    int explicit = HostPort.port(host);
    if (explicit > 0) {
      return explicit;
    }
    return port > 0 ? port : 443;
  }

  /**
   * The MySQL port: {@link #port()} when set, else 3306.
   *
   * @return the port
   */
  public int mysqlPort() {
    return port > 0 ? port : 3306;
  }

  /**
   * The JDBC URL for mariadb-java-client: {@code jdbc:mariadb://host:3306/<db>@primary?sslMode=verify-full}
   * ({@code @replica} for {@link TabletType#REPLICA}). With {@link #plaintext()} the suffix is left
   * out and TLS is off, as the Go connectors' insecure mode does.
   *
   * @param tabletType the tablet type to route to
   * @return the URL
   */
  public String jdbcUrl(TabletType tabletType) {
    Objects.requireNonNull(tabletType, "tabletType");
    if (plaintext) {
      return "jdbc:mariadb://" + hostName() + ":" + mysqlPort() + "/" + database + "?sslMode=disable";
    }
    return "jdbc:mariadb://" + hostName() + ":" + mysqlPort() + "/" + database + "@" + tabletType.toGoString()
        + "?sslMode=verify-full";
  }

  /**
   * The cursors a first sync of a stream starts from: one per shard, at the position
   * {@link #startingGtids()} gives for it, else {@code ""} (copy first). When {@link #shards()} is set,
   * only those shards, each of which must exist.
   *
   * @param keyspace the keyspace (database)
   * @param availableShards the keyspace's shards
   * @return the shard states
   * @throws ConfigurationException naming a configured shard the keyspace does not have
   */
  public ShardStates initialState(String keyspace, List<String> availableShards) {
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(availableShards, "availableShards");
    List<String> chosen = SourceChecks.chosenShards(shards, keyspace, availableShards);
    Map<String, String> starting = startingGtids.getOrDefault(keyspace, Map.of());
    Map<String, SerializedCursor> cursors = new LinkedHashMap<>();
    for (String shard : chosen) {
      cursors.put(shard, SerializedCursor.of(TableCursor.of(shard, keyspace, starting.getOrDefault(shard, ""))));
    }
    return new ShardStates(cursors);
  }

  /** @return the source without its password, e.g. for logs */
  @Override
  public String toString() {
    return "PlanetScaleSource{host=" + host + ", database=" + database + ", username=" + username
        + ", password=" + (password.isEmpty() ? "<empty>" : "<redacted>") + ", shards=" + shards
        + ", tabletType=" + tabletType() + ", plaintext=" + plaintext + "}";
  }

  /** Builds a {@link PlanetScaleSource}; defaults as the Go/Airbyte connectors. */
  public static final class Builder {
    private String host;
    private String database;
    private String username = "";
    private String password = "";
    private List<String> shards = new ArrayList<>();
    private boolean useReplica;
    private boolean useRdonly;
    private Map<String, Map<String, String>> startingGtids = new LinkedHashMap<>();
    private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private boolean useGtidWithTablePks;
    private boolean doNotTreatTinyIntAsBoolean;
    private boolean plaintext;
    private String trustedCertificatesPem;
    private int port;

    private Builder() {}

    private Builder(PlanetScaleSource s) {
      host = s.host;
      database = s.database;
      username = s.username;
      password = s.password;
      shards = new ArrayList<>(s.shards);
      useReplica = s.useReplica;
      useRdonly = s.useRdonly;
      startingGtids = new LinkedHashMap<>(s.startingGtids);
      timeoutSeconds = s.timeoutSeconds;
      maxRetries = s.maxRetries;
      useGtidWithTablePks = s.useGtidWithTablePks;
      doNotTreatTinyIntAsBoolean = s.doNotTreatTinyIntAsBoolean;
      plaintext = s.plaintext;
      trustedCertificatesPem = s.trustedCertificatesPem;
      port = s.port;
    }

    /**
     * @param value the host, optionally {@code host:port}
     * @return this builder
     */
    public Builder host(String value) {
      host = value;
      return this;
    }

    /**
     * @param value the database (keyspace)
     * @return this builder
     */
    public Builder database(String value) {
      database = value;
      return this;
    }

    /**
     * @param value the username
     * @return this builder
     */
    public Builder username(String value) {
      username = value;
      return this;
    }

    /**
     * @param value the password
     * @return this builder
     */
    public Builder password(String value) {
      password = value;
      return this;
    }

    /**
     * @param value the shards to sync; empty for all
     * @return this builder
     */
    public Builder shards(List<String> value) {
      shards = new ArrayList<>(value);
      return this;
    }

    /**
     * @param value the shards to sync; none for all
     * @return this builder
     */
    public Builder shards(String... value) {
      return shards(List.of(value));
    }

    /**
     * @param value read from replicas
     * @return this builder
     */
    public Builder useReplica(boolean value) {
      useReplica = value;
      return this;
    }

    /**
     * @param value read from rdonly tablets
     * @return this builder
     */
    public Builder useRdonly(boolean value) {
      useRdonly = value;
      return this;
    }

    /**
     * @param value keyspace → shard → start position
     * @return this builder
     */
    public Builder startingGtids(Map<String, Map<String, String>> value) {
      startingGtids = new LinkedHashMap<>(value);
      return this;
    }

    /**
     * @param value read window in seconds, used unless the read options set one
     * @return this builder
     */
    public Builder timeoutSeconds(int value) {
      timeoutSeconds = value;
      return this;
    }

    /**
     * @param value attempts per read in all, 0 meaning 1 (Go's airbyte-source), used unless the read
     *     options set a retry policy
     * @return this builder
     */
    public Builder maxRetries(int value) {
      maxRetries = value;
      return this;
    }

    /**
     * Sets Airbyte's {@code use_gtid_with_table_pks}. It no longer changes how a sync reads: a copy is
     * always resumed with its position and its last primary key together when its cursor has a
     * position (which delivers changes made meanwhile to rows already copied), and from the key alone
     * only when the saved cursor has no position. The value is kept so configurations round-trip.
     *
     * @param value the configured value
     * @return this builder
     */
    public Builder useGtidWithTablePks(boolean value) {
      useGtidWithTablePks = value;
      return this;
    }

    /**
     * @param value keep tinyint(1) as integers (Airbyte option)
     * @return this builder
     */
    public Builder doNotTreatTinyIntAsBoolean(boolean value) {
      doNotTreatTinyIntAsBoolean = value;
      return this;
    }

    /**
     * @param value connect without TLS (tests, local Vitess)
     * @return this builder
     */
    public Builder plaintext(boolean value) {
      plaintext = value;
      return this;
    }

    /**
     * @param value PEM certificates to trust (a private CA, the testkit's certificate)
     * @return this builder
     */
    public Builder trustedCertificatesPem(String value) {
      trustedCertificatesPem = value;
      return this;
    }

    /**
     * @param value the port when not 443 (gRPC) / 3306 (MySQL)
     * @return this builder
     */
    public Builder port(int value) {
      port = value;
      return this;
    }

    /**
     * @return the source
     * @throws ConfigurationException naming a missing or invalid field
     */
    public PlanetScaleSource build() {
      return new PlanetScaleSource(host, database, username, password, shards, useReplica, useRdonly, startingGtids,
          timeoutSeconds, maxRetries, useGtidWithTablePks, doNotTreatTinyIntAsBoolean, plaintext,
          trustedCertificatesPem, port);
    }
  }
}
