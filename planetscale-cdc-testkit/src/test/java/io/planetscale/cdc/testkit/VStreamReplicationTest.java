package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.SyncTestSupport.insertItems;
import static io.planetscale.cdc.testkit.SyncTestSupport.item;
import static io.planetscale.cdc.testkit.VStreamTestSupport.ITEMS;
import static io.planetscale.cdc.testkit.VStreamTestSupport.after;
import static io.planetscale.cdc.testkit.VStreamTestSupport.before;
import static io.planetscale.cdc.testkit.VStreamTestSupport.frame;
import static io.planetscale.cdc.testkit.VStreamTestSupport.frames;
import static io.planetscale.cdc.testkit.VStreamTestSupport.gtids;
import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.testkit.VStreamTestSupport.Env;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** VStream from a position: transactions, framing, the whole VGTID, table names. */
class VStreamReplicationTest {
  private static final Duration QUIET = Duration.ofMillis(200);

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void streamsInsertsUpdatesAndDeletesAsTransactions(boolean tls) throws Exception {
    try (Env env = Env.items(tls)) {
      insertItems(env.fake, 1, 3);
      String start = env.fake.position("-");
      long before = System.currentTimeMillis() / 1000;
      String p1 = env.fake.insert(ITEMS, item(4));
      String p2 = env.fake.update(ITEMS, 2, Map.of("name", "two"));
      String p3 = env.fake.delete(ITEMS, 3);
      String ks = env.fake.keyspace();

      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      VStreamResponse insert = s.next();
      assertThat(frame(insert)).isEqualTo("BEGIN FIELD ROW VGTID COMMIT");
      VEvent field = insert.getEvents(1);
      assertThat(field.getFieldEvent().getTableName()).isEqualTo(ks + ".items");
      assertThat(field.getFieldEvent().getKeyspace()).isEqualTo(ks);
      assertThat(field.getFieldEvent().getShard()).isEqualTo("-");
      assertThat(field.getFieldEvent().getFieldsList()).isEqualTo(env.fake.table(ITEMS).fields);
      VEvent row = insert.getEvents(2);
      assertThat(row.getRowEvent().getTableName()).isEqualTo(ks + ".items");
      RowChange inserted = row.getRowEvent().getRowChanges(0);
      assertThat(inserted.hasBefore()).isFalse();
      assertThat(after(inserted)).containsExactly("4", "n4", "40");
      assertThat(inserted.hasDataColumns()).isFalse();
      assertThat(gtids(insert.getEvents(3))).containsExactly(Map.entry("-", p1));
      for (VEvent e : insert.getEventsList()) {
        assertThat(e.getKeyspace()).isEqualTo(ks);
        assertThat(e.getShard()).isEqualTo("-");
        assertThat(e.getTimestamp()).isBetween(before, System.currentTimeMillis() / 1000);
        assertThat(e.getCurrentTime() / 1_000_000_000L).isBetween(before, System.currentTimeMillis() / 1000);
      }

      VStreamResponse update = s.next();
      assertThat(frame(update)).as("the FIELD went with the table's first row").isEqualTo("BEGIN ROW VGTID COMMIT");
      RowChange updated = update.getEvents(1).getRowEvent().getRowChanges(0);
      assertThat(before(updated)).containsExactly("2", "n2", "20");
      assertThat(after(updated)).containsExactly("2", "two", "20");
      assertThat(gtids(update.getEvents(2))).containsExactly(Map.entry("-", p2));

      VStreamResponse delete = s.next();
      RowChange deleted = delete.getEvents(1).getRowEvent().getRowChanges(0);
      assertThat(before(deleted)).containsExactly("3", "n3", "30");
      assertThat(deleted.hasAfter()).isFalse();
      assertThat(gtids(delete.getEvents(2))).containsExactly(Map.entry("-", p3));

      assertThat(s.poll(QUIET)).isNull();
      String p4 = env.fake.insert(ITEMS, item(5));
      VStreamResponse live = s.next();
      assertThat(frame(live)).isEqualTo("BEGIN ROW VGTID COMMIT");
      assertThat(gtids(live.getEvents(2))).containsExactly(Map.entry("-", p4));
      s.cancel();
    }
  }

  @Test
  void transactionsOfTablesOutsideTheFilterAreEmptyTransactionsAndDdlIsOther() throws Exception {
    try (Env env = Env.items(false)) {
      String start = env.fake.position("-");
      env.fake.createTable(ServerTestSupport.idTable("other"));
      String p = env.fake.insert("other", Map.of("id", 1, "name", "x"));
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      assertThat(frame(s.next())).isEqualTo("VGTID OTHER"); // CREATE TABLE other: not selected
      VStreamResponse empty = s.next();
      assertThat(frame(empty)).isEqualTo("BEGIN VGTID COMMIT");
      assertThat(gtids(empty.getEvents(1))).containsExactly(Map.entry("-", p));
      s.cancel();
    }
  }

  @Test
  void aTransactionSpansSeveralResponsesWhenResponsesAreSmall() throws Exception {
    try (Env env = Env.items(false)) {
      String start = env.fake.position("-");
      env.fake.insertAll(ITEMS, List.of(item(1), item(2), item(3), item(4), item(5)));
      env.fake.insert(ITEMS, item(6));
      env.fake.vstream().maxEventsPerResponse(2);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      List<VStreamResponse> responses = s.next(5);
      assertThat(frames(responses)).containsExactly("BEGIN FIELD", "ROW VGTID", "COMMIT", "BEGIN ROW", "VGTID COMMIT");
      assertThat(VStreamTestSupport.afterIds(responses)).containsExactly("1", "2", "3", "4", "5", "6");
      assertThat(responses.get(1).getEvents(0).getRowEvent().getRowChangesCount()).isEqualTo(5);
      s.cancel();
    }
  }

  @Test
  void packedTransactionsShareAResponse() throws Exception {
    try (Env env = Env.items(false)) {
      String start = env.fake.position("-");
      insertItems(env.fake, 1, 3);
      env.fake.vstream().packTransactions(true);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      assertThat(frame(s.next()))
          .isEqualTo("BEGIN FIELD ROW VGTID COMMIT BEGIN ROW VGTID COMMIT BEGIN ROW VGTID COMMIT");
      env.fake.vstream().packTransactions(false).maxEventsPerResponse(3);
      insertItems(env.fake, 4, 4);
      assertThat(frames(s.next(2))).containsExactly("BEGIN ROW VGTID", "COMMIT");
      s.cancel();
    }
  }

  @Test
  void everyVgtidCarriesEveryShardOfTheCall() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      long low = idOn(env.fake, "-80");
      long high = idOn(env.fake, "80-");
      String lowStart = env.fake.position("-80");
      String highStart = env.fake.position("80-");
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.allTables(env.fake, "", "-80", "80-")
          .setVgtid(io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid.newBuilder()
              .addShardGtids(shardGtid(env.fake, "-80", lowStart))
              .addShardGtids(shardGtid(env.fake, "80-", highStart))));
      assertThat(s.poll(QUIET)).isNull();

      String lowPos = env.fake.insert(ITEMS, item(low));
      VStreamResponse first = s.next();
      assertThat(first.getEvents(0).getShard()).isEqualTo("-80");
      assertThat(gtids(vgtid(first))).containsExactly(Map.entry("-80", lowPos), Map.entry("80-", highStart));
      assertThat(vgtid(first).getVgtid().getShardGtids(1).getKeyspace()).isEqualTo(env.fake.keyspace());

      String highPos = env.fake.insert(ITEMS, item(high));
      VStreamResponse second = s.next();
      assertThat(frame(second)).as("FIELD again: each shard's streamer sends its own")
          .isEqualTo("BEGIN FIELD ROW VGTID COMMIT");
      assertThat(second.getEvents(2).getRowEvent().getShard()).isEqualTo("80-");
      assertThat(gtids(vgtid(second))).containsExactly(Map.entry("-80", lowPos), Map.entry("80-", highPos));
      s.cancel();
    }
  }

  @Test
  void excludeKeyspaceFromTableNameSendsBareTableNames() throws Exception {
    try (Env env = Env.items(false)) {
      String start = env.fake.position("-");
      env.fake.insert(ITEMS, item(1));
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start)
          .setFlags(VStreamFlags.newBuilder().setExcludeKeyspaceFromTableName(true)));
      VStreamResponse r = s.next();
      assertThat(r.getEvents(1).getFieldEvent().getTableName()).isEqualTo(ITEMS);
      assertThat(r.getEvents(2).getRowEvent().getTableName()).isEqualTo(ITEMS);
      s.cancel();
    }
  }

  @Test
  void manyTransactionsArriveInCommitOrder() throws Exception {
    try (Env env = Env.items(false)) {
      String start = env.fake.position("-");
      List<java.util.Map<String, ?>> rows = new ArrayList<>();
      for (long id = 1; id <= 1000; id++) {
        rows.add(item(id));
      }
      for (int from = 0; from < rows.size(); from += 10) {
        env.fake.insertAll(ITEMS, rows.subList(from, from + 10));
      }
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      List<VStreamResponse> all = s.next(100);
      assertThat(VStreamTestSupport.afterIds(all)).hasSize(1000).startsWith("1", "2").endsWith("1000");
      assertThat(VStreamTestSupport.ofType(all, VEventType.COMMIT)).hasSize(100);
      assertThat(s.poll(QUIET)).isNull();
      s.cancel();
    }
  }

  static long idOn(FakePlanetScale fake, String shard) {
    for (long id = 1; ; id++) {
      if (fake.shardOf(ITEMS, id).equals(shard)) {
        return id;
      }
    }
  }

  static io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid shardGtid(FakePlanetScale fake, String shard,
      String gtid) {
    return io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid.newBuilder().setKeyspace(fake.keyspace())
        .setShard(shard).setGtid(gtid).build();
  }

  static VEvent vgtid(VStreamResponse r) {
    for (VEvent e : r.getEventsList()) {
      if (e.getType() == VEventType.VGTID) {
        return e;
      }
    }
    throw new AssertionError("no VGTID in " + frame(r));
  }
}
