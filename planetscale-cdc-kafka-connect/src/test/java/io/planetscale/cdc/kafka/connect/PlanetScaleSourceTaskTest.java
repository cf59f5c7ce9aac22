package io.planetscale.cdc.kafka.connect;

import static io.planetscale.cdc.kafka.connect.TaskHarness.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.grpc.VGtid;
import io.planetscale.cdc.spi.MysqlAccessProvider;
import io.planetscale.cdc.testkit.FakeMysqlAccessProvider;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PlanetScaleSourceTask} against {@link FakePlanetScale} (2 tables x 2 shards) with a
 * hand-written exactly-once worker ({@link TaskHarness}).
 */
class PlanetScaleSourceTaskTest {
  static final String PASSWORD = "pscale_pw_task_S3CRET";
  static final List<String> TABLES = List.of("orders", "customers");

  @BeforeAll
  static void useTheFakesDiscovery() {
    System.setProperty(MysqlAccessProvider.PROPERTY, FakeMysqlAccessProvider.class.getName());
  }

  @AfterAll
  static void clear() {
    System.clearProperty(MysqlAccessProvider.PROPERTY);
  }

  static FakePlanetScale fake(int rows, String... shards) {
    FakePlanetScale.Builder b = FakePlanetScale.builder().keyspace("shop").credentials("ps-user", PASSWORD);
    if (shards.length > 0) {
      b.shards(shards);
    }
    FakePlanetScale fake = b.build().start();
    fake.vstream().copyBatchRows(7);
    for (String t : TABLES) {
      fake.createTable(TableSpec.builder(t).column("id", "bigint").column("note", "varchar(64)").primaryKey("id")
          .build());
      List<Map<String, ?>> batch = new ArrayList<>();
      for (long id = 1; id <= rows; id++) {
        batch.add(Map.of("id", id, "note", t + id));
      }
      if (!batch.isEmpty()) {
        fake.insertAll(t, batch);
      }
    }
    return fake;
  }

  static Map<String, String> props(FakePlanetScale fake, String shards) {
    Map<String, String> p = new HashMap<>();
    p.put("planetscale.host", fake.host());
    p.put("planetscale.database", "shop");
    p.put("planetscale.username", "ps-user");
    p.put("planetscale.password", PASSWORD);
    p.put("planetscale.plaintext", "true");
    p.put("topic.prefix", "ps");
    p.put("retry.initial.backoff.ms", "10");
    p.put("retry.max.backoff.ms", "50");
    p.put("poll.interval.ms", "20");
    p.put("planetscale.task.shards", shards);
    return p;
  }

  static Map<String, Map<Long, String>> expected(int rows) {
    Map<String, Map<Long, String>> tables = new HashMap<>();
    for (String t : TABLES) {
      Map<Long, String> m = new TreeMap<>();
      for (long id = 1; id <= rows; id++) {
        m.put(id, t + id);
      }
      tables.put(t, m);
    }
    return tables;
  }

  static long ordinal(SourceRecord r) {
    return ((Number) r.sourceOffset().get("ordinal")).longValue();
  }

  static String shardOf(SourceRecord r) {
    return (String) r.sourcePartition().get("shard");
  }

  @Test
  void copyThenChangesCarryShardPartitionsAndOffsetsAndEachKafkaTransactionIsOneVStreamTransaction()
      throws Exception {
    try (FakePlanetScale fake = fake(30, "-80", "80-"); TaskHarness h = new TaskHarness()) {
      Map<String, Map<Long, String>> expected = expected(30);
      h.start(props(fake, "-80,80-"));
      h.pollUntil(() -> h.events().size() == 60, "the copy");
      assertThat(h.events()).extracting(TaskHarness::op).containsOnly("r");
      fake.insert("orders", Map.of("id", 31L, "note", "new"));
      expected.get("orders").put(31L, "new");
      fake.update("customers", 5L, Map.of("note", "changed"));
      expected.get("customers").put(5L, "changed");
      fake.delete("orders", 7L);
      expected.get("orders").remove(7L);
      h.pollUntil(() -> TaskHarness.replay(h.events()).equals(expected), "the three changes");
      h.pollUntil(() -> h.store.values().stream().noneMatch(o -> VGtid.fromJson((String) o.get("vgtid")).isCopying()),
          "the positions after the copy stored, though no change moved them on one shard");
      assertThat(h.events().subList(60, h.events().size())).extracting(TaskHarness::op).containsExactly("c", "u", "d");
      assertThat(h.committed.stream().filter(r -> !r.topic().equals("ps.heartbeat")).toList())
          .extracting(TaskHarness::op).endsWith("d", "tombstone");

      for (SourceRecord r : h.committed) {
        assertThat(r.sourcePartition()).isInstanceOf(LinkedHashMap.class);
        assertThat(List.copyOf(r.sourcePartition().keySet())).containsExactly("keyspace", "shard");
        assertThat(List.copyOf(r.sourceOffset().keySet())).containsExactly("vgtid", "ordinal");
        assertThat(r.sourcePartition().get("keyspace")).isEqualTo("shop");
        VGtid position = VGtid.fromJson((String) r.sourceOffset().get("vgtid"));
        assertThat(position.shards()).containsExactly(shardOf(r));
        if (r.value() != null && !r.topic().equals("ps.heartbeat")) {
          assertThat(((Struct) r.value()).getStruct("source").getString("shard")).isEqualTo(shardOf(r));
          assertThat(r.topic()).isEqualTo("ps.shop." + TaskHarness.table(r));
        }
      }
      // Each Kafka transaction holds one VStream transaction or copy batch of one shard: its last record
      // carries the shard's next ordinal, the others the offset committed before it.
      Map<String, Map<String, ?>> last = new HashMap<>();
      for (List<SourceRecord> tx : h.transactions) {
        String shard = shardOf(tx.get(0));
        assertThat(tx).extracting(PlanetScaleSourceTaskTest::shardOf).containsOnly(shard);
        SourceRecord end = tx.get(tx.size() - 1);
        long before = last.containsKey(shard) ? ((Number) last.get(shard).get("ordinal")).longValue() : 0;
        if (end.topic().equals("ps.heartbeat")) {
          // A position the stream moved to with nothing delivered: same ordinal, a record of its own.
          assertThat(tx).hasSize(1);
          assertThat(((Struct) end.value()).getString("event")).isEqualTo("position");
          assertThat(ordinal(end)).isEqualTo(before);
          last.put(shard, end.sourceOffset());
          continue;
        }
        assertThat(ordinal(end)).isEqualTo(before + 1);
        for (SourceRecord r : tx) {
          if (ordinal(r) == before) {
            assertThat(last.get(shard) == null || r.sourceOffset().equals(last.get(shard))).isTrue();
          } else {
            assertThat(r.sourceOffset()).isEqualTo(end.sourceOffset());
          }
        }
        last.put(shard, end.sourceOffset());
      }
      assertThat(h.transactions.size()).as("copy batches of at most 7 rows, then 3 changes")
          .isGreaterThanOrEqualTo(60 / 7 + 3);
      for (String shard : List.of("-80", "80-")) {
        VGtid stored = VGtid.fromJson((String) h.store.get(SourceOffsets.partition("shop", shard)).get("vgtid"));
        assertThat(stored.shardGtids().get(0).gtid()).isEqualTo(fake.position(shard));
      }
    }
  }

  @Test
  void aTaskRestartedMidCopyAndMidStreamResumesFromItsOffsetsWithNothingLostOrRepeated() throws Exception {
    try (FakePlanetScale fake = fake(30, "-80", "80-"); TaskHarness h = new TaskHarness()) {
      Map<String, Map<Long, String>> expected = expected(30);
      Map<String, String> props = props(fake, "-80,80-");
      h.start(props);
      h.pollUntil(() -> h.events().size() >= 10, "part of the copy");
      h.pollOnce(); // leaves records polled but not committed, which the stop aborts
      h.stop();
      assertThat(h.events().size()).isLessThan(60);

      h.start(props);
      h.pollUntil(() -> h.events().size() >= 60, "the rest of the copy");
      // Until its position after the copy is stored, a shard resumed would copy rows inserted since (as "r").
      h.pollUntil(() -> h.store.values().stream().noneMatch(o -> VGtid.fromJson((String) o.get("vgtid")).isCopying()),
          "the positions after the copy");
      for (long id = 31; id <= 40; id++) {
        fake.insert("orders", Map.of("id", id, "note", "new" + id));
        expected.get("orders").put(id, "new" + id);
      }
      h.pollUntil(() -> h.events().size() >= 65, "some changes");
      h.stop();
      fake.update("customers", 3L, Map.of("note", "while stopped"));
      expected.get("customers").put(3L, "while stopped");

      h.start(props);
      h.pollUntil(() -> TaskHarness.replay(h.events()).equals(expected), "every change");
      h.stop();
      assertThat(h.events()).filteredOn(r -> op(r).equals("r")).hasSize(60);
      assertThat(h.events()).filteredOn(r -> op(r).equals("r"))
          .extracting(r -> TaskHarness.table(r) + TaskHarness.id(r)).doesNotHaveDuplicates();
      assertThat(h.events()).filteredOn(r -> !op(r).equals("r")).extracting(TaskHarness::op)
          .containsExactlyInAnyOrder("c", "c", "c", "c", "c", "c", "c", "c", "c", "c", "u");
    }
  }

  @Test
  void aTransactionInChunksIsCommittedOnceAtItsEndWithThePreviousOffsetOnEarlierChunks() throws Exception {
    try (FakePlanetScale fake = fake(0); TaskHarness h = new TaskHarness()) {
      Map<String, String> props = props(fake, "-");
      props.put("max.transaction.records", "10");
      props.put("max.batch.size", "7");
      props.put("snapshot.mode", "never");
      h.start(props);
      TaskHarness.await(() -> fake.openStreams() == 1, "the stream");
      h.pollOnce();
      List<Map<String, ?>> rows = new ArrayList<>();
      for (long id = 1; id <= 95; id++) {
        rows.add(Map.of("id", id, "note", "n" + id));
      }
      fake.insertAll("orders", rows); // one transaction
      h.pollUntil(() -> h.events().size() == 95, "95 rows");
      List<List<SourceRecord>> withRows = h.transactions.stream()
          .filter(t -> !t.get(0).topic().equals("ps.heartbeat")).toList();
      assertThat(withRows).hasSize(1);
      List<SourceRecord> tx = withRows.get(0);
      assertThat(tx).hasSize(95);
      assertThat(tx.subList(0, 94)).allSatisfy(r -> assertThat(ordinal(r)).isEqualTo(0));
      assertThat(ordinal(tx.get(94))).isEqualTo(1);
      assertThat(VGtid.fromJson((String) tx.get(94).sourceOffset().get("vgtid")).shardGtids().get(0).gtid())
          .isEqualTo(fake.position("-"));
    }
  }

  /**
   * Chunks of big transactions on two shards interleave in the task's queue: a Kafka transaction ends
   * only where neither shard is inside a transaction, so every offset it commits is a transaction's end.
   */
  @Test
  void kafkaTransactionsNeverEndInsideAShardsTransactionWhenChunksOfTwoShardsInterleave() throws Exception {
    try (FakePlanetScale fake = fake(0, "-80", "80-"); TaskHarness h = new TaskHarness()) {
      Map<String, String> props = props(fake, "-80,80-");
      props.put("max.transaction.records", "3");
      props.put("max.batch.size", "4");
      props.put("snapshot.mode", "never");
      h.start(props);
      TaskHarness.await(() -> fake.openStreams() == 2, "both streams");
      int rows = 0;
      for (int round = 0; round < 5; round++) {
        List<Map<String, ?>> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          long id = ++rows;
          batch.add(Map.of("id", id, "note", "n" + id));
        }
        fake.insertAll("orders", batch); // one transaction per shard, in chunks of 3
      }
      int all = rows;
      h.pollUntil(() -> h.events().size() == all, "every row");
      // The last record of a shard in a Kafka transaction must end a VStream transaction: it carries the
      // shard's next ordinal, one more than the record of the shard before it.
      Map<String, Long> previous = new HashMap<>();
      int checked = 0;
      for (List<SourceRecord> tx : h.transactions) {
        Map<String, Long> before = new HashMap<>(previous);
        Map<String, SourceRecord> lastOfShard = new LinkedHashMap<>();
        for (SourceRecord r : tx) {
          lastOfShard.put(shardOf(r), r);
          previous.put(shardOf(r), ordinal(r));
        }
        for (SourceRecord last : lastOfShard.values()) {
          if (last.topic().equals("ps.heartbeat")) {
            continue;
          }
          List<SourceRecord> ofShard = tx.stream().filter(r -> shardOf(r).equals(shardOf(last))).toList();
          long prior = ofShard.size() > 1 ? ordinal(ofShard.get(ofShard.size() - 2))
              : before.getOrDefault(shardOf(last), 0L);
          assertThat(ordinal(last)).as("a Kafka transaction ended inside a transaction of shard %s", shardOf(last))
              .isEqualTo(prior + 1);
          checked++;
        }
      }
      assertThat(h.transactions.size()).as("Kafka transactions").isGreaterThan(1);
      assertThat(checked).as("shard transaction ends checked").isGreaterThanOrEqualTo(5);
      assertThat(TaskHarness.replay(h.events()).get("orders")).hasSize(all);
      h.stop();
      assertThat(fake.awaitOpenStreams(0, java.time.Duration.ofSeconds(10))).as("stop() closes the streams").isTrue();
    }
  }

  @Test
  void aReshardWritesTheNewShardsOffsetsAndRetiresTheOldOneInOneTransaction() throws Exception {
    try (FakePlanetScale fake = fake(10, "-80", "80-"); TaskHarness h = new TaskHarness()) {
      Map<String, Map<Long, String>> expected = expected(10);
      h.start(props(fake, "-80,80-"));
      h.pollUntil(() -> h.events().size() == 20, "the copy");
      fake.reshard(List.of("-80"), List.of("-40", "40-80"));
      for (long id = 11; id <= 30; id++) {
        fake.insert("orders", Map.of("id", id, "note", "after" + id));
        expected.get("orders").put(id, "after" + id);
      }
      h.pollUntil(() -> TaskHarness.replay(h.events()).equals(expected), "the inserts after the reshard");
      List<SourceRecord> reshard = h.transactions.stream().filter(tx -> tx.get(0).topic().equals("ps.heartbeat")
          && ((Struct) tx.get(0).value()).getString("event").equals("retired")).findFirst().orElseThrow();
      assertThat(reshard).extracting(r -> ((Struct) r.value()).getString("event") + " " + shardOf(r))
          .containsExactly("retired -80", "reshard -40", "reshard 40-80");
      assertThat(reshard.get(0).sourceOffset()).isEqualTo(Map.of("retired", true));
      assertThat(h.store.get(SourceOffsets.partition("shop", "-80"))).isEqualTo(Map.of("retired", true));
      for (String shard : List.of("-40", "40-80")) {
        assertThat(VGtid.fromJson((String) h.store.get(SourceOffsets.partition("shop", shard)).get("vgtid")).shards())
            .containsExactly(shard);
      }
      assertThat(h.events()).filteredOn(r -> TaskHarness.id(r) > 10).extracting(PlanetScaleSourceTaskTest::shardOf)
          .doesNotContain("-80").contains("-40", "40-80");
      h.stop();

      // The reassigned task streams the new shards from their offsets and skips the retired one.
      for (long id = 31; id <= 40; id++) {
        fake.insert("orders", Map.of("id", id, "note", "later" + id));
        expected.get("orders").put(id, "later" + id);
      }
      int before = h.events().size();
      h.start(props(fake, "-40,-80,40-80,80-"));
      h.pollUntil(() -> TaskHarness.replay(h.events()).equals(expected), "the inserts after the reassignment");
      assertThat(h.events().size() - before).isEqualTo(10);
      h.stop();
    }
  }

  @Test
  void aLostPositionFailsTheTaskSayingWhatToDoUnlessSnapshotModeIsWhenNeeded() throws Exception {
    try (FakePlanetScale fake = fake(5, "-80", "80-"); TaskHarness h = new TaskHarness()) {
      Map<String, String> props = props(fake, "-80,80-");
      h.start(props);
      h.pollUntil(() -> h.events().size() == 10, "the copy");
      h.stop();
      for (long id = 6; id <= 15; id++) {
        fake.insert("orders", Map.of("id", id, "note", "gone" + id));
      }
      fake.faults().purgeAllBinlogs();
      h.start(props);
      assertThatThrownBy(() -> h.pollUntil(() -> false, "a failure")).isInstanceOf(ConnectException.class)
          .hasMessageContaining("snapshot.mode=when_needed").hasMessageNotContaining(PASSWORD);
      h.stop();

      props.put("snapshot.mode", "when_needed");
      Map<String, Map<Long, String>> expected = expected(5);
      for (long id = 6; id <= 15; id++) {
        expected.get("orders").put(id, "gone" + id);
      }
      int copied = h.events().size();
      h.start(props);
      h.pollUntil(() -> h.events().size() == copied + 20, "the copy again");
      assertThat(h.events().subList(copied, h.events().size())).extracting(TaskHarness::op).containsOnly("r");
      assertThat(TaskHarness.replay(h.events())).isEqualTo(expected);
    }
  }

  @Test
  void idleShardsSendHeartbeatRecordsCarryingTheirOffsets() throws Exception {
    try (FakePlanetScale fake = fake(2, "-80", "80-"); TaskHarness h = new TaskHarness()) {
      fake.vstream().heartbeatInterval(java.time.Duration.ofMillis(50));
      Map<String, String> props = props(fake, "-80,80-");
      props.put("heartbeat.interval.ms", "1000");
      h.start(props);
      h.pollUntil(() -> h.committed.stream().filter(r -> r.topic().equals("ps.heartbeat")
          && ((Struct) r.value()).getString("event").equals("heartbeat")).map(PlanetScaleSourceTaskTest::shardOf)
          .distinct().count() == 2 && h.events().size() == 4, "heartbeats of both shards after the copy");
      SourceRecord lastHeartbeat = h.committed.get(h.committed.size() - 1);
      assertThat(VGtid.fromJson((String) lastHeartbeat.sourceOffset().get("vgtid")).isCopying())
          .as("a heartbeat after the copy carries the position after it").isFalse();
      for (SourceRecord r : h.committed) {
        if (r.topic().equals("ps.heartbeat")) {
          assertThat(((Struct) r.key()).getString("shard")).isEqualTo(shardOf(r));
          assertThat(VGtid.fromJson((String) r.sourceOffset().get("vgtid")).shards()).containsExactly(shardOf(r));
        }
      }
    }
  }

  @Test
  void rejectedCredentialsFailTheTaskWithoutThePassword() {
    try (FakePlanetScale fake = fake(1, "-80", "80-"); TaskHarness h = new TaskHarness()) {
      Map<String, String> props = props(fake, "-80,80-");
      props.put("planetscale.password", "wrong-" + PASSWORD);
      assertThatThrownBy(() -> h.start(props)).isInstanceOf(ConnectException.class)
          .hasMessageNotContaining(PASSWORD).satisfies(e -> assertThat(String.valueOf(e.getCause()))
              .doesNotContain(PASSWORD));
    }
  }
}
