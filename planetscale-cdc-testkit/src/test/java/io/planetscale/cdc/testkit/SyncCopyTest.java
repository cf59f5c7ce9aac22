package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.SyncTestSupport.ITEMS;
import static io.planetscale.cdc.testkit.SyncTestSupport.PAIRS;
import static io.planetscale.cdc.testkit.SyncTestSupport.copyDone;
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
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.testkit.SyncTestSupport.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The copy phase: {@code "current"}, full copy, resume with {@code last_known_pk}, snapshot isolation, volume. */
class SyncCopyTest {

  // ---- "current" ----

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void currentAnswersTheCurrentPositionWithoutRowsThenStreamsLaterChanges(boolean tls) throws Exception {
    try (Env env = Env.items(1000, tls)) {
      insertItems(env.fake, 1, 3);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      SyncResponse first = s.next();
      assertThat(first.getResultCount()).isZero();
      assertThat(first.getUpdatesCount()).isZero();
      assertThat(first.getDeletesCount()).isZero();
      assertThat(first.getCursor().getPosition()).isEqualTo(env.fake.position("-"));
      assertThat(first.getCursor().getShard()).isEqualTo("-");
      assertThat(first.getCursor().getKeyspace()).isEqualTo(env.fake.keyspace());
      assertThat(first.getCursor().hasLastKnownPk()).isFalse();

      String pos = env.fake.insert(ITEMS, item(4));
      SyncResponse insert = s.next();
      assertThat(resultRows(insert)).containsExactly(itemText(4));
      assertThat(insert.getCursor().getPosition()).isEqualTo(pos);
      s.cancel();
    }
  }

  @Test
  void currentOnAnEmptyTableStillAnswersThePosition() throws Exception {
    try (Env env = Env.items(1000, false)) {
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      SyncResponse first = s.next();
      assertThat(hasRows(first)).isFalse();
      assertThat(first.getCursor().getPosition()).isEqualTo(env.fake.position("-"));
      assertThat(s.poll(Duration.ofMillis(200))).isNull();
      s.cancel();
    }
  }

  // ---- full copy ----

  static Stream<Arguments> batches() {
    return Stream.of(
        Arguments.of(1, false, List.of(1, 1, 1, 1, 1, 1, 1)),
        Arguments.of(3, false, List.of(3, 3, 1)),
        Arguments.of(1000, false, List.of(7)),
        Arguments.of(3, true, List.of(3, 3, 1)),
        Arguments.of(7, false, List.of(7)));
  }

  @ParameterizedTest(name = "rowsPerResponse={0} tls={1}")
  @MethodSource("batches")
  void copySendsRowsInKeyOrderInBatchesThenTheSnapshotCursorThenChanges(int batch, boolean tls,
      List<Integer> expectedSizes) throws Exception {
    try (Env env = Env.items(batch, tls)) {
      for (long id : new long[] {5, 2, 7, 1, 6, 3, 4}) {
        env.fake.insert(ITEMS, item(id));
      }
      String snapshot = env.fake.position("-");
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", ""));
      List<SyncResponse> copy = s.until(SyncTestSupport::copyDone);

      List<SyncResponse> batches = copy.subList(0, copy.size() - 1);
      List<Integer> sizes = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      for (SyncResponse r : batches) {
        sizes.add(resultRowCount(r));
        List<List<String>> batchRows = resultRows(r);
        rows.addAll(batchRows);
        TableCursor c = r.getCursor();
        assertThat(c.getPosition()).isEqualTo(snapshot);
        assertThat(c.getShard()).isEqualTo("-");
        assertThat(c.getKeyspace()).isEqualTo(env.fake.keyspace());
        assertThat(c.hasLastKnownPk()).isTrue();
        assertThat(names(c.getLastKnownPk().getFieldsList())).containsExactly("id");
        assertThat(text(c.getLastKnownPk())).containsExactly(List.of(batchRows.get(batchRows.size() - 1).get(0)));
        assertThat(r.getResult(0).getFieldsList()).isEqualTo(env.fake.table(ITEMS).fields);
      }
      assertThat(sizes).isEqualTo(expectedSizes);
      assertThat(rows).containsExactly(itemText(1), itemText(2), itemText(3), itemText(4), itemText(5), itemText(6),
          itemText(7));

      SyncResponse last = copy.get(copy.size() - 1);
      assertThat(hasRows(last)).isFalse();
      assertThat(last.getCursor().getPosition()).isEqualTo(snapshot);
      assertThat(last.getCursor().getShard()).isEqualTo("-");

      String pos = env.fake.insert(ITEMS, item(8));
      SyncResponse next = s.next();
      assertThat(resultRows(next)).containsExactly(itemText(8));
      assertThat(next.getCursor().getPosition()).isEqualTo(pos);
      assertThat(next.getCursor().hasLastKnownPk()).isFalse();
      s.cancel();
    }
  }

  @Test
  void copyOrdersNumericKeysNumericallyNotAsText() throws Exception {
    try (Env env = Env.items(1000, false)) {
      for (long id : new long[] {100, 9, -5, 10, 0, 11}) {
        env.fake.insert(ITEMS, item(id));
      }
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", ""));
      assertThat(resultIds(s.until(SyncTestSupport::copyDone))).containsExactly(-5L, 0L, 9L, 10L, 11L, 100L);
      s.cancel();
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void copyOfAnEmptyTableIsJustTheFinalCursor(boolean tls) throws Exception {
    try (Env env = Env.items(3, tls)) {
      String snapshot = env.fake.position("-");
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", ""));
      SyncResponse only = s.next();
      assertThat(hasRows(only)).isFalse();
      assertThat(only.getCursor().hasLastKnownPk()).isFalse();
      assertThat(only.getCursor().getPosition()).isEqualTo(snapshot);

      env.fake.insert(ITEMS, item(1));
      assertThat(resultIds(s.next())).containsExactly(1L);
      s.cancel();
    }
  }

  @Test
  void compositeKeysCopyInKeyOrderAndLastKnownPkCarriesBothColumns() throws Exception {
    try (Env env = new Env(FakePlanetScale.builder().rowsPerResponse(2))) {
      env.fake.createTable(SyncTestSupport.pairsSpec());
      env.fake.insert(PAIRS, Map.of("a", 2, "b", "a", "v", "x1"));
      env.fake.insert(PAIRS, Map.of("a", 1, "b", "b", "v", "x2"));
      env.fake.insert(PAIRS, Map.of("a", 10, "b", "a", "v", "x3"));
      env.fake.insert(PAIRS, Map.of("a", 1, "b", "a", "v", "x4"));
      env.fake.insert(PAIRS, Map.of("a", 2, "b", "B", "v", "x5"));
      RawSyncClient.Stream s = env.open(env.all(PAIRS, "-", ""));
      List<SyncResponse> copy = s.until(SyncTestSupport::copyDone);
      assertThat(copy).hasSize(4);
      List<List<String>> rows = new ArrayList<>();
      for (SyncResponse r : copy) {
        rows.addAll(resultRows(r));
      }
      assertThat(rows).containsExactly(List.of("1", "a", "x4"), List.of("1", "b", "x2"), List.of("2", "B", "x5"),
          List.of("2", "a", "x1"), List.of("10", "a", "x3"));
      QueryResult pk = copy.get(0).getCursor().getLastKnownPk();
      assertThat(names(pk.getFieldsList())).containsExactly("a", "b");
      assertThat(text(pk)).containsExactly(List.of("1", "b"));
      assertThat(text(copy.get(1).getCursor().getLastKnownPk())).containsExactly(List.of("2", "a"));
      assertThat(text(copy.get(2).getCursor().getLastKnownPk())).containsExactly(List.of("10", "a"));
      s.cancel();
    }
  }

  @Test
  void eachShardCopiesOnlyItsOwnRowsAndItsOwnPosition() throws Exception {
    try (Env env = new Env(FakePlanetScale.builder().shards("-80", "80-"))) {
      env.fake.createTable(SyncTestSupport.itemsSpec());
      insertItems(env.fake, 1, 40);
      List<Long> all = new ArrayList<>();
      for (String shard : List.of("-80", "80-")) {
        RawSyncClient.Stream s = env.open(env.all(ITEMS, shard, ""));
        List<SyncResponse> copy = s.until(SyncTestSupport::copyDone);
        List<Long> ids = resultIds(copy);
        assertThat(ids).isNotEmpty().isSorted();
        for (long id : ids) {
          assertThat(env.fake.shardOf(ITEMS, id)).isEqualTo(shard);
        }
        assertThat(copy.get(copy.size() - 1).getCursor().getPosition()).isEqualTo(env.fake.position(shard));
        assertThat(copy.get(copy.size() - 1).getCursor().getShard()).isEqualTo(shard);
        all.addAll(ids);
        s.cancel();
      }
      assertThat(all).containsExactlyInAnyOrderElementsOf(
          java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
    }
  }

  // ---- resume with last_known_pk ----

  @Test
  void resumeWithLastKnownPkOnlySendsLaterRowsThenTheFinalCursorThenChanges() throws Exception {
    try (Env env = Env.items(2, false)) {
      insertItems(env.fake, 1, 7);
      RawSyncClient.Stream first = env.open(env.all(ITEMS, "-", ""));
      TableCursor afterSecondBatch = first.next().getCursor();
      afterSecondBatch = first.next().getCursor();
      first.cancel();
      assertThat(text(afterSecondBatch.getLastKnownPk())).containsExactly(List.of("4"));

      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "")
          .setCursor(afterSecondBatch.toBuilder().setPosition("")));
      List<SyncResponse> copy = s.until(SyncTestSupport::copyDone);
      assertThat(resultIds(copy)).containsExactly(5L, 6L, 7L);
      assertThat(copy).hasSize(3);
      assertThat(copy.get(2).getCursor().getPosition()).isEqualTo(env.fake.position("-"));

      String pos = env.fake.delete(ITEMS, 2);
      SyncResponse delete = s.next();
      assertThat(text(delete.getDeletes(0).getResult())).containsExactly(List.of("2"));
      assertThat(delete.getCursor().getPosition()).isEqualTo(pos);
      s.cancel();
    }
  }

  @Test
  void resumeWithAHandMadeLastKnownPkAndCompositeKey() throws Exception {
    try (Env env = new Env(FakePlanetScale.builder())) {
      env.fake.createTable(SyncTestSupport.pairsSpec());
      env.fake.insert(PAIRS, Map.of("a", 1, "b", "a", "v", "x"));
      env.fake.insert(PAIRS, Map.of("a", 1, "b", "c", "v", "y"));
      env.fake.insert(PAIRS, Map.of("a", 2, "b", "a", "v", "z"));
      RawSyncClient.Stream s = env.open(env.all(PAIRS, "-", "").setCursor(TableCursor.newBuilder()
          .setShard("-").setKeyspace(env.fake.keyspace())
          .setLastKnownPk(SyncTestSupport.lkpk(List.of("a", "b"), List.of("1", "b")))));
      List<SyncResponse> copy = s.until(SyncTestSupport::copyDone);
      List<List<String>> rows = new ArrayList<>();
      copy.forEach(r -> rows.addAll(resultRows(r)));
      assertThat(rows).containsExactly(List.of("1", "c", "y"), List.of("2", "a", "z"));
      s.cancel();
    }
  }

  @Test
  void resumeWithLastKnownPkBeyondTheLastRowIsJustTheFinalCursor() throws Exception {
    try (Env env = Env.items(2, false)) {
      insertItems(env.fake, 1, 3);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "").setCursor(TableCursor.newBuilder().setShard("-")
          .setLastKnownPk(SyncTestSupport.lkpk(List.of("id"), List.of("3")))));
      SyncResponse only = s.next();
      assertThat(hasRows(only)).isFalse();
      assertThat(copyDone(only)).isTrue();
      assertThat(only.getCursor().getPosition()).isEqualTo(env.fake.position("-"));
      s.cancel();
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void resumeWithLastKnownPkAndPositionCatchesUpCopiedRowsFirst(boolean tls) throws Exception {
    try (Env env = Env.items(3, tls)) {
      insertItems(env.fake, 1, 9);
      RawSyncClient.Stream first = env.open(env.all(ITEMS, "-", ""));
      TableCursor saved = first.next().getCursor(); // rows 1..3 copied
      first.cancel();
      assertThat(text(saved.getLastKnownPk())).containsExactly(List.of("3"));

      String p1 = env.fake.update(ITEMS, 2, Map.of("name", "two"));
      String p2 = env.fake.delete(ITEMS, 1);
      String p3 = env.fake.update(ITEMS, 5, Map.of("name", "five")); // not yet copied: comes in the copy
      String p4 = env.fake.insert(ITEMS, item(0));
      String p5 = env.fake.delete(ITEMS, 8); // not yet copied: simply absent from the copy
      String snapshot = env.fake.position("-");
      assertThat(p5).isEqualTo(snapshot);

      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "").setCursor(saved));
      SyncResponse update = s.next();
      assertThat(update.getUpdatesCount()).isEqualTo(1);
      assertThat(text(update.getUpdates(0).getBefore())).containsExactly(itemText(2));
      assertThat(text(update.getUpdates(0).getAfter())).containsExactly(List.of("2", "two", "20"));
      assertThat(update.getCursor().getPosition()).isEqualTo(p1);
      assertThat(text(update.getCursor().getLastKnownPk())).containsExactly(List.of("3"));

      SyncResponse delete = s.next();
      assertThat(text(delete.getDeletes(0).getResult())).containsExactly(List.of("1"));
      assertThat(delete.getCursor().getPosition()).isEqualTo(p2);
      assertThat(delete.getCursor().hasLastKnownPk()).isTrue();

      SyncResponse insert = s.next();
      assertThat(resultRows(insert)).containsExactly(itemText(0));
      assertThat(insert.getCursor().getPosition()).isEqualTo(p4);
      assertThat(insert.getCursor().hasLastKnownPk()).isTrue();

      List<SyncResponse> rest = s.until(SyncTestSupport::copyDone);
      List<List<String>> copied = new ArrayList<>();
      for (SyncResponse r : rest.subList(0, rest.size() - 1)) {
        copied.addAll(resultRows(r));
        assertThat(r.getCursor().getPosition()).isEqualTo(snapshot);
        assertThat(r.getUpdatesCount() + r.getDeletesCount()).isZero();
      }
      assertThat(copied).containsExactly(itemText(4), List.of("5", "five", "50"), itemText(6), itemText(7),
          itemText(9));
      assertThat(rest.get(rest.size() - 1).getCursor().getPosition()).isEqualTo(snapshot);
      assertThat(p3).isNotEqualTo(snapshot);

      String p6 = env.fake.update(ITEMS, 9, Map.of("qty", 1));
      SyncResponse live = s.next();
      assertThat(live.getUpdatesCount()).isEqualTo(1);
      assertThat(live.getCursor().getPosition()).isEqualTo(p6);
      s.cancel();
    }
  }

  @Test
  void catchUpLongerThanOneScanReplaysEveryChangeToCopiedRowsInOrder() throws Exception {
    try (Env env = Env.items(2, false)) {
      insertItems(env.fake, 1, 4);
      RawSyncClient.Stream first = env.open(env.all(ITEMS, "-", ""));
      TableCursor saved = first.next().getCursor(); // rows 1..2 copied
      first.cancel();
      List<String> positions = new ArrayList<>();
      for (int i = 1; i <= 1500; i++) {
        positions.add(env.fake.update(ITEMS, 1 + i % 2, Map.of("qty", i)));
        if (i % 300 == 0) {
          env.fake.update(ITEMS, 3, Map.of("qty", i)); // not copied yet: not replayed
        }
      }
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "").setCursor(saved));
      List<SyncResponse> got = s.until(SyncTestSupport::copyDone);
      List<SyncResponse> updates = got.stream().filter(r -> r.getUpdatesCount() > 0).toList();
      assertThat(updates).hasSize(1500);
      for (int i = 0; i < 1500; i++) {
        assertThat(updates.get(i).getCursor().getPosition()).isEqualTo(positions.get(i));
        assertThat(text(updates.get(i).getUpdates(0).getAfter()).get(0).get(2)).isEqualTo(String.valueOf(i + 1));
      }
      assertThat(resultIds(got)).containsExactly(3L, 4L);
      assertThat(resultRows(got.get(got.size() - 2))).containsExactly(List.of("3", "n3", "1500"), itemText(4));
      s.cancel();
    }
  }

  @Test
  void resumeWithPositionAndNoChangesSinceGoesStraightToTheRemainingRows() throws Exception {
    try (Env env = Env.items(2, false)) {
      insertItems(env.fake, 1, 4);
      RawSyncClient.Stream first = env.open(env.all(ITEMS, "-", ""));
      TableCursor saved = first.next().getCursor();
      first.cancel();
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "").setCursor(saved));
      List<SyncResponse> rest = s.until(SyncTestSupport::copyDone);
      assertThat(resultIds(rest)).containsExactly(3L, 4L);
      assertThat(rest).hasSize(2);
      s.cancel();
    }
  }

  static Stream<Arguments> malformedLastKnownPks() {
    return Stream.of(
        Arguments.of("wrong field name", SyncTestSupport.lkpk(List.of("idx"), List.of("3"))),
        Arguments.of("extra field", SyncTestSupport.lkpk(List.of("id", "name"), List.of("3", "n3"))),
        Arguments.of("no fields", QueryResult.newBuilder().addRows(SyncTestSupport.row(List.of("3"))).build()),
        Arguments.of("two rows", SyncTestSupport.lkpk(List.of("id"), List.of("3")).toBuilder()
            .addRows(SyncTestSupport.row(List.of("4"))).build()),
        Arguments.of("no rows", SyncTestSupport.lkpk(List.of("id"), List.of("3")).toBuilder().clearRows().build()),
        Arguments.of("NULL value", SyncTestSupport.lkpk(List.of("id"), java.util.Arrays.asList((String) null))),
        Arguments.of("missing value", SyncTestSupport.lkpk(List.of("id"), List.of()).toBuilder().build()),
        Arguments.of("not a number", SyncTestSupport.lkpk(List.of("id"), List.of("three"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedLastKnownPks")
  void malformedLastKnownPkIsInvalidArgument(String what, QueryResult pk) throws Exception {
    try (Env env = Env.items(1000, false)) {
      insertItems(env.fake, 1, 5);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "").setCursor(TableCursor.newBuilder().setShard("-")
          .setKeyspace(env.fake.keyspace()).setLastKnownPk(pk)));
      Object first = s.poll(RawSyncClient.WAIT);
      assertThat(first).isInstanceOf(io.grpc.StatusRuntimeException.class);
      Status status = ((io.grpc.StatusRuntimeException) first).getStatus();
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains("last_known_pk");
    }
  }

  // ---- snapshot isolation ----

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void changesDuringTheCopyAreNeitherLostNorDuplicated(boolean tls) throws Exception {
    try (Env env = Env.items(1, tls)) {
      insertItems(env.fake, 1, 10);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", ""));
      TreeMap<Long, List<String>> image = new TreeMap<>();
      SyncResponse first = s.next();
      assertThat(resultIds(first)).containsExactly(1L);
      SyncTestSupport.apply(image, first);

      env.fake.insert(ITEMS, item(11));
      env.fake.insert(ITEMS, item(0));
      env.fake.update(ITEMS, 1, Map.of("name", "one")); // already copied
      env.fake.update(ITEMS, 7, Map.of("name", "seven")); // not yet copied
      env.fake.delete(ITEMS, 3);
      env.fake.delete(ITEMS, 11);
      env.fake.update(ITEMS, 10, Map.of("qty", 0));
      String end = env.fake.position("-");

      List<SyncResponse> rest = s.until(r -> r.hasCursor() && !r.getCursor().hasLastKnownPk()
          && r.getCursor().getPosition().equals(end));
      List<Long> copiedIds = new ArrayList<>(List.of(1L));
      boolean copying = true;
      for (SyncResponse r : rest) {
        if (copying) {
          copiedIds.addAll(resultIds(r));
          copying = r.getCursor().hasLastKnownPk();
        }
        SyncTestSupport.apply(image, r);
      }
      assertThat(copiedIds).doesNotHaveDuplicates().isSorted();

      TreeMap<Long, List<String>> expected = new TreeMap<>();
      for (long id = 0; id <= 10; id++) {
        expected.put(id, itemText(id));
      }
      expected.remove(3L);
      expected.put(1L, List.of("1", "one", "10"));
      expected.put(7L, List.of("7", "seven", "70"));
      expected.put(10L, List.of("10", "n10", "0"));
      assertThat(image).isEqualTo(expected);
      assertThat(image).hasSize(env.fake.rowCount(ITEMS));
      assertThat(s.poll(Duration.ofMillis(200))).isNull();
      s.cancel();
    }
  }

  // ---- volume / flow control ----

  @Test
  void copiesTwoHundredThousandRowsWithoutLossOrDuplicates() throws Exception {
    int n = 200_000;
    try (Env env = new Env(FakePlanetScale.builder())) {
      env.fake.createTable(TableSpec.builder("big").column("id", "bigint").column("v", "varchar(16)")
          .primaryKey("id").build());
      List<Map<String, Object>> rows = new ArrayList<>(n);
      for (long id = 1; id <= n; id++) {
        rows.add(Map.of("id", id, "v", "value-" + id));
      }
      env.fake.insertAll("big", rows);
      long started = System.nanoTime();
      RawSyncClient.Stream s = env.open(RawSyncClient.request(env.fake, "big", "-", "").setIncludeInserts(true));
      long count = 0;
      long expectedNext = 1;
      int responses = 0;
      boolean inOrder = true;
      SyncResponse r;
      do {
        r = s.next();
        responses++;
        for (QueryResult q : r.getResultList()) {
          for (io.planetscale.cdc.wire.internal.proto.query.Row row : q.getRowsList()) {
            long id = Long.parseLong(row.getValues().substring(0, (int) row.getLengths(0)).toStringUtf8());
            inOrder &= id == expectedNext;
            expectedNext = id + 1;
            count++;
          }
        }
      } while (!copyDone(r));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(count).isEqualTo(n);
      assertThat(inOrder).isTrue();
      assertThat(responses).isEqualTo(n / 1000 + 1);
      assertThat(took).isLessThan(Duration.ofSeconds(10));
      s.cancel();
    }
  }
}
