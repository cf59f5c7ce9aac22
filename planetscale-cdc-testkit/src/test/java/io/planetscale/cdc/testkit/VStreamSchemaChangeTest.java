package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.SyncTestSupport.insertItems;
import static io.planetscale.cdc.testkit.SyncTestSupport.item;
import static io.planetscale.cdc.testkit.VStreamTestSupport.ITEMS;
import static io.planetscale.cdc.testkit.VStreamTestSupport.after;
import static io.planetscale.cdc.testkit.VStreamTestSupport.before;
import static io.planetscale.cdc.testkit.VStreamTestSupport.frame;
import static io.planetscale.cdc.testkit.VStreamTestSupport.gtids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.planetscale.cdc.testkit.VStreamTestSupport.Env;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Filter;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Rule;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DDL mid-stream (VStream, Sync, discovery) and vtgate's heartbeats. */
class VStreamSchemaChangeTest {
  private static final ColumnSpec NOTE = new ColumnSpec("note", "varchar(10)", true);

  @Test
  void addAndDropColumnSendDdlThenANewFieldBeforeTheTablesNextRow() throws Exception {
    try (Env env = Env.items(false)) {
      insertItems(env.fake, 1, 2);
      String start = env.fake.position("-");
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      env.fake.insert(ITEMS, item(3));
      assertThat(frame(s.next())).isEqualTo("BEGIN FIELD ROW VGTID COMMIT");

      env.fake.addColumn(ITEMS, NOTE);
      VStreamResponse ddl = s.next();
      assertThat(frame(ddl)).isEqualTo("VGTID DDL");
      assertThat(ddl.getEvents(1).getStatement()).isEqualTo("ALTER TABLE `items` ADD COLUMN `note` varchar(10)");
      assertThat(gtids(ddl.getEvents(0))).containsExactly(Map.entry("-", env.fake.position("-")));
      assertThat(ddl.getEvents(1).getTimestamp()).isPositive();

      env.fake.update(ITEMS, 1, Map.of("note", "hi"));
      VStreamResponse update = s.next();
      assertThat(frame(update)).isEqualTo("BEGIN FIELD ROW VGTID COMMIT");
      assertThat(SyncTestSupport.names(update.getEvents(1).getFieldEvent().getFieldsList()))
          .containsExactly("id", "name", "qty", "note");
      assertThat(before(update.getEvents(2).getRowEvent().getRowChanges(0))).containsExactly("1", "n1", "10", null);
      assertThat(after(update.getEvents(2).getRowEvent().getRowChanges(0))).containsExactly("1", "n1", "10", "hi");

      env.fake.dropColumn(ITEMS, "qty");
      assertThat(s.next().getEvents(1).getStatement()).isEqualTo("ALTER TABLE `items` DROP COLUMN `qty`");
      env.fake.insert(ITEMS, Map.of("id", 9, "name", "n9", "note", "x"));
      VStreamResponse insert = s.next();
      assertThat(SyncTestSupport.names(insert.getEvents(1).getFieldEvent().getFieldsList()))
          .containsExactly("id", "name", "note");
      assertThat(after(insert.getEvents(2).getRowEvent().getRowChanges(0))).containsExactly("9", "n9", "x");
      s.cancel();
    }
  }

  @Test
  void aDdlRunsOnEveryShardAndOldRowsHoldNull() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      insertItems(env.fake, 1, 10);
      Map<String, Long> before = ServerTestSupport.seqs(env.fake);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.allTables(env.fake, "", "-80", "80-")
          .setVgtid(io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid.newBuilder()
              .addShardGtids(VStreamReplicationTest.shardGtid(env.fake, "-80", env.fake.position("-80")))
              .addShardGtids(VStreamReplicationTest.shardGtid(env.fake, "80-", env.fake.position("80-")))));
      env.fake.addColumn(ITEMS, NOTE);
      assertThat(ServerTestSupport.seqs(env.fake)).containsExactly(Map.entry("-80", before.get("-80") + 1),
          Map.entry("80-", before.get("80-") + 1));
      List<VStreamResponse> ddls = s.next(2);
      assertThat(frame(ddls.get(0))).isEqualTo("VGTID DDL");
      assertThat(frame(ddls.get(1))).isEqualTo("VGTID DDL");
      assertThat(ddls.get(0).getEvents(1).getShard()).isEqualTo("-80");
      assertThat(ddls.get(1).getEvents(1).getShard()).isEqualTo("80-");
      s.cancel();

      RawVStreamClient.Stream copy = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-80", ""));
      List<VStreamResponse> copied = copy.until(VStreamTestSupport.GLOBAL_COPY_COMPLETED);
      assertThat(VStreamTestSupport.changes(copied)).isNotEmpty().allSatisfy(c -> assertThat(after(c)).hasSize(4)
          .last().isNull());
      copy.cancel();
    }
  }

  @Test
  void droppingAColumnTheFilterNamesFailsAtTheTablesNextRow() throws Exception {
    try (Env env = Env.items(false)) {
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", env.fake.position("-"))
          .setFilter(Filter.newBuilder().addRules(Rule.newBuilder().setMatch(ITEMS)
              .setFilter("SELECT `id`,`qty` FROM `items`"))));
      env.fake.insert(ITEMS, item(1));
      VStreamResponse first = s.next();
      assertThat(SyncTestSupport.names(first.getEvents(1).getFieldEvent().getFieldsList())).containsExactly("id", "qty");
      env.fake.dropColumn(ITEMS, "qty");
      assertThat(frame(s.next())).isEqualTo("VGTID DDL");
      env.fake.insert(ITEMS, Map.of("id", 2, "name", "n2"));
      Status error = s.error();
      assertThat(error.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(error.getDescription()).contains("column qty not found in table items")
          .contains("failed to build table replication plan for table items");
    }
  }

  @Test
  void syncAndDiscoverySeeTheNewColumns() throws Exception {
    try (Env env = Env.items(false);
        RawSyncClient sync = new RawSyncClient(env.fake)) {
      insertItems(env.fake, 1, 1);
      String start = env.fake.position("-");
      RawSyncClient.Stream s = sync.open(SyncTestSupport.all(env.fake, ITEMS, "-", start).build());
      env.fake.insert(ITEMS, item(2));
      assertThat(SyncTestSupport.names(s.next().getResult(0).getFieldsList())).containsExactly("id", "name", "qty");
      env.fake.addColumn(ITEMS, NOTE);
      assertThat(s.next().hasCursor()).as("the DDL moves the position").isTrue();
      env.fake.insert(ITEMS, Map.of("id", 3, "note", "n"));
      SyncResponse after = s.next();
      assertThat(SyncTestSupport.names(after.getResult(0).getFieldsList())).containsExactly("id", "name", "qty", "note");
      assertThat(SyncTestSupport.resultRows(after)).containsExactly(Arrays.asList("3", null, null, "n"));
      s.cancel();

      assertThat(env.fake.mysqlAccess().tableSchema(env.fake.source(), ITEMS, false)).containsOnlyKeys("id", "name",
          "qty", "note");
      RawSyncClient.Stream narrow = sync.open(SyncTestSupport.all(env.fake, ITEMS, "-", env.fake.position("-"))
          .addColumns("id").addColumns("name").build());
      env.fake.insert(ITEMS, item(4));
      assertThat(SyncTestSupport.resultRows(narrow.next())).containsExactly(List.of("4", "n4")); // it is streaming
      env.fake.dropColumn(ITEMS, "name");
      assertThat(env.fake.mysqlAccess().tableSchema(env.fake.source(), ITEMS, false)).containsOnlyKeys("id", "qty",
          "note");
      Status error = narrow.error();
      assertThat(error.getCode()).as("a Sync whose columns a DDL dropped").isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(error.getDescription()).contains("failed to build table replication plan");
      Status atStart = sync.open(SyncTestSupport.all(env.fake, ITEMS, "-", "").addColumns("name").build()).error();
      assertThat(atStart.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
  }

  @Test
  void badSchemaChangesAreRejected() {
    try (FakePlanetScale fake = FakePlanetScale.builder().build().start()) {
      fake.createTable(SyncTestSupport.itemsSpec());
      String before = fake.position("-");
      assertThatThrownBy(() -> fake.addColumn(ITEMS, new ColumnSpec("name", "int", true)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has a column \"name\"");
      assertThatThrownBy(() -> fake.addColumn(ITEMS, new ColumnSpec("x", "int", false)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be nullable");
      assertThatThrownBy(() -> fake.addColumn("nope", NOTE))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"nope\" does not exist");
      assertThatThrownBy(() -> fake.dropColumn(ITEMS, "id"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primary key");
      assertThatThrownBy(() -> fake.dropColumn(ITEMS, "zzz"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no column \"zzz\"");
      assertThat(fake.position("-")).as("nothing was committed").isEqualTo(before);
    }
  }

  @Test
  void heartbeatsComeWhenNothingElseWasSentForTheInterval() throws Exception {
    try (Env env = Env.items(false)) {
      env.fake.vstream().heartbeatInterval(Duration.ofMillis(50));
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", "current")
          .setFlags(VStreamFlags.newBuilder().setHeartbeatInterval(1)));
      assertThat(frame(s.next())).isEqualTo("VGTID OTHER");
      long before = System.currentTimeMillis();
      VStreamResponse beat = s.next();
      assertThat(frame(beat)).isEqualTo("HEARTBEAT");
      VEvent e = beat.getEvents(0);
      assertThat(e.getKeyspace()).isEmpty();
      assertThat(e.getShard()).isEmpty();
      assertThat(e.getTimestamp()).isBetween(before / 1000, System.currentTimeMillis() / 1000);
      assertThat(e.getCurrentTime() / 1_000_000).isBetween(before - 1000, System.currentTimeMillis());
      env.fake.insert(ITEMS, item(1));
      List<VStreamResponse> upToCommit = s.until(VStreamTestSupport.COMMITS);
      assertThat(frame(upToCommit.get(upToCommit.size() - 1))).isEqualTo("BEGIN FIELD ROW VGTID COMMIT");
      assertThat(frame(s.next())).as("idle again after the transaction").isEqualTo("HEARTBEAT");
      s.cancel();

      RawVStreamClient.Stream quiet = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", "current"));
      assertThat(frame(quiet.next())).isEqualTo("VGTID OTHER");
      assertThat(quiet.poll(Duration.ofMillis(300))).as("no heartbeats unless asked for").isNull();
      quiet.cancel();
    }
  }
}
