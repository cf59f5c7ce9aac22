package io.planetscale.cdc.grpc;

import static io.planetscale.cdc.grpc.VStreamEvents.KS;
import static io.planetscale.cdc.grpc.VStreamEvents.POS1;
import static io.planetscale.cdc.grpc.VStreamEvents.SHARD;
import static io.planetscale.cdc.grpc.VStreamEvents.other;
import static io.planetscale.cdc.grpc.VStreamEvents.ours;
import static io.planetscale.cdc.grpc.VStreamEvents.pkResult;
import static io.planetscale.cdc.grpc.VStreamEvents.proto;
import static io.planetscale.cdc.grpc.VStreamEvents.vgtid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.grpc.stub.StreamObserver;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code VStream} request for one table on one shard (wire-format §7.6). */
class VStreamRequestTest {
  private static VStreamTableRequest request(String table, TabletType type, List<String> cells, boolean skew,
      Duration heartbeat) {
    return new VStreamTableRequest(table, KS, SHARD, type, cells, skew, heartbeat);
  }

  private static VStreamTableRequest defaults() {
    return request("t", TabletType.PRIMARY, List.of(), false, Duration.ZERO);
  }

  @Test
  void aCopyInProgressResumesWithItsPositionAndItsLastKeyTogether() {
    TableCursor from = new TableCursor(SHARD, KS, POS1, ProtoCodec.fromProto(pkResult(17)));
    VStreamRequest r = defaults().request(from);
    assertThat(r.getVgtid().getShardGtidsList()).containsExactly(ShardGtid.newBuilder().setKeyspace(KS)
        .setShard(SHARD).setGtid(POS1)
        .addTablePKs(TableLastPK.newBuilder().setTableName("t").setLastpk(pkResult(17))).build());

    TableCursor legacy = new TableCursor(SHARD, KS, "", ProtoCodec.fromProto(pkResult(17)));
    ShardGtid g = defaults().request(legacy).getVgtid().getShardGtids(0);
    assertThat(g.getGtid()).isEmpty();
    assertThat(g.getTablePKs(0).getLastpk()).isEqualTo(pkResult(17));
  }

  @Test
  void copyReplicationAndPeekRequestsSendThePositionAlone() {
    for (String position : new String[] {"", POS1, TableCursor.CURRENT}) {
      ShardGtid g = defaults().request(TableCursor.of(SHARD, KS, position)).getVgtid().getShardGtids(0);
      assertThat(g.getKeyspace()).isEqualTo(KS);
      assertThat(g.getShard()).isEqualTo(SHARD);
      assertThat(g.getGtid()).isEqualTo(position);
      assertThat(g.getTablePKsList()).isEmpty();
    }
  }

  @Test
  void theFilterSelectsEveryColumnOfTheTableWithBackticksDoubled() {
    VStreamRequest plain = defaults().request(TableCursor.of(SHARD, KS, POS1));
    assertThat(plain.getFilter().getRulesList()).hasSize(1);
    assertThat(plain.getFilter().getRules(0).getMatch()).isEqualTo("t");
    assertThat(plain.getFilter().getRules(0).getFilter()).isEqualTo("SELECT * FROM `t`");

    VStreamRequest odd = request("we`ird", TabletType.PRIMARY, List.of(), false, Duration.ZERO)
        .request(TableCursor.of(SHARD, KS, POS1));
    assertThat(odd.getFilter().getRules(0).getMatch()).isEqualTo("we`ird");
    assertThat(odd.getFilter().getRules(0).getFilter()).isEqualTo("SELECT * FROM `we``ird`");
  }

  @Test
  void tabletTypesAreVitessNumbers() {
    assertThat(defaults().request(TableCursor.of(SHARD, KS, POS1)).getTabletTypeValue()).isEqualTo(1);
    assertThat(request("t", TabletType.REPLICA, List.of(), false, Duration.ZERO)
        .request(TableCursor.of(SHARD, KS, POS1)).getTabletTypeValue()).isEqualTo(2);
    assertThat(request("t", TabletType.BATCH, List.of(), false, Duration.ZERO)
        .request(TableCursor.of(SHARD, KS, POS1)).getTabletTypeValue()).isEqualTo(3);
  }

  @Test
  void flagsNameTheCellsAliasAndSetSkewAndHeartbeatsOnlyWhenAsked() {
    VStreamFlags plain = defaults().request(TableCursor.of(SHARD, KS, POS1)).getFlags();
    assertThat(plain).isEqualTo(VStreamFlags.newBuilder().setCells("planetscale_operator_default").build());

    VStreamFlags asked = request("t", TabletType.REPLICA, List.of("us-east-1a", " ", "us-east-1b"), true,
        Duration.ofMillis(2500)).request(TableCursor.of(SHARD, KS, POS1)).getFlags();
    assertThat(asked.getCells()).isEqualTo("us-east-1a,us-east-1b");
    assertThat(asked.getMinimizeSkew()).isTrue();
    assertThat(asked.getHeartbeatInterval()).isEqualTo(3); // whole seconds, a fraction rounds up
    assertThat(request("t", TabletType.PRIMARY, List.of(), false, Duration.ofSeconds(10))
        .request(TableCursor.of(SHARD, KS, POS1)).getFlags().getHeartbeatInterval()).isEqualTo(10);
  }

  @Test
  void badSettingsAreRejectedByName() {
    assertThatThrownBy(() -> request("", TabletType.PRIMARY, List.of(), false, Duration.ZERO))
        .hasMessage("table must not be empty");
    assertThatThrownBy(() -> request("t", TabletType.PRIMARY, List.of(), false, Duration.ofSeconds(-1)))
        .hasMessageContaining("heartbeatInterval must not be negative");
  }

  @Test
  void openSendsTheRequestWithTheWindowAsItsDeadlineAndReadsTheResponses() throws Exception {
    BlockingQueue<VStreamRequest> requests = new ArrayBlockingQueue<>(1);
    BlockingQueue<Long> deadlines = new ArrayBlockingQueue<>(1);
    VitessGrpc.VitessImplBase vtgate = new VitessGrpc.VitessImplBase() {
      @Override
      public void vStream(VStreamRequest request, StreamObserver<VStreamResponse> out) {
        Deadline d = Context.current().getDeadline();
        deadlines.add(d == null ? -1 : d.timeRemaining(TimeUnit.MILLISECONDS));
        requests.add(request);
        out.onNext(proto(vgtid(ours(POS1)), other()));
        out.onCompleted();
      }
    };
    Server server = OkHttpServerBuilder.forPort(new InetSocketAddress("127.0.0.1", 0),
        InsecureServerCredentials.create()).addService(vtgate).build().start();
    ManagedChannel channel = OkHttpChannelBuilder.forAddress("127.0.0.1", server.getPort(),
        InsecureChannelCredentials.create()).build();
    try {
      VStreamProtocol protocol = new VStreamProtocol(VitessGrpc.newStub(channel), "t", KS, SHARD,
          TabletType.REPLICA, List.of(), false, Duration.ZERO);
      TableCursor from = TableCursor.of(SHARD, KS, TableCursor.CURRENT);
      StreamCall<VStreamMessage> call = protocol.open(from, Duration.ofSeconds(30));
      VStreamMessage first = call.read(TimeUnit.SECONDS.toNanos(10));
      assertThat(first).isNotNull();
      assertThat(protocol.currentPosition(first)).isEqualTo(POS1);
      assertThat(call.read(TimeUnit.SECONDS.toNanos(10))).isNull();
      assertThat(call.end().isOk()).isTrue();

      assertThat(requests.poll(10, TimeUnit.SECONDS)).isEqualTo(protocol.request(from));
      assertThat(deadlines.poll(10, TimeUnit.SECONDS)).isBetween(1L, 30_000L);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
