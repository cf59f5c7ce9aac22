package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.SyncTestSupport.insertItems;
import static io.planetscale.cdc.testkit.SyncTestSupport.item;
import static io.planetscale.cdc.testkit.VStreamTestSupport.GLOBAL_COPY_COMPLETED;
import static io.planetscale.cdc.testkit.VStreamTestSupport.ITEMS;
import static io.planetscale.cdc.testkit.VStreamTestSupport.after;
import static io.planetscale.cdc.testkit.VStreamTestSupport.afterIds;
import static io.planetscale.cdc.testkit.VStreamTestSupport.before;
import static io.planetscale.cdc.testkit.VStreamTestSupport.changes;
import static io.planetscale.cdc.testkit.VStreamTestSupport.frame;
import static io.planetscale.cdc.testkit.VStreamTestSupport.frames;
import static io.planetscale.cdc.testkit.VStreamTestSupport.gtids;
import static io.planetscale.cdc.testkit.VStreamTestSupport.lastPkId;
import static io.planetscale.cdc.testkit.VStreamTestSupport.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.testkit.VStreamTestSupport.Env;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The VStream copy phase: framing, several tables and shards, resume, catch-up, then replication. */
class VStreamCopyTest {

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void copiesAShardInPrimaryKeyOrderWithVttabletsFraming(boolean tls) throws Exception {
    try (Env env = Env.items(tls)) {
      insertItems(env.fake, 1, 5);
      String snapshot = env.fake.position("-");
      String ks = env.fake.keyspace();
      env.fake.vstream().copyBatchRows(2);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", ""));
      List<VStreamResponse> copy = s.until(GLOBAL_COPY_COMPLETED);

      assertThat(frames(copy)).containsExactly("BEGIN FIELD", "VGTID", "ROW ROW VGTID COMMIT", "ROW ROW VGTID COMMIT",
          "ROW VGTID COMMIT", "BEGIN VGTID COMMIT", "COPY_COMPLETED COPY_COMPLETED");
      VEvent field = copy.get(0).getEvents(1);
      assertThat(field.getFieldEvent().getTableName()).isEqualTo(ks + ".items");
      assertThat(field.getFieldEvent().getFieldsList()).isEqualTo(env.fake.table(ITEMS).fields);
      assertThat(field.getFieldEvent().getEnumSetStringValues()).isTrue();
      VEvent snapshotVgtid = copy.get(1).getEvents(0);
      assertThat(gtids(snapshotVgtid)).containsExactly(Map.entry("-", snapshot));
      assertThat(snapshotVgtid.getVgtid().getShardGtids(0).getTablePKsCount()).isZero();

      assertThat(afterIds(copy)).containsExactly("1", "2", "3", "4", "5");
      for (RowChange c : changes(copy)) {
        assertThat(c.hasBefore()).as("copy rows are inserts").isFalse();
      }
      assertThat(ofType(copy, VEventType.ROW)).allSatisfy(e -> {
        assertThat(e.getRowEvent().getRowChangesCount()).isEqualTo(1);
        assertThat(e.getRowEvent().getTableName()).isEqualTo(ks + ".items");
      });
      assertThat(after(changes(copy).get(0))).containsExactly("1", "n1", "10");

      VEvent batchVgtid = copy.get(2).getEvents(2);
      ShardGtid entry = batchVgtid.getVgtid().getShardGtids(0);
      assertThat(entry.getGtid()).isEqualTo(snapshot);
      assertThat(entry.getTablePKsCount()).isEqualTo(1);
      TableLastPK lastpk = entry.getTablePKs(0);
      assertThat(lastpk.getTableName()).as("bare in table_p_ks").isEqualTo(ITEMS);
      assertThat(lastpk.getLastpk().getRowsCount()).isEqualTo(1);
      Field pkField = lastpk.getLastpk().getFields(0);
      assertThat(pkField.getName()).isEqualTo("id");
      assertThat(pkField.getType()).isEqualTo(env.fake.table(ITEMS).fields.get(0).getType());
      assertThat(pkField.getTable()).as("name, type, charset, flags only").isEmpty();
      assertThat(lastPkId(batchVgtid, ITEMS)).isEqualTo("2");
      assertThat(lastPkId(copy.get(3).getEvents(2), ITEMS)).isEqualTo("4");
      assertThat(lastPkId(copy.get(4).getEvents(1), ITEMS)).isEqualTo("5");
      VEvent done = copy.get(5).getEvents(1);
      assertThat(done.getVgtid().getShardGtids(0).getTablePKsCount()).as("t left table_p_ks").isZero();
      assertThat(gtids(done)).containsExactly(Map.entry("-", snapshot));

      VStreamResponse completed = copy.get(6);
      assertThat(completed.getEvents(0).getKeyspace()).isEqualTo(ks);
      assertThat(completed.getEvents(0).getShard()).isEqualTo("-");
      assertThat(completed.getEvents(1).getKeyspace()).isEmpty();
      assertThat(completed.getEvents(1).getShard()).isEmpty();
      for (VEvent e : VStreamTestSupport.events(copy)) {
        assertThat(e.getTimestamp()).as("copy events carry no timestamp").isZero();
      }

      String live = env.fake.insert(ITEMS, item(6));
      VStreamResponse next = s.next();
      assertThat(frame(next)).as("replication is a new streamer: FIELD again").isEqualTo("BEGIN FIELD ROW VGTID COMMIT");
      assertThat(gtids(next.getEvents(3))).containsExactly(Map.entry("-", live));
      assertThat(next.getEvents(3).getVgtid().getShardGtids(0).getTablePKsCount()).isZero();
      s.cancel();
    }
  }

  @Test
  void copiesEveryFilteredTableInNameOrderIncludingEmptyOnes() throws Exception {
    try (Env env = Env.items(false)) {
      env.fake.createTable(ServerTestSupport.idTable("b_table"));
      env.fake.createTable(ServerTestSupport.idTable("a_table"));
      env.fake.insert("b_table", Map.of("id", 1, "name", "b"));
      insertItems(env.fake, 1, 1);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.allTables(env.fake, "", "-"));
      List<VStreamResponse> copy = s.until(GLOBAL_COPY_COMPLETED);
      assertThat(frames(copy)).containsExactly(
          "BEGIN FIELD", "VGTID", "BEGIN VGTID COMMIT", // a_table: empty
          "BEGIN FIELD", "ROW VGTID COMMIT", "BEGIN VGTID COMMIT", // b_table: no new snapshot position, no VGTID
          "BEGIN FIELD", "ROW VGTID COMMIT", "BEGIN VGTID COMMIT", // items
          "COPY_COMPLETED COPY_COMPLETED");
      List<String> tables = new ArrayList<>();
      for (VEvent f : ofType(copy, VEventType.FIELD)) {
        tables.add(f.getFieldEvent().getTableName());
      }
      String ks = env.fake.keyspace();
      assertThat(tables).containsExactly(ks + ".a_table", ks + ".b_table", ks + ".items");
      s.cancel();
    }
  }

  @Test
  void twoShardsCopyInTurnAndTheLastAddsTheGlobalCopyCompleted() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      insertItems(env.fake, 1, 20);
      int low = countOn(env.fake, "-80", 20);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-80", "")
          .setVgtid(io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid.newBuilder()
              .addShardGtids(VStreamReplicationTest.shardGtid(env.fake, "-80", ""))
              .addShardGtids(VStreamReplicationTest.shardGtid(env.fake, "80-", ""))));
      List<VStreamResponse> copy = s.until(GLOBAL_COPY_COMPLETED);
      assertThat(frames(copy)).containsExactly(
          "BEGIN FIELD", "VGTID", rows(low) + "VGTID COMMIT", "BEGIN VGTID COMMIT",
          "BEGIN FIELD", "VGTID", rows(20 - low) + "VGTID COMMIT", "BEGIN VGTID COMMIT",
          "COPY_COMPLETED", "COPY_COMPLETED COPY_COMPLETED");
      assertThat(shardOf(copy.get(0))).isEqualTo("-80");
      assertThat(shardOf(copy.get(4))).isEqualTo("80-");
      assertThat(shardOf(copy.get(8))).isEqualTo("-80");
      assertThat(copy.get(9).getEvents(0).getShard()).isEqualTo("80-");
      assertThat(copy.get(9).getEvents(1).getShard()).isEmpty();
      // The whole VGTID: while -80 copies, 80- has no position yet.
      assertThat(gtids(copy.get(1).getEvents(0)))
          .containsExactly(Map.entry("-80", env.fake.position("-80")), Map.entry("80-", ""));
      VEvent last = ofType(copy, VEventType.VGTID).get(ofType(copy, VEventType.VGTID).size() - 1);
      assertThat(gtids(last))
          .containsExactly(Map.entry("-80", env.fake.position("-80")), Map.entry("80-", env.fake.position("80-")));
      assertThat(afterIds(copy)).hasSize(20).doesNotHaveDuplicates();

      long high = VStreamReplicationTest.idOn(env.fake, "80-") + 100;
      while (!env.fake.shardOf(ITEMS, high).equals("80-")) {
        high++;
      }
      String highPos = env.fake.insert(ITEMS, item(high));
      VStreamResponse live = s.next();
      assertThat(frame(live)).isEqualTo("BEGIN FIELD ROW VGTID COMMIT");
      assertThat(live.getEvents(2).getShard()).isEqualTo("80-");
      assertThat(gtids(live.getEvents(3)))
          .containsExactly(Map.entry("-80", env.fake.position("-80")), Map.entry("80-", highPos));
      s.cancel();
    }
  }

  @Test
  void resumesACopyFromTablePksWithoutAPosition() throws Exception {
    try (Env env = Env.items(false)) {
      insertItems(env.fake, 1, 6);
      RawVStreamClient.Stream s = env.client.open(resume(env.fake, "", "3"));
      List<VStreamResponse> copy = s.until(GLOBAL_COPY_COMPLETED);
      assertThat(frames(copy)).containsExactly("BEGIN FIELD", "VGTID", "ROW ROW ROW VGTID COMMIT",
          "BEGIN VGTID COMMIT", "COPY_COMPLETED COPY_COMPLETED");
      assertThat(afterIds(copy)).containsExactly("4", "5", "6");
      assertThat(lastPkId(copy.get(1).getEvents(0), ITEMS)).as("the request's table_p_ks until a batch").isEqualTo("3");
      assertThat(gtids(copy.get(1).getEvents(0))).containsExactly(Map.entry("-", env.fake.position("-")));
      s.cancel();
    }
  }

  @Test
  void resumesACopyFromTablePksAndAPositionCatchingUpCopiedRowsFirst() throws Exception {
    try (Env env = Env.items(false)) {
      insertItems(env.fake, 1, 6);
      String saved = env.fake.position("-");
      String p2 = env.fake.update(ITEMS, 2, Map.of("name", "two")); // copied (<= 3): streamed
      env.fake.update(ITEMS, 5, Map.of("name", "five")); // not copied yet: in the copy
      String p7 = env.fake.insert(ITEMS, item(7));
      RawVStreamClient.Stream s = env.client.open(resume(env.fake, saved, "3"));
      List<VStreamResponse> copy = s.until(GLOBAL_COPY_COMPLETED);
      assertThat(frames(copy)).containsExactly("BEGIN FIELD ROW VGTID COMMIT", "BEGIN VGTID COMMIT",
          "BEGIN VGTID COMMIT", "BEGIN FIELD", "ROW ROW ROW ROW VGTID COMMIT", "BEGIN VGTID COMMIT",
          "COPY_COMPLETED COPY_COMPLETED");
      RowChange caughtUp = copy.get(0).getEvents(2).getRowEvent().getRowChanges(0);
      assertThat(before(caughtUp)).containsExactly("2", "n2", "20");
      assertThat(after(caughtUp)).containsExactly("2", "two", "20");
      assertThat(copy.get(0).getEvents(0).getTimestamp()).as("caught up as replication").isPositive();
      assertThat(gtids(copy.get(0).getEvents(3))).containsExactly(Map.entry("-", p2));
      assertThat(lastPkId(copy.get(0).getEvents(3), ITEMS)).isEqualTo("3");
      List<RowChange> copied = changes(copy.subList(4, 5));
      assertThat(after(copied.get(1))).containsExactly("5", "five", "50");
      assertThat(afterIds(copy.subList(4, 5))).containsExactly("4", "5", "6", "7");
      assertThat(gtids(copy.get(5).getEvents(1))).containsExactly(Map.entry("-", p7));
      s.cancel();
    }
  }

  @Test
  void changesMadeDuringTheCopyAreCaughtUpBetweenBatchesOnlyForCopiedRows() throws Exception {
    try (Env env = Env.items(false)) {
      env.fake.createTable(ServerTestSupport.idTable("a_table"));
      env.fake.insert("a_table", Map.of("id", 1, "name", "a"));
      insertItems(env.fake, 1, 6);
      List<String> positions = new ArrayList<>();
      env.fake.vstream().copyBatchRows(2).beforeCopyBatch((shard, table, batches) -> {
        if (table.equals(ITEMS) && batches == 1) { // rows 1 and 2 are copied
          positions.add(env.fake.update(ITEMS, 1, Map.of("name", "one"))); // copied: streamed now
          positions.add(env.fake.update(ITEMS, 5, Map.of("name", "five"))); // not yet: in its batch
          positions.add(env.fake.delete(ITEMS, 6)); // not yet: simply never copied
          positions.add(env.fake.insert("a_table", Map.of("id", 2, "name", "b"))); // a finished table: streamed
        }
      });
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.allTables(env.fake, "", "-"));
      List<VStreamResponse> copy = s.until(GLOBAL_COPY_COMPLETED);
      assertThat(frames(copy)).containsExactly(
          "BEGIN FIELD", "VGTID", "ROW VGTID COMMIT", "BEGIN VGTID COMMIT", // a_table
          "BEGIN FIELD", "ROW ROW VGTID COMMIT", // items 1, 2
          "BEGIN FIELD ROW VGTID COMMIT", // catch-up: update of 1
          "BEGIN VGTID COMMIT", "BEGIN VGTID COMMIT", // update of 5, delete of 6: suppressed
          "BEGIN FIELD ROW VGTID COMMIT", // insert into a_table
          "ROW ROW VGTID COMMIT", "ROW VGTID COMMIT", // items 3, 4 then 5
          "BEGIN VGTID COMMIT", "COPY_COMPLETED COPY_COMPLETED");
      assertThat(after(copy.get(6).getEvents(2).getRowEvent().getRowChanges(0))).containsExactly("1", "one", "10");
      assertThat(gtids(copy.get(6).getEvents(3))).containsExactly(Map.entry("-", positions.get(0)));
      assertThat(lastPkId(copy.get(6).getEvents(3), ITEMS)).isEqualTo("2");
      assertThat(gtids(copy.get(9).getEvents(3))).containsExactly(Map.entry("-", positions.get(3)));
      assertThat(copy.get(9).getEvents(2).getRowEvent().getTableName()).endsWith(".a_table");
      assertThat(afterIds(copy.subList(10, 12))).containsExactly("3", "4", "5");
      assertThat(after(changes(copy.subList(11, 12)).get(0))).containsExactly("5", "five", "50");
      s.cancel();
    }
  }

  private static VStreamRequest resume(FakePlanetScale fake, String gtid, String lastId) {
    VStreamRequest.Builder r = RawVStreamClient.request(fake, ITEMS, "-", gtid);
    r.getVgtidBuilder().getShardGtidsBuilder(0).addTablePKs(TableLastPK.newBuilder().setTableName(ITEMS)
        .setLastpk(QueryResult.newBuilder().addFields(Field.newBuilder().setName("id"))
            .addRows(SyncTestSupport.row(List.of(lastId)))));
    return r.build();
  }

  private static int countOn(FakePlanetScale fake, String shard, long maxId) {
    int n = 0;
    for (long id = 1; id <= maxId; id++) {
      n += fake.shardOf(ITEMS, id).equals(shard) ? 1 : 0;
    }
    return n;
  }

  private static String rows(int n) {
    return "ROW ".repeat(n);
  }

  private static String shardOf(VStreamResponse r) {
    return r.getEvents(0).getShard();
  }
}
