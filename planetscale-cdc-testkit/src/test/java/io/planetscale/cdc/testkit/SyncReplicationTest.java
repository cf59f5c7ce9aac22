package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.SyncTestSupport.ITEMS;
import static io.planetscale.cdc.testkit.SyncTestSupport.hasRows;
import static io.planetscale.cdc.testkit.SyncTestSupport.insertItems;
import static io.planetscale.cdc.testkit.SyncTestSupport.item;
import static io.planetscale.cdc.testkit.SyncTestSupport.itemText;
import static io.planetscale.cdc.testkit.SyncTestSupport.names;
import static io.planetscale.cdc.testkit.SyncTestSupport.resultIds;
import static io.planetscale.cdc.testkit.SyncTestSupport.resultRowCount;
import static io.planetscale.cdc.testkit.SyncTestSupport.resultRows;
import static io.planetscale.cdc.testkit.SyncTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.testkit.SyncTestSupport.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replication from a position, include flags, projection, and how long a stream stays open. */
class SyncReplicationTest {
  private static final Duration QUIET = Duration.ofMillis(300);

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void streamsEveryLaterTransactionInOrderWithItsPosition(boolean tls) throws Exception {
    try (Env env = Env.items(1000, tls)) {
      insertItems(env.fake, 1, 3);
      String start = env.fake.position("-");
      String p1 = env.fake.insert(ITEMS, item(4));
      String p2 = env.fake.update(ITEMS, 2, Map.of("name", "two", "qty", 22));
      String p3 = env.fake.delete(ITEMS, 3);
      String p4 = env.fake.insert(ITEMS, item(5));

      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", start));
      SyncResponse insert = s.next();
      assertThat(resultRows(insert)).containsExactly(itemText(4));
      assertThat(insert.getResult(0).getFieldsList()).isEqualTo(env.fake.table(ITEMS).fields);
      assertThat(insert.getUpdatesCount() + insert.getDeletesCount()).isZero();
      assertThat(insert.getCursor().getPosition()).isEqualTo(p1);
      assertThat(insert.getCursor().getShard()).isEqualTo("-");
      assertThat(insert.getCursor().getKeyspace()).isEqualTo(env.fake.keyspace());
      assertThat(insert.getCursor().hasLastKnownPk()).isFalse();

      SyncResponse update = s.next();
      assertThat(update.getResultCount()).isZero();
      assertThat(update.getUpdatesCount()).isEqualTo(1);
      assertThat(text(update.getUpdates(0).getBefore())).containsExactly(itemText(2));
      assertThat(text(update.getUpdates(0).getAfter())).containsExactly(List.of("2", "two", "22"));
      assertThat(update.getCursor().getPosition()).isEqualTo(p2);

      SyncResponse delete = s.next();
      assertThat(delete.getResultCount()).isZero();
      assertThat(delete.getDeletesCount()).isEqualTo(1);
      assertThat(names(delete.getDeletes(0).getResult().getFieldsList())).containsExactly("id");
      assertThat(text(delete.getDeletes(0).getResult())).containsExactly(List.of("3"));
      assertThat(delete.getCursor().getPosition()).isEqualTo(p3);

      SyncResponse insert2 = s.next();
      assertThat(resultIds(insert2)).containsExactly(5L);
      assertThat(insert2.getCursor().getPosition()).isEqualTo(p4).isEqualTo(env.fake.position("-"));
      assertThat(s.poll(QUIET)).isNull();
      s.cancel();
    }
  }

  @Test
  void deletesOfACompositeKeyCarryOnlyTheKeyColumns() throws Exception {
    try (Env env = new Env(FakePlanetScale.builder())) {
      env.fake.createTable(SyncTestSupport.pairsSpec());
      env.fake.insert(SyncTestSupport.PAIRS, Map.of("a", 7, "b", "q", "v", "val"));
      String start = env.fake.position("-");
      String pos = env.fake.delete(SyncTestSupport.PAIRS, Map.of("a", 7, "b", "q"));
      RawSyncClient.Stream s = env.open(env.all(SyncTestSupport.PAIRS, "-", start));
      SyncResponse delete = s.next();
      assertThat(names(delete.getDeletes(0).getResult().getFieldsList())).containsExactly("a", "b");
      assertThat(text(delete.getDeletes(0).getResult())).containsExactly(List.of("7", "q"));
      assertThat(delete.getCursor().getPosition()).isEqualTo(pos);
      s.cancel();
    }
  }

  @Test
  void theEmptyGtidSetReplaysTheWholeBinlog() throws Exception {
    try (Env env = SyncTestSupport.Env.items(1000, false)) {
      SyncTestSupport.insertItems(env.fake, 1, 3);
      RawSyncClient.Stream s = env.open(env.all(SyncTestSupport.ITEMS, "-", "MySQL56/"));
      List<Long> ids = new java.util.ArrayList<>();
      while (ids.size() < 3) {
        ids.addAll(SyncTestSupport.resultIds(s.next()));
      }
      assertThat(ids).containsExactly(1L, 2L, 3L);
      s.cancel();
    }
  }

  @Test
  void liveChangesMadeWhileTheStreamWaitsAreDelivered() throws Exception {
    try (Env env = Env.items(1000, false)) {
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", env.fake.position("-")));
      assertThat(env.fake.awaitOpenStreams(1, RawSyncClient.WAIT)).isTrue();
      assertThat(s.poll(QUIET)).isNull();
      assertThat(env.fake.openStreams()).isEqualTo(1);

      String p1 = env.fake.insert(ITEMS, item(1));
      SyncResponse r1 = s.next();
      assertThat(resultIds(r1)).containsExactly(1L);
      assertThat(r1.getCursor().getPosition()).isEqualTo(p1);
      assertThat(s.poll(QUIET)).isNull();

      String p2 = env.fake.update(ITEMS, 1, Map.of("qty", 5));
      SyncResponse r2 = s.next();
      assertThat(text(r2.getUpdates(0).getAfter())).containsExactly(List.of("1", "n1", "5"));
      assertThat(r2.getCursor().getPosition()).isEqualTo(p2);
      assertThat(env.fake.openStreams()).isEqualTo(1);
      s.cancel();
      assertThat(env.fake.awaitOpenStreams(0, RawSyncClient.WAIT)).isTrue();
    }
  }

  @Test
  void severalStreamsOnTheSameTableEachGetEveryChange() throws Exception {
    try (Env env = Env.items(1000, false)) {
      String start = env.fake.position("-");
      RawSyncClient.Stream a = env.open(env.all(ITEMS, "-", start));
      RawSyncClient.Stream b = env.open(env.all(ITEMS, "-", "current"));
      assertThat(b.next().getCursor().getPosition()).isEqualTo(start);
      assertThat(env.fake.awaitOpenStreams(2, RawSyncClient.WAIT)).isTrue();
      String pos = env.fake.insert(ITEMS, item(9));
      for (RawSyncClient.Stream s : List.of(a, b)) {
        SyncResponse r = s.next();
        assertThat(resultIds(r)).containsExactly(9L);
        assertThat(r.getCursor().getPosition()).isEqualTo(pos);
      }
      a.cancel();
      assertThat(env.fake.awaitOpenStreams(1, RawSyncClient.WAIT)).isTrue();
      env.fake.delete(ITEMS, 9);
      assertThat(b.next().getDeletesCount()).isEqualTo(1);
      b.cancel();
    }
  }

  // ---- include flags ----

  @ParameterizedTest(name = "only {0}")
  @ValueSource(strings = {"inserts", "updates", "deletes"})
  void eachIncludeFlagIsHonouredIndependently(String only) throws Exception {
    try (Env env = Env.items(1000, false)) {
      insertItems(env.fake, 1, 2);
      String start = env.fake.position("-");
      String pInsert = env.fake.insert(ITEMS, item(3));
      String pUpdate = env.fake.update(ITEMS, 1, Map.of("name", "uno"));
      String pDelete = env.fake.delete(ITEMS, 2);
      SyncRequest.Builder request = RawSyncClient.request(env.fake, ITEMS, "-", start)
          .setIncludeInserts(only.equals("inserts")).setIncludeUpdates(only.equals("updates"))
          .setIncludeDeletes(only.equals("deletes"));
      RawSyncClient.Stream s = env.open(request);
      List<SyncResponse> got = s.until(r -> r.hasCursor() && r.getCursor().getPosition().equals(pDelete));

      int inserts = 0;
      int updates = 0;
      int deletes = 0;
      for (SyncResponse r : got) {
        inserts += resultRowCount(r);
        updates += r.getUpdatesCount();
        deletes += r.getDeletesCount();
      }
      assertThat(inserts).isEqualTo(only.equals("inserts") ? 1 : 0);
      assertThat(updates).isEqualTo(only.equals("updates") ? 1 : 0);
      assertThat(deletes).isEqualTo(only.equals("deletes") ? 1 : 0);

      // Transactions whose rows were filtered still move the position: the cursor reaches the end.
      SyncResponse last = got.get(got.size() - 1);
      assertThat(last.getCursor().getPosition()).isEqualTo(pDelete);
      String expectedRowsAt = switch (only) {
        case "inserts" -> pInsert;
        case "updates" -> pUpdate;
        default -> pDelete;
      };
      SyncResponse withRows = got.stream().filter(SyncTestSupport::hasRows).findFirst().orElseThrow();
      assertThat(withRows.getCursor().getPosition()).isEqualTo(expectedRowsAt);
      if (only.equals("updates")) {
        assertThat(text(withRows.getUpdates(0).getBefore())).containsExactly(itemText(1));
        assertThat(text(withRows.getUpdates(0).getAfter())).containsExactly(List.of("1", "uno", "10"));
      } else if (only.equals("inserts")) {
        assertThat(resultRows(withRows)).containsExactly(itemText(3));
      } else {
        assertThat(text(withRows.getDeletes(0).getResult())).containsExactly(List.of("2"));
      }
      if (!only.equals("deletes")) {
        assertThat(hasRows(last)).as("a cursor-only response for the filtered later transactions").isFalse();
      }
      assertThat(s.poll(QUIET)).isNull();
      s.cancel();
    }
  }

  @Test
  void onlyDeletesRequestedGivesACursorOnlyResponseForAFilteredInsert() throws Exception {
    try (Env env = Env.items(1000, false)) {
      RawSyncClient.Stream s = env.open(RawSyncClient.request(env.fake, ITEMS, "-", env.fake.position("-"))
          .setIncludeDeletes(true));
      assertThat(env.fake.awaitOpenStreams(1, RawSyncClient.WAIT)).isTrue();
      String pos = env.fake.insert(ITEMS, item(1));
      SyncResponse r = s.next();
      assertThat(hasRows(r)).isFalse();
      assertThat(r.getCursor().getPosition()).isEqualTo(pos);
      String pos2 = env.fake.update(ITEMS, 1, Map.of("qty", 3));
      SyncResponse r2 = s.next();
      assertThat(hasRows(r2)).isFalse();
      assertThat(r2.getCursor().getPosition()).isEqualTo(pos2);
      String pos3 = env.fake.delete(ITEMS, 1);
      SyncResponse r3 = s.next();
      assertThat(r3.getDeletesCount()).isEqualTo(1);
      assertThat(r3.getCursor().getPosition()).isEqualTo(pos3);
      s.cancel();
    }
  }

  @Test
  void withNoIncludeFlagsInsertsAndNewImagesComeInResultAndDeletesAreDropped() throws Exception {
    try (Env env = Env.items(1000, false)) {
      insertItems(env.fake, 1, 2);
      String start = env.fake.position("-");
      String pInsert = env.fake.insert(ITEMS, item(3));
      String pUpdate = env.fake.update(ITEMS, 1, Map.of("name", "uno"));
      String pDelete = env.fake.delete(ITEMS, 2);
      String pInsert2 = env.fake.insert(ITEMS, item(4));

      RawSyncClient.Stream s = env.open(RawSyncClient.request(env.fake, ITEMS, "-", start));
      SyncResponse insert = s.next();
      assertThat(resultRows(insert)).containsExactly(itemText(3));
      assertThat(insert.getCursor().getPosition()).isEqualTo(pInsert);

      SyncResponse update = s.next();
      assertThat(update.getUpdatesCount()).isZero();
      assertThat(resultRows(update)).containsExactly(List.of("1", "uno", "10"));
      assertThat(update.getCursor().getPosition()).isEqualTo(pUpdate);

      SyncResponse next = s.next();
      assertThat(next.getDeletesCount()).isZero();
      if (!hasRows(next)) { // the delete's position may be reported on its own
        assertThat(next.getCursor().getPosition()).isEqualTo(pDelete);
        next = s.next();
      }
      assertThat(resultRows(next)).containsExactly(itemText(4));
      assertThat(next.getCursor().getPosition()).isEqualTo(pInsert2);
      assertThat(s.poll(QUIET)).isNull();
      s.cancel();
    }
  }

  // ---- other tables, other shards, schema changes ----

  @Test
  void otherTablesLeakNoRowsButStillAdvanceThePosition() throws Exception {
    try (Env env = Env.items(1000, false)) {
      env.fake.createTable(TableSpec.builder("other").column("id", "bigint").primaryKey("id").build());
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", env.fake.position("-")));
      assertThat(env.fake.awaitOpenStreams(1, RawSyncClient.WAIT)).isTrue();
      String pos = env.fake.insert("other", Map.of("id", 1));
      SyncResponse r = s.next();
      assertThat(hasRows(r)).isFalse();
      assertThat(r.getCursor().getPosition()).isEqualTo(pos);
      assertThat(r.getCursor().hasLastKnownPk()).isFalse();

      String mine = env.fake.insert(ITEMS, item(1));
      SyncResponse r2 = s.next();
      assertThat(resultIds(r2)).containsExactly(1L);
      assertThat(r2.getCursor().getPosition()).isEqualTo(mine);
      s.cancel();
    }
  }

  @Test
  void aBacklogOfOtherTablesTransactionsEndsInOneCursorAtTheLatestPosition() throws Exception {
    try (Env env = Env.items(1000, false)) {
      env.fake.createTable(TableSpec.builder("other").column("id", "bigint").primaryKey("id").build());
      String start = env.fake.position("-");
      String last = null;
      for (int i = 1; i <= 5; i++) {
        last = env.fake.insert("other", Map.of("id", i));
      }
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", start));
      List<SyncResponse> got = s.until(r -> true);
      SyncResponse r = got.get(0);
      assertThat(hasRows(r)).isFalse();
      assertThat(r.getCursor().getPosition()).isEqualTo(last);
      assertThat(s.poll(QUIET)).isNull();
      s.cancel();
    }
  }

  @Test
  void aSchemaChangeAdvancesThePositionWithoutRows() throws Exception {
    try (Env env = Env.items(1000, false)) {
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", env.fake.position("-")));
      assertThat(env.fake.awaitOpenStreams(1, RawSyncClient.WAIT)).isTrue();
      env.fake.createTable(TableSpec.builder("later").column("id", "bigint").primaryKey("id").build());
      SyncResponse r = s.next();
      assertThat(hasRows(r)).isFalse();
      assertThat(r.getCursor().getPosition()).isEqualTo(env.fake.position("-"));
      s.cancel();
    }
  }

  @Test
  void otherShardsTransactionsDoNotReachThisShardsStream() throws Exception {
    try (Env env = new Env(FakePlanetScale.builder().shards("-80", "80-"))) {
      env.fake.createTable(SyncTestSupport.itemsSpec());
      long otherId = 1;
      while (!env.fake.shardOf(ITEMS, otherId).equals("80-")) {
        otherId++;
      }
      long mineId = 1;
      while (!env.fake.shardOf(ITEMS, mineId).equals("-80")) {
        mineId++;
      }
      String before = env.fake.position("-80");
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-80", before));
      assertThat(env.fake.awaitOpenStreams(1, RawSyncClient.WAIT)).isTrue();
      env.fake.insert(ITEMS, item(otherId));
      assertThat(s.poll(QUIET)).isNull();
      assertThat(env.fake.position("-80")).isEqualTo(before);

      String pos = env.fake.insert(ITEMS, item(mineId));
      SyncResponse r = s.next();
      assertThat(resultIds(r)).containsExactly(mineId);
      assertThat(r.getCursor().getPosition()).isEqualTo(pos);
      assertThat(r.getCursor().getShard()).isEqualTo("-80");
      s.cancel();
    }
  }

  @Test
  void aBulkInsertArrivesSplitWithTheCursorOnlyOnTheLastResponse() throws Exception {
    try (Env env = Env.items(3, false)) {
      String start = env.fake.position("-");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long id = 1; id <= 7; id++) {
        rows.add(item(id));
      }
      env.fake.insertAll(ITEMS, rows);
      String end = env.fake.position("-");
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", start));
      List<SyncResponse> got = s.until(SyncResponse::hasCursor);
      assertThat(got).hasSize(3);
      assertThat(got.get(0).hasCursor()).isFalse();
      assertThat(got.get(1).hasCursor()).isFalse();
      assertThat(got.stream().map(SyncTestSupport::resultRowCount).toList()).containsExactly(3, 3, 1);
      assertThat(resultIds(got)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
      assertThat(got.get(2).getCursor().getPosition()).isEqualTo(end);
      assertThat(s.poll(QUIET)).isNull();
      s.cancel();
    }
  }

  @Test
  void aBulkInsertOverTwoShardsIsOneTransactionPerShard() throws Exception {
    try (Env env = new Env(FakePlanetScale.builder().shards("-80", "80-"))) {
      env.fake.createTable(SyncTestSupport.itemsSpec());
      String start = env.fake.position("80-");
      List<Map<String, Object>> rows = new ArrayList<>();
      List<Long> mine = new ArrayList<>();
      for (long id = 1; id <= 30; id++) {
        rows.add(item(id));
        if (env.fake.shardOf(ITEMS, id).equals("80-")) {
          mine.add(id);
        }
      }
      env.fake.insertAll(ITEMS, rows);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "80-", start));
      SyncResponse r = s.next();
      assertThat(resultIds(r)).containsExactlyElementsOf(mine);
      assertThat(r.getCursor().getPosition()).isEqualTo(env.fake.position("80-"));
      assertThat(s.poll(QUIET)).isNull();
      s.cancel();
    }
  }

  @Test
  void aBacklogLongerThanOneScanArrivesCompleteAndInOrder() throws Exception {
    try (Env env = Env.items(1000, false)) {
      env.fake.createTable(TableSpec.builder("other").column("id", "bigint").primaryKey("id").build());
      String start = env.fake.position("-");
      List<String> expectedPositions = new ArrayList<>();
      for (long id = 1; id <= 2500; id++) {
        expectedPositions.add(env.fake.insert(ITEMS, item(id)));
        if (id % 500 == 0) {
          env.fake.insert("other", Map.of("id", id));
        }
      }
      String end = env.fake.insert("other", Map.of("id", 0));
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", start));
      List<SyncResponse> got = s.until(r -> r.getCursor().getPosition().equals(end));
      List<Long> ids = resultIds(got);
      assertThat(ids).hasSize(2500).isSorted().doesNotHaveDuplicates();
      List<String> rowPositions = new ArrayList<>();
      for (SyncResponse r : got) {
        if (hasRows(r)) {
          rowPositions.add(r.getCursor().getPosition());
        }
      }
      assertThat(rowPositions).isEqualTo(expectedPositions);
      assertThat(s.poll(QUIET)).isNull();
      s.cancel();
    }
  }

  // ---- how calls end ----

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void aClientDeadlineEndsTheCallOnBothSides(boolean tls) throws Exception {
    try (Env env = Env.items(1000, tls)) {
      RawSyncClient.Stream s = env.client.open(env.all(ITEMS, "-", "current").build(), Duration.ofMillis(500));
      assertThat(s.next().hasCursor()).isTrue();
      Status status = s.error();
      assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(env.fake.awaitOpenStreams(0, Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void aClientDeadlineDuringTheCopyEndsTheServerStream() throws Exception {
    try (Env env = Env.items(1, false)) {
      insertItems(env.fake, 1, 3);
      env.fake.faults().delayResponses(Duration.ofMillis(400));
      RawSyncClient.Stream s = env.client.open(env.all(ITEMS, "-", "").build(), Duration.ofMillis(500));
      assertThat(s.error().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(env.fake.awaitOpenStreams(0, Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void cancellingEndsTheServerStream() throws Exception {
    try (Env env = Env.items(1000, false)) {
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      s.next();
      assertThat(env.fake.openStreams()).isEqualTo(1);
      s.cancel();
      assertThat(env.fake.awaitOpenStreams(0, Duration.ofSeconds(10))).isTrue();
      Object end = s.poll(RawSyncClient.WAIT);
      assertThat(end).isInstanceOf(StatusRuntimeException.class);
      assertThat(((StatusRuntimeException) end).getStatus().getCode()).isEqualTo(Status.Code.CANCELLED);
      // Changes after the cancel are not sent anywhere and do not disturb the fake.
      env.fake.insert(ITEMS, item(1));
      assertThat(env.fake.openStreams()).isZero();
    }
  }

  @Test
  void closingTheFakeEndsOpenStreams() throws Exception {
    // Closed once, explicitly: FakePlanetScale.close() with a call open currently takes its full 5 s
    // termination timeout, and again on every further close().
    FakePlanetScale fake = FakePlanetScale.builder().build().start();
    try (RawSyncClient client = new RawSyncClient(fake)) {
      fake.createTable(SyncTestSupport.itemsSpec());
      RawSyncClient.Stream s = client.open(SyncTestSupport.all(fake, ITEMS, "-", "current").build());
      s.next();
      assertThat(fake.openStreams()).isEqualTo(1);
      fake.close();
      assertThat(s.error().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
      assertThat(fake.awaitOpenStreams(0, RawSyncClient.WAIT)).isTrue();
    }
  }

  // ---- columns ----

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void columnsProjectCopyInsertsAndUpdatesButDeletesKeepTheKey(boolean tls) throws Exception {
    try (Env env = Env.items(1000, tls)) {
      insertItems(env.fake, 1, 2);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "").addColumns("qty").addColumns("id"));
      List<SyncResponse> copy = s.until(SyncTestSupport::copyDone);
      SyncResponse batch = copy.get(0);
      assertThat(names(batch.getResult(0).getFieldsList())).containsExactly("qty", "id");
      assertThat(batch.getResult(0).getFields(0)).isEqualTo(env.fake.table(ITEMS).fields.get(2));
      assertThat(batch.getResult(0).getFields(1)).isEqualTo(env.fake.table(ITEMS).fields.get(0));
      assertThat(resultRows(batch)).containsExactly(List.of("10", "1"), List.of("20", "2"));
      assertThat(names(batch.getCursor().getLastKnownPk().getFieldsList())).containsExactly("id");

      env.fake.insert(ITEMS, item(3));
      SyncResponse insert = s.next();
      assertThat(names(insert.getResult(0).getFieldsList())).containsExactly("qty", "id");
      assertThat(resultRows(insert)).containsExactly(List.of("30", "3"));

      env.fake.update(ITEMS, 1, Map.of("qty", 11, "name", "x"));
      SyncResponse update = s.next();
      assertThat(names(update.getUpdates(0).getBefore().getFieldsList())).containsExactly("qty", "id");
      assertThat(names(update.getUpdates(0).getAfter().getFieldsList())).containsExactly("qty", "id");
      assertThat(text(update.getUpdates(0).getBefore())).containsExactly(List.of("10", "1"));
      assertThat(text(update.getUpdates(0).getAfter())).containsExactly(List.of("11", "1"));

      env.fake.delete(ITEMS, 2);
      SyncResponse delete = s.next();
      assertThat(names(delete.getDeletes(0).getResult().getFieldsList())).containsExactly("id");
      assertThat(text(delete.getDeletes(0).getResult())).containsExactly(List.of("2"));
      s.cancel();
    }
  }

  @Test
  void columnsWithoutTheKeyStillResumeWithTheKey() throws Exception {
    try (Env env = Env.items(1, false)) {
      insertItems(env.fake, 1, 3);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "").addColumns("name"));
      SyncResponse first = s.next();
      assertThat(resultRows(first)).containsExactly(List.of("n1"));
      assertThat(text(first.getCursor().getLastKnownPk())).containsExactly(List.of("1"));
      s.cancel();
      RawSyncClient.Stream resumed = env.open(env.all(ITEMS, "-", "").addColumns("name")
          .setCursor(first.getCursor().toBuilder().setPosition("")));
      List<SyncResponse> rest = resumed.until(SyncTestSupport::copyDone);
      List<List<String>> rows = new ArrayList<>();
      rest.forEach(r -> rows.addAll(resultRows(r)));
      assertThat(rows).containsExactly(List.of("n2"), List.of("n3"));
      resumed.cancel();
    }
  }

  @Test
  void nullValuesStreamAsNull() throws Exception {
    try (Env env = Env.items(1000, false)) {
      String start = env.fake.position("-");
      env.fake.insert(ITEMS, Map.of("id", 1));
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", start));
      SyncResponse r = s.next();
      assertThat(resultRows(r)).containsExactly(java.util.Arrays.asList("1", null, null));
      assertThat(r.getResult(0).getRows(0).getLengthsList()).containsExactly(1L, -1L, -1L);
      s.cancel();
    }
  }
}
