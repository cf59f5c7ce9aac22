package io.planetscale.cdc.grpc;

import io.grpc.ManagedChannel;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.spi.ReadParams;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Filter;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Rule;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The {@link EdgeDatabase} over Vitess {@code vtgateservice.Vitess/VStream}, the protocol
 * PlanetScale's own connectors use. Each {@link #read} streams one table on one shard: a peek at
 * {@code "current"} gives the stop position; then, from the saved cursor, a copy (position
 * {@code ""}, checkpointed at every batch, done at the end of the snapshot) or the changes since
 * the cursor's position, until the position contains the stop position. VStream positions follow
 * their transaction's rows, so the read ends exactly there, without waiting, and a transaction is
 * never split by a checkpoint. The table is streamed with {@code SELECT *} and projected on the
 * client, so a DDL cannot break the stream; DDL and new column lists reach the sink as schema
 * changes.
 *
 * <p>The state is the same as {@link ConnectEdgeDatabase}'s (one cursor per stream and shard), so
 * a state written by either resumes on the other. One grpc-okhttp channel per instance (TLS with
 * hostname verification unless the source asks for plaintext; {@code authorization: Basic} on
 * every call), closed by {@link #close()}. Thread-safe: reads of different shards may run in
 * parallel.
 *
 * <pre>{@code
 * try (VStreamEdgeDatabase edge = VStreamEdgeDatabase.create(source, ConnectOptions.defaults())) {
 *   State state = PlanetScaleCdc.sync(mysql, edge, source, catalog, saved, sink, SyncOptions.defaults());
 * }
 * }</pre>
 */
public final class VStreamEdgeDatabase implements EdgeDatabase {
  private final ManagedChannel channel;
  private final VitessGrpc.VitessStub stub;
  private final ConnectOptions options;

  private VStreamEdgeDatabase(PlanetScaleSource source, ConnectOptions options) {
    this.options = options.forSource(source);
    this.channel = options.openChannel(source);
    VitessGrpc.VitessStub s = VitessGrpc.newStub(channel);
    this.stub = options.gzip() ? s.withCompression("gzip") : s;
  }

  /**
   * Opens the channel (lazily: nothing is sent before the first call).
   *
   * @param source where to connect and with which credentials
   * @param options transport and default read settings; the read window and retry policy not set
   *     there come from the source's {@code timeout_seconds} and {@code max_retries} (see
   *     {@link ConnectOptions}); the settle interval is not used (stops are exact)
   * @return the edge database
   * @throws io.planetscale.cdc.ConfigurationException if the trusted certificates are not valid PEM
   */
  public static VStreamEdgeDatabase create(PlanetScaleSource source, ConnectOptions options) {
    return new VStreamEdgeDatabase(Objects.requireNonNull(source, "source"), Objects.requireNonNull(options, "options"));
  }

  /**
   * Checks that the server answers and accepts the credentials, with one short VStream call at
   * {@code "current"} (the server checks credentials before it looks at the request).
   *
   * @param source the connection settings (their keyspace is used in the probe)
   * @throws io.planetscale.cdc.AuthenticationException if the credentials are rejected
   * @throws io.planetscale.cdc.ConnectionException if the server cannot be reached
   */
  @Override
  public void canConnect(PlanetScaleSource source) {
    VStreamRequest probe = VStreamRequest.newBuilder()
        .setTabletType(io.planetscale.cdc.wire.internal.proto.topodata.TabletType.PRIMARY)
        .setVgtid(VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder().setKeyspace(source.database())
            .setGtid("current")))
        .setFilter(Filter.newBuilder().addRules(Rule.newBuilder().setMatch("/.*")))
        .build();
    long timeout = options.readOptions().peekTimeout().toNanos();
    ConnectionCheck.check(StreamCall.open(stub.withDeadlineAfter(timeout, TimeUnit.NANOSECONDS)::vStream, probe),
        timeout, source.hostName());
  }

  /**
   * Reads one table on one shard from {@code params.lastKnownPosition()} up to the shard's current
   * position; see {@link EdgeDatabase#read}. Uses {@code params.options()} when given, else this
   * edge database's {@link ConnectOptions}, completed by its source's {@code timeout_seconds} (read
   * window) and {@code max_retries} (attempts) where the options do not set them. Which operations
   * a read delivers ({@link ReadOptions#includeInserts()} and the others) does not change the call:
   * VStream sends every change.
   *
   * @param params what to read and where to deliver it
   * @return the cursor after the last row delivered
   */
  @Override
  public SerializedCursor read(ReadParams params) {
    Objects.requireNonNull(params, "params");
    ReadOptions read = params.options() != null ? params.options() : options.readOptions();
    return new ShardReader<>(protocol(params.table().tableName().isEmpty() ? params.table().name()
        : params.table().tableName(), params.lastKnownPosition().keyspace(), params.lastKnownPosition().shard(),
        params.tabletType(), params.cells()), params, read).read();
  }

  VStreamProtocol protocol(String table, String keyspace, String shard, TabletType tabletType,
      java.util.List<String> cells) {
    return new VStreamProtocol(stub, table, keyspace, shard, tabletType, cells, options.minimizeSkew(),
        options.heartbeatInterval(), options.binlogRowImage());
  }

  /** @return true: reads of different shards and tables may run at the same time */
  @Override
  public boolean concurrentReads() {
    return true;
  }

  /** Closes the channel, ending any call still open. */
  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
