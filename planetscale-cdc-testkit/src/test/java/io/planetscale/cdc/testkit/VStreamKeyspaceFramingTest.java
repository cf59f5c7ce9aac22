package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.shardsOf;
import static io.planetscale.cdc.testkit.VStreamTestSupport.ITEMS;
import static io.planetscale.cdc.testkit.VStreamTestSupport.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.testkit.VStreamTestSupport.Env;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One VStream call over every shard of a keyspace: transaction framing, whole VGTIDs, large transactions, heartbeats. */
class VStreamKeyspaceFramingTest {

  @Test
  void transactionsOfShardsNeverInterleaveAndEveryVgtidIsWhole() throws Exception {
    try (Env env = Env.items(false, "-40", "40-80", "80-")) {
      env.fake.vstream().maxResponseBytes(120); // a transaction spans several responses
      Map<String, Long> start = ServerTestSupport.seqs(env.fake);
      RawVStreamClient.Stream s = env.client.open(fromHere(env.fake));
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        for (int round = 0; round < 40; round++) {
          List<Map<String, ?>> rows = new ArrayList<>();
          for (long id = round * 10L + 1; id <= round * 10L + 10; id++) {
            rows.add(SyncTestSupport.item(id));
          }
          env.fake.insertAll(ITEMS, rows); // one transaction per shard touched
        }
      });
      writer.get(30, TimeUnit.SECONDS);
      long transactions = 0;
      for (Map.Entry<String, Long> e : ServerTestSupport.seqs(env.fake).entrySet()) {
        transactions += e.getValue() - start.get(e.getKey());
      }
      List<VEvent> events = new ArrayList<>();
      int responses = 0;
      for (long commits = 0; commits < transactions; responses++) {
        VStreamResponse r = s.next();
        events.addAll(r.getEventsList());
        commits += r.getEventsList().stream().filter(e -> e.getType() == VEventType.COMMIT).count();
      }
      assertThat(responses).as("transactions spread over responses").isGreaterThan((int) transactions);
      String open = null; // the shard whose transaction is under way
      Map<String, String> lastGtid = new HashMap<>();
      int rows = 0;
      for (VEvent e : events) {
        switch (e.getType()) {
          case BEGIN -> {
            assertThat(open).as("BEGIN inside another transaction").isNull();
            open = e.getShard();
          }
          case COMMIT -> {
            assertThat(e.getShard()).isEqualTo(open);
            open = null;
          }
          case VGTID -> {
            assertThat(shardsOf(e)).containsExactly("-40", "40-80", "80-");
            assertThat(e.getShard()).isEqualTo(open);
            lastGtid.put(e.getShard(), VStreamTestSupport.gtids(e).get(e.getShard()));
          }
          default -> {
            assertThat(e.getShard()).as(e.getType() + " of another shard inside a transaction").isEqualTo(open);
            rows += e.getType() == VEventType.ROW ? e.getRowEvent().getRowChangesCount() : 0;
          }
        }
      }
      assertThat(rows).isEqualTo(400);
      for (String shard : env.fake.shardNames()) {
        assertThat(lastGtid.get(shard)).isEqualTo(env.fake.position(shard));
      }
      s.cancel();
    }
  }

  @Test
  void currentOnEveryShardAnswersEachShardsPositionWithTheWholeVgtid() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      SyncTestSupport.insertItems(env.fake, 1, 5);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.allTables(env.fake, "current", ""));
      List<VStreamResponse> first = s.next(2);
      assertThat(first).allSatisfy(r -> assertThat(frame(r)).isEqualTo("VGTID OTHER"));
      assertThat(shardsOf(first.get(1).getEvents(0))).containsExactly("-80", "80-");
      assertThat(VStreamTestSupport.gtids(first.get(1).getEvents(0)))
          .containsExactly(Map.entry("-80", env.fake.position("-80")), Map.entry("80-", env.fake.position("80-")));
      s.cancel();
    }
  }

  @Test
  void aLargeTransactionStreamsAsOneBeginToCommitOverManyBoundedResponses() throws Exception {
    try (Env env = Env.items(false)) {
      String before = env.fake.position("-");
      List<Map<String, ?>> rows = new ArrayList<>();
      for (long id = 1; id <= 200_000; id++) {
        rows.add(SyncTestSupport.item(id));
      }
      env.fake.insertAll(ITEMS, rows); // one transaction
      rows = null;
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", before));
      List<VStreamResponse> got = s.until(VStreamTestSupport.COMMITS);
      assertThat(got.size()).isGreaterThan(20);
      List<VEvent> events = VStreamTestSupport.events(got);
      assertThat(events.get(0).getType()).isEqualTo(VEventType.BEGIN);
      assertThat(events.get(events.size() - 1).getType()).isEqualTo(VEventType.COMMIT);
      assertThat(events.stream().filter(e -> e.getType() == VEventType.BEGIN)).hasSize(1);
      int changes = 0;
      for (VStreamResponse r : got) {
        assertThat(r.getSerializedSize()).as("bounded by the packet size, plus one event")
            .isLessThan(VStreamSettings.DEFAULT_MAX_RESPONSE_BYTES + 20_000);
        for (VEvent e : r.getEventsList()) {
          changes += e.getType() == VEventType.ROW ? e.getRowEvent().getRowChangesCount() : 0;
        }
      }
      assertThat(changes).isEqualTo(200_000);
      s.cancel();
    }
  }

  @Test
  void anIdleCallOverSeveralShardsGetsVtgatesHeartbeats() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      env.fake.vstream().heartbeatInterval(Duration.ofMillis(30));
      VStreamRequest request = fromHere(env.fake).toBuilder()
          .setFlags(VStreamFlags.newBuilder().setHeartbeatInterval(1)).build();
      RawVStreamClient.Stream s = env.client.open(request);
      List<VStreamResponse> idle = s.next(3);
      assertThat(idle).allSatisfy(r -> {
        assertThat(frame(r)).isEqualTo("HEARTBEAT");
        assertThat(r.getEvents(0).getKeyspace()).as("vtgate's own, no shard").isEmpty();
        assertThat(r.getEvents(0).getCurrentTime()).isPositive();
      });
      String pos = env.fake.insert(ITEMS, SyncTestSupport.item(1));
      List<VStreamResponse> upTo = s.until(r -> !frame(r).equals("HEARTBEAT"));
      VStreamResponse live = upTo.get(upTo.size() - 1);
      s.cancel();
      assertThat(frame(live)).isEqualTo("BEGIN FIELD ROW VGTID COMMIT");
      assertThat(VStreamTestSupport.gtids(live.getEvents(3))).containsEntry(env.fake.shardOf(ITEMS, 1), pos);
    }
  }

  /** Every table, every shard from its current position. */
  private static VStreamRequest fromHere(FakePlanetScale fake) {
    io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid.Builder vgtid =
        io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid.newBuilder();
    for (String shard : fake.shardNames()) {
      vgtid.addShardGtids(KeyspaceStreamSupport.shard(fake, shard, fake.position(shard)));
    }
    return RawVStreamClient.allTables(fake, "", "-").setVgtid(vgtid).build();
  }
}
