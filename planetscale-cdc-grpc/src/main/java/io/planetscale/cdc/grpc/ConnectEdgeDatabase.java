package io.planetscale.cdc.grpc;

import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.ReadParams;
import java.util.Objects;

/**
 * The {@link EdgeDatabase} over PlanetScale's {@code psdbconnect.v1alpha1.Connect/Sync}: the Java
 * form of the Go connectors' {@code PlanetScaleEdgeDatabase}. One grpc-okhttp channel per instance
 * (TLS with hostname verification unless the source asks for plaintext; {@code authorization:
 * Basic} on every call), reused by every read and closed by {@link #close()}. Thread-safe: reads of
 * different shards may run in parallel.
 *
 * <pre>{@code
 * try (ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(source, ConnectOptions.defaults())) {
 *   Catalog catalog = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.autoSelectAll());
 *   State state = PlanetScaleCdc.sync(mysql, edge, SyncLogger.slf4j(), source, catalog, saved, sink,
 *       TabletType.PRIMARY);
 * }
 * }</pre>
 */
public final class ConnectEdgeDatabase implements EdgeDatabase {
  private final EdgeChannel channel;

  private ConnectEdgeDatabase(PlanetScaleSource source, ConnectOptions options) {
    this.channel = EdgeChannel.open(source, options.forSource(source));
  }

  /**
   * Opens the channel (lazily: nothing is sent before the first call).
   *
   * @param source where to connect and with which credentials
   * @param options transport and default read settings; the read window and retry policy not set
   *     there come from the source's {@code timeout_seconds} and {@code max_retries} (see {@link ConnectOptions})
   * @return the edge database
   * @throws io.planetscale.cdc.ConfigurationException if the trusted certificates are not valid PEM
   */
  public static ConnectEdgeDatabase create(PlanetScaleSource source, ConnectOptions options) {
    return new ConnectEdgeDatabase(Objects.requireNonNull(source, "source"), Objects.requireNonNull(options, "options"));
  }

  /**
   * Checks that the server answers and accepts the credentials, with one short {@code Sync} call
   * (the server checks credentials before it looks at the request).
   *
   * @param source the connection settings (their keyspace is used in the probe)
   * @throws io.planetscale.cdc.AuthenticationException if the credentials are rejected
   * @throws io.planetscale.cdc.ConnectionException if the server cannot be reached
   */
  @Override
  public void canConnect(PlanetScaleSource source) {
    SyncRequest probe = SyncRequest.newBuilder()
        .setCursor(ProtoCodec.toProto(TableCursor.of("-", source.database(), TableCursor.CURRENT))).build();
    channel.checkWithSync(probe, source.hostName());
  }

  /**
   * Reads one table on one shard from {@code params.lastKnownPosition()} up to the shard's current
   * position; see {@link EdgeDatabase#read}. Uses {@code params.options()} when given, else this
   * edge database's {@link ConnectOptions}, completed by its source's {@code timeout_seconds} (read
   * window) and {@code max_retries} (attempts) where the options do not set them.
   *
   * @param params what to read and where to deliver it
   * @return the cursor after the last row delivered
   */
  @Override
  public SerializedCursor read(ReadParams params) {
    Objects.requireNonNull(params, "params");
    String table = params.table().tableName().isEmpty() ? params.table().name() : params.table().tableName();
    io.planetscale.cdc.spi.ReadOptions read = channel.readOptions(params);
    ConnectProtocol protocol = channel.sync(table, params.lastKnownPosition().shard(), params.tabletType(),
        params.cells(), params.columns(), read.includeInserts(), read.includeUpdates(), read.includeDeletes());
    return new ShardReader<>(protocol, params, read).read();
  }

  /** @return true: reads of different shards and tables may run at the same time */
  @Override
  public boolean concurrentReads() {
    return true;
  }

  /** Closes the channel, ending any call still open. */
  @Override
  public void close() {
    channel.close();
  }
}
