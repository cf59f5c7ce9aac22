package io.planetscale.cdc.testkit.e2e;

import static io.planetscale.cdc.testkit.e2e.KeyspaceStreams.TABLES;
import static io.planetscale.cdc.testkit.e2e.KeyspaceStreams.apply;
import static io.planetscale.cdc.testkit.e2e.KeyspaceStreams.awaitTrue;
import static io.planetscale.cdc.testkit.e2e.KeyspaceStreams.records;
import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.KeyspaceStream;
import io.planetscale.cdc.grpc.ShardGtid;
import io.planetscale.cdc.grpc.Transaction;
import io.planetscale.cdc.grpc.VGtid;
import io.planetscale.cdc.testkit.ColumnSpec;
import io.planetscale.cdc.testkit.FakePlanetScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyspaceStream} against {@link FakePlanetScale}: the copy of every table on every shard
 * then the changes, as whole transactions with unique record positions; chunks; a start at the
 * current position; heartbeats; schema changes; a stream broken by the server.
 */
class KeyspaceStreamE2eTest {
  static final ConnectOptions FAST = ConnectOptions.builder().retryPolicy(E2e.FAST_RETRY).build();

  static FakePlanetScale twoShards() {
    FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start();
    fake.vstream().copyBatchRows(7);
    return fake;
  }

  @Test
  void copiesEveryTableThenStreamsChangesAsWholeTransactions() throws Exception {
    try (FakePlanetScale fake = twoShards()) {
      Map<String, Map<Long, String>> expected = KeyspaceStreams.tables(fake, 30);
      Catalog catalog = E2e.catalog(fake);
      KeyspaceStreams.Recorder recorder = new KeyspaceStreams.Recorder();
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(
          KeyspaceStream.builder(fake.source(), catalog).connectOptions(FAST).build(), recorder)) {
        awaitTrue(() -> recorder.recordCount() == 90, "the copy of 3 tables x 30 rows");
        List<Map<String, ?>> added = List.of(Map.of("id", 31L, "note", "new31"), Map.of("id", 32L, "note", "new32"));
        fake.insertAll("orders", added);
        expected.get("orders").put(31L, "new31");
        expected.get("orders").put(32L, "new32");
        fake.update("items", 5L, Map.of("note", "changed"));
        expected.get("items").put(5L, "changed");
        fake.delete("customers", 7L);
        expected.get("customers").remove(7L);
        awaitTrue(() -> recorder.recordCount() == 94, "the four changes");
        VGtid end = running.stop();

        Map<String, Map<Long, String>> replayed = new TreeMap<>();
        apply(replayed, records(recorder.transactions));
        assertThat(replayed).isEqualTo(expected);
        Set<RecordPosition> positions = new HashSet<>();
        for (Transaction tx : recorder.transactions) {
          assertThat(tx.lastChunk()).isTrue();
          assertThat(tx.position()).isNotNull();
          for (Record r : tx.records()) {
            assertThat(r.position().shard()).isEqualTo(tx.shard());
            assertThat(positions.add(r.position())).as("position %s unique", r.position()).isTrue();
          }
        }
        assertThat(end.shardGtids()).extracting(ShardGtid::shard).containsExactlyInAnyOrder("-80", "80-");
        assertThat(end.shardGtids()).allSatisfy(s -> {
          assertThat(s.tablePks()).isEmpty();
          assertThat(s.gtid()).isEqualTo(fake.position(s.shard()));
        });
        assertThat(recorder.transactions.get(recorder.transactions.size() - 1).position()).isEqualTo(end);
      }
    }
  }

  /**
   * Stopped by its listener at each transaction in turn, in the copy of the first table, inside a
   * table, and between tables: the stream resumed from the position the listener last accepted
   * rebuilds every table exactly, and copies no row twice.
   */
  @Test
  void aStreamStoppedAtAnyTransactionResumesWithNothingLostAndNoRowCopiedTwice() throws Exception {
    try (FakePlanetScale fake = twoShards()) {
      Map<String, Map<Long, String>> expected = KeyspaceStreams.tables(fake, 20);
      Catalog catalog = E2e.catalog(fake);
      int total = wholeStream(fake, catalog).size();
      assertThat(total).isGreaterThan(5);
      for (int stopAt = 1; stopAt <= total; stopAt++) {
        int failing = stopAt;
        List<Transaction> accepted = new ArrayList<>();
        KeyspaceStream.ListenerException stopped = null;
        try (KeyspaceStream first = KeyspaceStream.builder(fake.source(), catalog).connectOptions(FAST).build()) {
          first.run(tx -> {
            if (accepted.size() + 1 == failing) {
              throw new IllegalStateException("stop at transaction " + failing);
            }
            accepted.add(tx);
          });
        } catch (KeyspaceStream.ListenerException e) {
          stopped = e;
        }
        assertThat(stopped).as("stopped at transaction %d", stopAt).isNotNull();
        // The last accepted transaction's position, or a later one that moved with nothing to deliver (a
        // shard's copy completed after it).
        VGtid resumeFrom = stopped.position();
        KeyspaceStreams.Recorder rest = new KeyspaceStreams.Recorder();
        try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(KeyspaceStream.builder(fake.source(),
            catalog).connectOptions(FAST).startAt(resumeFrom).build(), rest)) {
          List<Record> firstRecords = records(accepted);
          awaitTrue(() -> firstRecords.size() + rest.recordCount() >= 60, "the rest of the copy after " + failing);
          running.stop();
        }
        List<Record> all = new ArrayList<>(records(accepted));
        all.addAll(records(rest.transactions));
        Map<String, Map<Long, String>> replayed = new TreeMap<>();
        apply(replayed, all);
        assertThat(replayed).as("after a stop at transaction %d", stopAt).isEqualTo(expected);
        assertThat(all).as("no row copied twice after a stop at transaction %d", stopAt)
            .extracting(r -> r.position()).doesNotHaveDuplicates();
      }
    }
  }

  /** Every transaction of a whole stream of the fake's tables (no changes made meanwhile). */
  private static List<Transaction> wholeStream(FakePlanetScale fake, Catalog catalog) throws Exception {
    KeyspaceStreams.Recorder all = new KeyspaceStreams.Recorder();
    int rows = 0;
    for (String t : TABLES) {
      rows += fake.rowCount(t);
    }
    int expectedRows = rows;
    try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(
        KeyspaceStream.builder(fake.source(), catalog).connectOptions(FAST).build(), all)) {
      awaitTrue(() -> all.recordCount() == expectedRows, "the whole copy");
      running.stop();
    }
    return all.transactions;
  }

  @Test
  void aTransactionBiggerThanTheChunkBoundArrivesInChunksWithThePositionOnTheLast() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").build().start()) {
      KeyspaceStreams.tables(fake, 0);
      Catalog catalog = E2e.catalog(fake);
      KeyspaceStreams.Recorder recorder = new KeyspaceStreams.Recorder();
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(KeyspaceStream.builder(fake.source(),
          catalog).connectOptions(FAST).startAtCurrent().maxTransactionRecords(10).build(), recorder)) {
        awaitPositioned(running.stream);
        List<Map<String, ?>> rows = new ArrayList<>();
        for (long id = 1; id <= 95; id++) {
          rows.add(Map.of("id", id, "note", "n" + id));
        }
        fake.insertAll("orders", rows); // one transaction
        awaitTrue(() -> recorder.recordCount() == 95, "95 rows");
        running.stop();
      }
      List<Transaction> chunks = recorder.transactions;
      assertThat(chunks).hasSize(10);
      for (int i = 0; i < chunks.size(); i++) {
        Transaction c = chunks.get(i);
        assertThat(c.chunk()).isEqualTo(i);
        assertThat(c.lastChunk()).isEqualTo(i == 9);
        assertThat(c.position() != null).isEqualTo(i == 9);
        assertThat(c.records()).hasSize(i == 9 ? 5 : 10);
      }
      assertThat(records(chunks)).extracting(r -> r.position().sequence())
          .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 95).boxed().toList());
    }
  }

  /**
   * The byte bound: 350 rows of 1,000-byte notes in one transaction come in ROW events of 100 rows
   * (about 100 KB each); with a 150,000-byte bound a chunk closes once two events are held, and the
   * records of one event are never split.
   */
  @Test
  void aTransactionBiggerThanTheByteBoundArrivesInChunksOfWholeRowEvents() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").build().start()) {
      KeyspaceStreams.tables(fake, 0);
      Catalog catalog = E2e.catalog(fake);
      KeyspaceStreams.Recorder recorder = new KeyspaceStreams.Recorder();
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(KeyspaceStream.builder(fake.source(),
          catalog).connectOptions(FAST).startAtCurrent().transactionChunkSize(150_000).build(), recorder)) {
        awaitPositioned(running.stream);
        List<Map<String, ?>> rows = new ArrayList<>();
        for (long id = 1; id <= 350; id++) {
          rows.add(Map.of("id", id, "note", "x".repeat(1000)));
        }
        fake.insertAll("orders", rows); // one transaction
        awaitTrue(() -> recorder.recordCount() == 350, "350 rows");
        running.stop();
      }
      List<Transaction> chunks = recorder.transactions;
      assertThat(chunks).extracting(c -> c.records().size()).containsExactly(200, 150);
      assertThat(chunks).extracting(Transaction::lastChunk).containsExactly(false, true);
      assertThat(chunks.get(0).position()).isNull();
      assertThat(chunks.get(1).position()).isNotNull();
      assertThat(records(chunks)).extracting(r -> r.position().sequence())
          .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 350).boxed().toList());
    }
  }

  @Test
  void aStreamStartedAtTheCurrentPositionCopiesNothingAndDeliversLaterChanges() throws Exception {
    try (FakePlanetScale fake = twoShards()) {
      KeyspaceStreams.tables(fake, 10);
      Catalog catalog = E2e.catalog(fake);
      KeyspaceStreams.Recorder recorder = new KeyspaceStreams.Recorder();
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(KeyspaceStream.builder(fake.source(),
          catalog).connectOptions(FAST).startAtCurrent().build(), recorder)) {
        awaitPositioned(running.stream);
        fake.update("orders", 3L, Map.of("note", "later"));
        awaitTrue(() -> recorder.recordCount() == 1, "the one change");
        running.stop();
      }
      Record r = recorder.transactions.get(0).records().get(0);
      assertThat(r.stream()).isEqualTo("orders");
      assertThat(r.operation()).isEqualTo(io.planetscale.cdc.Operation.UPDATE);
      assertThat(r.data()).containsEntry("note", "later");
      assertThat(r.before()).containsEntry("note", "orders3");
    }
  }

  @Test
  void aStreamBrokenByTheServerResumesFromTheLastAcceptedPositionWithNothingLostOrRepeated() throws Exception {
    try (FakePlanetScale fake = twoShards()) {
      Map<String, Map<Long, String>> expected = KeyspaceStreams.tables(fake, 25);
      Catalog catalog = E2e.catalog(fake);
      fake.faults().vstream().endUnexpectedlyAfterResponses(9);
      KeyspaceStreams.Recorder recorder = new KeyspaceStreams.Recorder();
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(
          KeyspaceStream.builder(fake.source(), catalog).connectOptions(FAST).build(), recorder)) {
        awaitTrue(() -> recorder.recordCount() >= 75, () -> "the copy: " + recorder.recordCount() + " records, requests "
            + fake.vstreamRequests().size());
        fake.insert("items", Map.of("id", 26L, "note", "late"));
        expected.get("items").put(26L, "late");
        awaitTrue(() -> recorder.recordCount() >= 76, "the insert after the copy");
        running.stop();
      }
      assertThat(fake.vstreamRequests()).hasSizeGreaterThan(1); // the fault broke the first call
      Map<String, Map<Long, String>> replayed = new TreeMap<>();
      apply(replayed, records(recorder.transactions));
      assertThat(replayed).isEqualTo(expected);
      assertThat(records(recorder.transactions)).extracting(Record::position).doesNotHaveDuplicates();
      assertThat(recorder.recordCount()).isEqualTo(76);
    }
  }

  @Test
  void heartbeatsReachTheListenerWhileTheStreamIsIdle() throws Exception {
    try (FakePlanetScale fake = twoShards()) {
      KeyspaceStreams.tables(fake, 1);
      fake.vstream().heartbeatInterval(Duration.ofMillis(20));
      Catalog catalog = E2e.catalog(fake);
      KeyspaceStreams.Recorder recorder = new KeyspaceStreams.Recorder();
      ConnectOptions withHeartbeats = FAST.toBuilder().heartbeatInterval(Duration.ofSeconds(1)).build();
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(KeyspaceStream.builder(fake.source(),
          catalog).connectOptions(withHeartbeats).startAtCurrent().build(), recorder)) {
        awaitTrue(() -> recorder.heartbeats.size() >= 3, "three heartbeats");
        running.stop();
      }
      assertThat(recorder.transactions).isEmpty();
    }
  }

  @Test
  void anAddedColumnIsAnnouncedAndTheRecordsAfterItCarryIt() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").build().start()) {
      KeyspaceStreams.tables(fake, 2);
      Catalog catalog = E2e.catalog(fake);
      KeyspaceStreams.Recorder recorder = new KeyspaceStreams.Recorder();
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(KeyspaceStream.builder(fake.source(),
          catalog).connectOptions(FAST).startAtCurrent().build(), recorder)) {
        awaitPositioned(running.stream);
        fake.addColumn("orders", new ColumnSpec("size", "int", true));
        fake.insert("orders", Map.of("id", 3L, "note", "n3", "size", 42));
        awaitTrue(() -> recorder.recordCount() == 1, "the insert after the DDL");
        running.stop();
      }
      assertThat(recorder.schemaChanges).isNotEmpty();
      assertThat(recorder.schemaChanges.get(recorder.schemaChanges.size() - 1).fields())
          .extracting(f -> f.name()).containsExactly("id", "note", "size");
      assertThat(recorder.schemaChanges).anySatisfy(c -> assertThat(c.ddl()).containsIgnoringCase("size"));
      // The catalog does not know the new column: its value comes losslessly as text.
      assertThat(recorder.transactions.get(0).records().get(0).data()).containsEntry("size", "42");
    }
  }

  /**
   * Each table's columns reach the listener once per shard, with their column types, before the
   * table's first record from that shard; an added column comes to {@code onSchemaChange} only.
   */
  @Test
  void eachTablesColumnsComeOncePerShardBeforeItsFirstRecord() throws Exception {
    try (FakePlanetScale fake = twoShards()) {
      KeyspaceStreams.tables(fake, 10);
      Catalog catalog = E2e.catalog(fake);
      KeyspaceStreams.Recorder recorder = new KeyspaceStreams.Recorder();
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(
          KeyspaceStream.builder(fake.source(), catalog).connectOptions(FAST).build(), recorder)) {
        awaitTrue(() -> recorder.recordCount() == 30, "the copy of 3 tables x 10 rows");
        fake.addColumn("orders", new ColumnSpec("size", "int", true));
        fake.insert("orders", Map.of("id", 11L, "note", "n11", "size", 4));
        awaitTrue(() -> recorder.recordCount() == 31, "the insert after the DDL");
        running.stop();
      }
      Set<String> seen = new HashSet<>();
      for (Object o : recorder.fieldsAndTransactions) {
        if (o instanceof io.planetscale.cdc.SchemaChange f) {
          assertThat(f.ddl()).isNull();
          assertThat(seen.add(f.stream() + "@" + f.shard())).as("fields of %s on %s once", f.stream(), f.shard())
              .isTrue();
          assertThat(f.fields()).extracting(io.planetscale.cdc.Field::name).containsExactly("id", "note");
          assertThat(f.fields().get(0).columnType()).isNotEmpty();
        } else {
          for (Record r : ((Transaction) o).records()) {
            assertThat(seen).as("fields before the first record of %s on %s", r.stream(), r.position().shard())
                .contains(r.stream() + "@" + r.position().shard());
          }
        }
      }
      assertThat(seen).hasSize(6);
      assertThat(recorder.schemaChanges).anySatisfy(c -> assertThat(c.ddl()).containsIgnoringCase("size"));
    }
  }

  /**
   * A reshard of {@code -80},{@code 80-} into {@code -40},{@code 40-80},{@code 80-} in the middle of
   * the stream (after the copy), with changes before and after it: the listener hears of it, the
   * position moves to the new shards, and nothing is lost or repeated; a stream resumed from the
   * last position reads the new shards.
   */
  @Test
  void aReshardInTheMiddleOfTheStreamMovesToTheNewShardsWithNothingLost() throws Exception {
    try (FakePlanetScale fake = twoShards()) {
      Map<String, Map<Long, String>> expected = KeyspaceStreams.tables(fake, 20);
      Catalog catalog = E2e.catalog(fake);
      KeyspaceStreams.Recorder recorder = new KeyspaceStreams.Recorder();
      VGtid end;
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(
          KeyspaceStream.builder(fake.source(), catalog).connectOptions(FAST).build(), recorder)) {
        awaitTrue(() -> recorder.recordCount() == 60, "the copy");
        for (long id = 21; id <= 30; id++) {
          fake.insert("orders", Map.of("id", id, "note", "before" + id));
          expected.get("orders").put(id, "before" + id);
        }
        fake.reshard(List.of("-80", "80-"), List.of("-40", "40-80", "80-"));
        for (long id = 31; id <= 40; id++) {
          fake.insert("orders", Map.of("id", id, "note", "after" + id));
          expected.get("orders").put(id, "after" + id);
        }
        fake.update("items", 1L, Map.of("note", "moved"));
        expected.get("items").put(1L, "moved");
        awaitTrue(() -> recorder.recordCount() == 81, "the changes around the reshard");
        end = running.stop();
      }
      Map<String, Map<Long, String>> replayed = new TreeMap<>();
      apply(replayed, records(recorder.transactions));
      assertThat(replayed).isEqualTo(expected);
      assertThat(records(recorder.transactions)).extracting(Record::position).doesNotHaveDuplicates();
      assertThat(recorder.reshards).isNotEmpty();
      assertThat(recorder.reshards.get(0)[1].shards()).containsExactlyInAnyOrder("-40", "40-80", "80-");
      assertThat(end.shards()).containsExactlyInAnyOrder("-40", "40-80", "80-");
      assertThat(records(recorder.transactions)).filteredOn(r -> ((Long) r.data().get("id")) > 30
          && r.stream().equals("orders")).extracting(r -> r.position().shard()).doesNotContain("-80");

      fake.insert("customers", Map.of("id", 99L, "note", "resumed"));
      KeyspaceStreams.Recorder resumed = new KeyspaceStreams.Recorder();
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(KeyspaceStream.builder(fake.source(),
          catalog).connectOptions(FAST).startAt(end).build(), resumed)) {
        awaitTrue(() -> resumed.recordCount() == 1, "the insert after the resume");
        running.stop();
      }
      assertThat(records(resumed.transactions).get(0).data()).containsEntry("note", "resumed");
    }
  }

  /** One stream per shard, for parallel consumers: each reads only its shard, and together they read everything. */
  @Test
  void streamsOfOneShardEachReadTheirShardAndTogetherEverything() throws Exception {
    try (FakePlanetScale fake = twoShards()) {
      Map<String, Map<Long, String>> expected = KeyspaceStreams.tables(fake, 15);
      Catalog catalog = E2e.catalog(fake);
      Map<String, Map<Long, String>> replayed = new TreeMap<>();
      for (String shard : List.of("-80", "80-")) {
        int rows = 0;
        for (String t : KeyspaceStreams.TABLES) {
          for (long id = 1; id <= 15; id++) {
            rows += fake.shardOf(t, id).equals(shard) ? 1 : 0;
          }
        }
        int onShard = rows;
        KeyspaceStreams.Recorder recorder = new KeyspaceStreams.Recorder();
        VGtid end;
        try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(KeyspaceStream.builder(fake.source(),
            catalog).connectOptions(FAST).shards(List.of(shard)).build(), recorder)) {
          awaitTrue(() -> recorder.recordCount() == onShard, "the copy of shard " + shard);
          end = running.stop();
        }
        assertThat(recorder.transactions).allSatisfy(tx -> assertThat(tx.shard()).isEqualTo(shard));
        assertThat(end.shards()).containsExactly(shard);
        apply(replayed, records(recorder.transactions));
      }
      assertThat(replayed).isEqualTo(expected);
    }
  }

  /** Waits until a stream started at "current" knows the position it started at on every shard. */
  static void awaitPositioned(KeyspaceStream stream) throws InterruptedException {
    awaitTrue(() -> stream.position().shardGtids().stream()
        .allMatch(s -> !s.shard().isEmpty() && !s.gtid().isEmpty() && !s.gtid().equals("current")),
        "the stream's start position");
  }
}
