package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.ServerTestSupport.idTable;
import static io.planetscale.cdc.testkit.ServerTestSupport.seq;
import static io.planetscale.cdc.testkit.ServerTestSupport.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.UpdatedRow;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long DEADLINE_SECONDS = 60;

  /** Runs the tasks at once (released together by a latch) and waits for all, with a deadline. */
  private static void runTogether(List<java.util.concurrent.Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Void>> futures = new ArrayList<>();
      for (java.util.concurrent.Callable<Void> task : tasks) {
        futures.add(pool.submit(() -> {
          if (!go.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("not released");
          }
          return task.call();
        }));
      }
      go.countDown();
      for (Future<Void> f : futures) {
        f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void concurrentWritersAndStreamsSeeEveryRowOfTheirShardOnce() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().shards("-80", "80-").rowsPerResponse(7).build().start();
        RawSyncClient client = new RawSyncClient(fake)) {
      fake.createTable(idTable("t"));
      List<String> shardOfStream = new ArrayList<>();
      List<RawSyncClient.Stream> streams = new ArrayList<>();
      for (String shard : fake.shardNames()) {
        for (int i = 0; i < 2; i++) {
          RawSyncClient.Stream s = client.open(RawSyncClient.request(fake, "t", shard, "current")
              .setIncludeInserts(true).build());
          SyncResponse first = s.next();
          assertThat(first.getResultCount()).isZero();
          assertThat(first.getCursor().getPosition()).isEqualTo(fake.position(shard));
          streams.add(s);
          shardOfStream.add(shard);
        }
      }
      assertThat(fake.awaitOpenStreams(4, WAIT)).isTrue();

      Map<String, Set<String>> expected = new HashMap<>();
      List<java.util.concurrent.Callable<Void>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int base = w * 1000;
        for (int i = 1; i <= 250; i++) {
          expected.computeIfAbsent(fake.shardOf("t", base + i), k -> new HashSet<>()).add(String.valueOf(base + i));
        }
        writers.add(() -> {
          for (int i = 1; i <= 250; i++) {
            fake.insert("t", Map.of("id", base + i, "name", "w" + base));
          }
          return null;
        });
      }
      runTogether(writers);
      assertThat(fake.rowCount("t")).isEqualTo(1000);
      assertThat(expected.keySet()).containsExactlyInAnyOrder("-80", "80-");

      for (int k = 0; k < streams.size(); k++) {
        Set<String> want = expected.get(shardOfStream.get(k));
        Set<String> got = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (got.size() < want.size()) {
          assertThat(System.nanoTime()).as("stream %s got %s of %s rows in time", k, got.size(), want.size())
              .isLessThan(deadline);
          SyncResponse r = streams.get(k).next();
          for (QueryResult result : r.getResultList()) {
            for (Row row : result.getRowsList()) {
              String id = texts(row).get(0);
              assertThat(got.add(id)).as("row %s delivered twice on stream %s", id, k).isTrue();
            }
          }
        }
        assertThat(got).isEqualTo(want);
      }
      assertThat(fake.requests()).hasSize(4);
      for (RawSyncClient.Stream s : streams) {
        s.cancel();
      }
      assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
    }
  }

  @Test
  void concurrentUpdatesOfOneRowFormAConsistentChain() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().shards("-80", "80-").build().start();
        RawSyncClient client = new RawSyncClient(fake)) {
      fake.createTable(TableSpec.builder("t").column("id", "bigint").column("name", "varchar(20)")
          .column("n", "int").primaryKey("id").build());
      fake.insert("t", Map.of("id", 1, "name", "start", "n", 0));
      String shard = fake.shardOf("t", 1);
      String other = shard.equals("-80") ? "80-" : "-80";
      String before = fake.position(shard);
      String otherBefore = fake.position(other);
      RawSyncClient.Stream s = client.open(RawSyncClient.request(fake, "t", shard, before).setIncludeUpdates(true)
          .build());
      int perThread = 200;
      List<java.util.concurrent.Callable<Void>> updaters = new ArrayList<>();
      for (String who : List.of("a", "b")) {
        updaters.add(() -> {
          for (int i = 1; i <= perThread; i++) {
            fake.update("t", 1, Map.of("name", who + i, "n", i));
          }
          return null;
        });
      }
      runTogether(updaters);
      assertThat(seq(fake.position(shard))).isEqualTo(seq(before) + 2 * perThread);
      assertThat(fake.position(other)).isEqualTo(otherBefore);
      assertThat(fake.rowCount("t")).isEqualTo(1);

      // Every update's before image is the previous update's after image.
      List<String> previous = List.of("1", "start", "0");
      int updates = 0;
      while (updates < 2 * perThread) {
        SyncResponse r = s.next();
        for (UpdatedRow u : r.getUpdatesList()) {
          assertThat(texts(u.getBefore().getRows(0))).isEqualTo(previous);
          previous = texts(u.getAfter().getRows(0));
          updates++;
        }
      }
      s.cancel();
      List<Row> copied = ServerTestSupport.copyRows(client, fake, "t", shard);
      assertThat(copied).hasSize(1);
      assertThat(texts(copied.get(0))).isEqualTo(previous);
      assertThat(previous.get(1)).isIn("a" + perThread, "b" + perThread);
      assertThat(previous.get(2)).isEqualTo(String.valueOf(perThread));
    }
  }

  @Test
  void mixedBulkAndSingleWritesAcrossShardsDoNotDeadlock() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().shards("-40", "40-80", "80-c0", "c0-").build().start()) {
      fake.createTable(idTable("t"));
      Map<String, Long> before = ServerTestSupport.seqs(fake);
      List<java.util.concurrent.Callable<Void>> tasks = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        int base = (w + 1) * 100_000;
        tasks.add(() -> {
          for (int batch = 0; batch < 20; batch++) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
              rows.add(Map.of("id", base + batch * 50 + i));
            }
            fake.insertAll("t", rows);
          }
          return null;
        });
      }
      tasks.add(() -> {
        for (int i = 1; i <= 500; i++) {
          fake.insert("t", Map.of("id", i));
          fake.update("t", i, Map.of("name", "x"));
          fake.rowCount("t");
        }
        return null;
      });
      runTogether(tasks);
      assertThat(fake.rowCount("t")).isEqualTo(3 * 20 * 50 + 500);
      long advanced = 0;
      for (Map.Entry<String, Long> e : ServerTestSupport.seqs(fake).entrySet()) {
        advanced += e.getValue() - before.get(e.getKey());
      }
      // 60 bulk inserts touch at most 4 shards each; 500 inserts and 500 updates are one transaction each.
      assertThat(advanced).isBetween(1000L + 60, 1000L + 60 * 4);
    }
  }

  @Test
  void tablesAreUsableAsSoonAsTheyAreVisible() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().shards("-80", "80-").build().start()) {
      int tables = 200;
      List<java.util.concurrent.Callable<Void>> tasks = new ArrayList<>();
      tasks.add(() -> {
        for (int i = 0; i < tables; i++) {
          fake.createTable(idTable("t" + i));
        }
        return null;
      });
      tasks.add(() -> {
        for (int i = 0; i < tables; i++) {
          while (true) {
            try {
              fake.insert("t" + i, Map.of("id", 1));
              break;
            } catch (IllegalArgumentException e) {
              // Only "not created yet" is acceptable; anything else (an NPE) fails the test.
              assertThat(e.getMessage()).contains("does not exist");
            }
          }
        }
        return null;
      });
      runTogether(tasks);
      for (int i = 0; i < tables; i++) {
        assertThat(fake.rowCount("t" + i)).isEqualTo(1);
      }
      assertThat(fake.mysqlAccess().tableNames(fake.source())).hasSize(tables).startsWith("t0", "t1", "t2");
    }
  }

  @Test
  void manyStreamsOpenAndCloseConcurrently() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().shards("-80", "80-").build().start();
        RawSyncClient client = new RawSyncClient(fake)) {
      fake.createTable(idTable("t"));
      List<RawSyncClient.Stream> streams = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        streams.add(client.open(RawSyncClient.request(fake, "t", i % 2 == 0 ? "-80" : "80-", "current").build()));
      }
      assertThat(fake.awaitOpenStreams(20, WAIT)).isTrue();
      assertThat(fake.openStreams()).isEqualTo(20);
      for (RawSyncClient.Stream s : streams) {
        assertThat(s.next().hasCursor()).isTrue();
      }
      for (int i = 0; i < 10; i++) {
        streams.get(i).cancel();
      }
      assertThat(fake.awaitOpenStreams(10, WAIT)).isTrue();
      for (int i = 10; i < 20; i++) {
        streams.get(i).cancel();
      }
      assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
      assertThat(fake.requests()).hasSize(20);
    }
  }

  @Test
  void awaitOpenStreamsTimesOutWhenTheCountIsNotReached() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().build().start()) {
      long start = System.nanoTime();
      assertThat(fake.awaitOpenStreams(1, Duration.ofMillis(200))).isFalse();
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
      assertThat(fake.awaitOpenStreams(0, Duration.ZERO)).isTrue();
    }
  }
}
