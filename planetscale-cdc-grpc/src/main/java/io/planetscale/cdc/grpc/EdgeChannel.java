package io.planetscale.cdc.grpc;

import io.grpc.ManagedChannel;
import io.grpc.stub.AbstractStub;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.spi.ReadParams;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One grpc-okhttp channel to a source's server (TLS with hostname verification unless the source
 * asks for plaintext; {@code authorization: Basic} on every call), and what the edge databases and
 * change streams do on it: the shard readers of both transports, the connection probe, the read
 * options a read uses, and the shutdown. Requests are gzip-compressed when the options say so.
 * Thread-safe.
 */
final class EdgeChannel implements AutoCloseable {
  private final ManagedChannel channel;
  private final ConnectOptions options;
  private final VitessGrpc.VitessStub vitess;
  private final ConnectGrpc.ConnectStub connect;

  private EdgeChannel(ManagedChannel channel, ConnectOptions options) {
    this.channel = channel;
    this.options = options;
    VitessGrpc.VitessStub v = VitessGrpc.newStub(channel);
    this.vitess = options.gzip() ? v.withCompression("gzip") : v;
    ConnectGrpc.ConnectStub c = ConnectGrpc.newStub(channel);
    this.connect = options.gzip() ? c.withCompression("gzip") : c;
  }

  /**
   * Opens the channel (lazily: nothing is sent before the first call).
   *
   * @param options the options for this source (see {@link ConnectOptions#forSource})
   * @throws io.planetscale.cdc.ConfigurationException if the trusted certificates are not valid PEM
   */
  static EdgeChannel open(PlanetScaleSource source, ConnectOptions options) {
    return new EdgeChannel(options.openChannel(source), options);
  }

  /** @return the read settings of {@code params} when it has some, else those of the options */
  ReadOptions readOptions(ReadParams params) {
    return params.options() != null ? params.options() : options.readOptions();
  }

  /** A VStream reader of one table on one shard, with the options' skew, heartbeat and row-image settings. */
  VStreamProtocol vstream(String table, String keyspace, String shard, TabletType tabletType, List<String> cells) {
    return new VStreamProtocol(vitess, table, keyspace, shard, tabletType, cells, options.minimizeSkew(),
        options.heartbeatInterval(), options.binlogRowImage());
  }

  /** Opens a VStream call of any shape (a keyspace stream's), on the channel's stub. */
  StreamCall<VStreamMessage> openVStream(io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest request) {
    return StreamCall.open(VStreamResponseReader.vStream(vitess), request);
  }

  /** A psdbconnect {@code Sync} reader of one table on one shard. */
  ConnectProtocol sync(String table, String shard, TabletType tabletType, List<String> cells, List<String> columns,
      boolean includeInserts, boolean includeUpdates, boolean includeDeletes) {
    return new ConnectProtocol(connect, table, shard, tabletType, cells, columns, includeInserts, includeUpdates,
        includeDeletes);
  }

  /**
   * Checks the connection with one short VStream call; see {@link ConnectionCheck}.
   *
   * @param host the server, for messages
   */
  void checkWithVStream(VStreamRequest probe, String host) {
    check(vitess, stub -> StreamCall.open(stub::vStream, probe), host);
  }

  /**
   * Checks the connection with one short {@code Sync} call; see {@link ConnectionCheck}.
   *
   * @param host the server, for messages
   */
  void checkWithSync(SyncRequest probe, String host) {
    check(connect, stub -> StreamCall.open(stub::sync, probe), host);
  }

  /** Opens the probe on {@code stub} with the peek timeout as its deadline, and reads its answer. */
  private <S extends AbstractStub<S>> void check(S stub, Function<S, StreamCall<?>> probe, String host) {
    long timeout = options.readOptions().peekTimeout().toNanos();
    ConnectionCheck.check(probe.apply(stub.withDeadlineAfter(timeout, TimeUnit.NANOSECONDS)), timeout, host);
  }

  /** Ends every call still open and refuses new ones, without waiting; callable from any thread. */
  void shutdownNow() {
    channel.shutdownNow();
  }

  /** Ends every call still open, and waits (at most 5 s) for the channel to terminate. */
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
