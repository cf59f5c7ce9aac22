package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.MysqlAccess;
import java.util.Objects;

/**
 * Discover and sync in one object: a {@link MysqlAccess} for schema and topology and an edge
 * database for the change streams ({@link VStreamEdgeDatabase} by default, or
 * {@link ConnectEdgeDatabase}; see {@link Builder#transport}), closed together.
 *
 * <pre>{@code
 * try (PlanetScaleClient client = PlanetScaleClient.create(source)) {
 *   Catalog catalog = client.discover(DiscoverSettings.autoSelectAll());   // every table and column
 *   // or only some tables: client.discover(DiscoverSettings.defaults()).selectOnly("orders", "customers")
 *   State state = client.sync(catalog, savedState, sink);
 * }
 * }</pre>
 *
 * <p>Sync reads only the catalog's selected streams, and {@link DiscoverSettings#defaults()} selects
 * none: select some before syncing.
 */
public final class PlanetScaleClient implements AutoCloseable {
  private final PlanetScaleSource source;
  private final MysqlAccess mysql;
  private final EdgeDatabase edge;

  private PlanetScaleClient(Builder b) {
    this.source = b.source;
    this.mysql = b.mysql != null ? b.mysql
        : MysqlAccessLookup.open(b.source, "pass one with PlanetScaleClient.builder(source).mysql(...)");
    EdgeDatabase e;
    try {
      e = b.edge != null ? b.edge : b.transport == Transport.VSTREAM
          ? VStreamEdgeDatabase.create(b.source, b.connectOptions)
          : ConnectEdgeDatabase.create(b.source, b.connectOptions);
    } catch (RuntimeException failure) {
      mysql.close(); // don't leak what was opened before the failure
      throw failure;
    }
    this.edge = e;
  }

  /**
   * A client with the default transport and the {@link MysqlAccess} of the module on the classpath
   * that provides one ({@code planetscale-cdc-jdbc}).
   *
   * @param source where to connect
   * @return the client
   * @throws ConfigurationException if no module provides a MysqlAccess; add planetscale-cdc-jdbc or
   *     use {@link #builder(PlanetScaleSource)} with {@link Builder#mysql(MysqlAccess)}
   */
  public static PlanetScaleClient create(PlanetScaleSource source) {
    return builder(source).build();
  }

  /**
   * @param source where to connect
   * @return a builder
   */
  public static Builder builder(PlanetScaleSource source) {
    return new Builder(Objects.requireNonNull(source, "source"));
  }

  /**
   * Checks that both endpoints accept the credentials: the edge ({@code VStream} or {@code Sync}) and the MySQL
   * endpoint used for discovery.
   *
   * @throws io.planetscale.cdc.AuthenticationException if either rejects the credentials
   * @throws io.planetscale.cdc.ConnectionException if either cannot be reached
   */
  public void check() {
    edge.canConnect(source);
    mysql.ping(source);
  }

  /**
   * Builds a catalog of the database's tables ({@link PlanetScaleCdc#discover}).
   *
   * @param settings selection, exclusion, incremental and tinyint settings
   * @return the catalog
   */
  public Catalog discover(DiscoverSettings settings) {
    return PlanetScaleCdc.discover(source, mysql, settings);
  }

  /**
   * Syncs the catalog's selected streams with {@link SyncOptions#defaults()} (checkpoints every
   * 10,000 records or minute; one shard at a time).
   *
   * @param catalog the catalog with streams selected
   * @param state the saved state, or null/{@link State#empty()} for a first sync
   * @param sink receives records, flushes and states
   * @return the final state
   */
  public State sync(Catalog catalog, State state, RecordSink sink) {
    return sync(catalog, state, sink, SyncOptions.defaults());
  }

  /**
   * Syncs the catalog's selected streams.
   *
   * @param catalog the catalog with streams selected
   * @param state the saved state, or null for a first sync
   * @param sink receives records, flushes and states
   * @param options tablet type, read settings, checkpoints, shard parallelism, listener and logger
   * @return the final state
   */
  public State sync(Catalog catalog, State state, RecordSink sink, SyncOptions options) {
    return PlanetScaleCdc.sync(mysql, edge, source, catalog, state, sink, Objects.requireNonNull(options, "options"));
  }

  /** Closes the edge database and the schema access. */
  @Override
  public void close() {
    try {
      edge.close();
    } finally {
      mysql.close();
    }
  }

  /** Builds a {@link PlanetScaleClient}. */
  public static final class Builder {
    private final PlanetScaleSource source;
    private MysqlAccess mysql;
    private EdgeDatabase edge;
    private ConnectOptions connectOptions = ConnectOptions.defaults();
    private Transport transport = Transport.VSTREAM;

    private Builder(PlanetScaleSource source) {
      this.source = source;
    }

    /**
     * @param value the schema access to use (e.g. {@code FakePlanetScale.mysqlAccess()}); the client closes it
     * @return this builder
     */
    public Builder mysql(MysqlAccess value) {
      mysql = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * @param value the edge database to use instead of the transport's; the client closes it
     * @return this builder
     */
    public Builder edge(EdgeDatabase value) {
      edge = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * @param value the protocol the client reads with, unless {@link #edge} gives an edge database:
     *     {@link Transport#VSTREAM} ({@link VStreamEdgeDatabase}, the default) or
     *     {@link Transport#PSDBCONNECT} ({@link ConnectEdgeDatabase}); the state is the same for both
     * @return this builder
     */
    public Builder transport(Transport value) {
      transport = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * @param value transport settings of the edge database the client creates; a read
     *     window or retry policy not set there comes from the source's {@code timeout_seconds} and
     *     {@code max_retries}
     * @return this builder
     */
    public Builder connectOptions(ConnectOptions value) {
      connectOptions = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * @return the client
     * @throws ConfigurationException if no MysqlAccess was given and no module provides one
     */
    public PlanetScaleClient build() {
      return new PlanetScaleClient(this);
    }
  }
}
