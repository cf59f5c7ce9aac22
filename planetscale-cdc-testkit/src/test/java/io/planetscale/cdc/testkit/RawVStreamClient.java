package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.binlogdata.Filter;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Rule;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.topodata.TabletType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.time.Duration;

/**
 * A plain generated {@code vtgateservice.Vitess} stub against the fake over OkHttp (plaintext or TLS,
 * as the fake serves) — deliberately not the SDK's client — so the tests check the wire itself.
 */
final class RawVStreamClient implements AutoCloseable {
  static final Duration WAIT = RawCall.WAIT;

  private final RawChannel channel;
  private final VitessGrpc.VitessStub stub;

  RawVStreamClient(FakePlanetScale fake) {
    this(fake, "fake-user", "fake-password");
  }

  RawVStreamClient(FakePlanetScale fake, String user, String password) {
    channel = new RawChannel(fake, user, password, true);
    stub = channel.stub(VitessGrpc::newStub);
  }

  /** What PlanetScale's connectors send: one table on one shard, {@code SELECT * FROM `t`}, PRIMARY. */
  static VStreamRequest.Builder request(FakePlanetScale fake, String table, String shard, String gtid) {
    return VStreamRequest.newBuilder().setTabletType(TabletType.PRIMARY)
        .setVgtid(VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder().setKeyspace(fake.keyspace())
            .setShard(shard).setGtid(gtid)))
        .setFilter(Filter.newBuilder().addRules(Rule.newBuilder().setMatch(table)
            .setFilter("SELECT * FROM `" + table + "`")))
        .setFlags(VStreamFlags.newBuilder().setMinimizeSkew(true).setCells("planetscale_operator_default"));
  }

  /** Every table ({@code /.*}) on the given shards, each at {@code gtid}. */
  static VStreamRequest.Builder allTables(FakePlanetScale fake, String gtid, String... shards) {
    VGtid.Builder vgtid = VGtid.newBuilder();
    for (String shard : shards) {
      vgtid.addShardGtids(ShardGtid.newBuilder().setKeyspace(fake.keyspace()).setShard(shard).setGtid(gtid));
    }
    return VStreamRequest.newBuilder().setTabletType(TabletType.PRIMARY).setVgtid(vgtid)
        .setFilter(Filter.newBuilder().addRules(Rule.newBuilder().setMatch("/.*")));
  }

  Stream open(VStreamRequest request) {
    return open(request, null);
  }

  Stream open(VStreamRequest request, Duration deadline) {
    Stream s = new Stream();
    RawChannel.withDeadline(stub, deadline).vStream(request, s);
    return s;
  }

  Stream open(VStreamRequest.Builder request) {
    return open(request.build());
  }

  @Override
  public void close() {
    channel.close();
  }

  /** One open VStream call. */
  static final class Stream extends RawCall<VStreamRequest, VStreamResponse> {
    Stream() {
      super(VStreamResponse.class);
    }
  }
}
