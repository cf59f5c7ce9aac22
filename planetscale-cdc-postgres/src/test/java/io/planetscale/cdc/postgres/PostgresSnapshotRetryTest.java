package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import io.planetscale.cdc.postgres.internal.pgoutput.Lsn;
import io.planetscale.cdc.spi.ReadOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Connections lost during the snapshot are retried within the same sync call: a snapshot reader's backend
 * terminated mid-table, the replication connection that exported the snapshot terminated too, the slot's
 * creation terminated, and the retries running out. The sink receives every row once, and the records rebuild
 * the table. The kills happen from the sink, at row 25 of chunks of 10: rows up to 30 are fetched by then.
 */
@EachPostgresVersion
class PostgresSnapshotRetryTest {
  private static final int ROWS = 100;
  private static final long KILL_AT = 25;

  @Parameter
  SharedPostgresServer postgres;

  private PgFixture pg;

  @BeforeEach
  void setUp() throws Exception {
    pg = new PgFixture(postgres.get(), "snapretry");
  }

  @AfterEach
  void tearDown() throws Exception {
    pg.close();
  }

  @Test
  void aKilledSnapshotConnectionIsReopenedInTheSameSnapshotAndEveryRowArrivesOnce() throws Exception {
    String table = table("snapretry_worker");
    AtomicBoolean killed = new AtomicBoolean();
    CollectingSink sink = onceAtKillRow(killed, () -> {
      killSnapshotReader(table);
      changeRowsReadAndUnread(table);
    });
    try (PostgresClient client = chunked().build()) {
      State state = client.sync(catalog(table), State.empty(), sink, retries(5));
      assertThat(killed).isTrue();
      List<Record> snapshot = sink.records.subList(0, ROWS);
      assertThat(snapshot).extracting(r -> r.data().get("id"))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, ROWS).boxed().toList());
      // Imported again, the same exported snapshot: every row carries its position, sequences go on.
      assertThat(snapshot).extracting(r -> r.position().position()).containsOnly(snapshot.get(0).position()
          .position());
      assertThat(snapshot).extracting(r -> r.position().sequence())
          .containsExactlyElementsOf(LongStream.range(0, ROWS).boxed().toList());
      assertThat(cursor(state, table).isCopying()).isFalse();
      assertThat(sink.durable).hasSameSizeAs(sink.records);
      assertTheNextSyncRebuildsTheTable(client, state, sink.records, table);
    }
  }

  @Test
  void aLostExportedSnapshotContinuesInANewerOneWithNothingLost() throws Exception {
    String table = table("snapretry_export");
    AtomicBoolean killed = new AtomicBoolean();
    CollectingSink sink = onceAtKillRow(killed, () -> {
      killExporter();
      killSnapshotReader(table);
      changeRowsReadAndUnread(table);
    });
    try (PostgresClient client = chunked().build()) {
      State state = client.sync(catalog(table), State.empty(), sink, retries(5));
      assertThat(killed).isTrue();
      // The rows changed before the newer snapshot show the change: 50 is gone, 101 is there.
      List<Record> snapshot = sink.records.subList(0, ROWS);
      assertThat(snapshot).extracting(r -> r.data().get("id")).containsExactlyElementsOf(
          LongStream.rangeClosed(1, ROWS + 1).filter(id -> id != 50).boxed().toList());
      // Rows 1-30 (whole chunks fetched before the kill) were read in the slot's snapshot, the rest in a newer one.
      long first = lsn(snapshot.get(0));
      assertThat(snapshot.subList(0, 30)).allSatisfy(r -> assertThat(lsn(r)).isEqualTo(first));
      long newer = lsn(snapshot.get(30));
      assertThat(newer).isGreaterThan(first);
      assertThat(snapshot.subList(30, ROWS)).allSatisfy(r -> assertThat(lsn(r)).isEqualTo(newer));
      assertThat(snapshot.get(78).data()).containsEntry("id", 80L).containsEntry("v", "late");
      assertThat(cursor(state, table).isCopying()).isFalse();
      // The stream goes on from the slot's point: it gives the changes the newer snapshot shows too (below its
      // position), and applied in order they converge.
      List<Record> changes = assertTheNextSyncRebuildsTheTable(client, state, sink.records, table);
      assertThat(changes).allSatisfy(r -> assertThat(lsn(r)).isLessThan(newer));
      Await.until("the newer snapshot's temporary slot to go", () -> "0".equals(pg.query("SELECT count(*) FROM "
          + "pg_replication_slots WHERE slot_name LIKE '" + pg.slot + "_snapshot%'")), null);
    }
  }

  @Test
  void readersInParallelThatLoseTheSnapshotShareOneNewerSnapshot() throws Exception {
    String small = table("snapretry_par_a");
    pg.create("snapretry_par_b", "id int PRIMARY KEY, v text");
    pg.execute("INSERT INTO snapretry_par_b SELECT g, 'w' || g FROM generate_series(1, 2000) g");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream(small, "id"),
        TestCatalogs.stream("snapretry_par_b", "id"));
    AtomicBoolean killed = new AtomicBoolean();
    // The sink is called under one lock: while it kills, the other reader waits in the middle of its table
    // (or has finished it).
    CollectingSink sink = onceAtKillRow(killed, () -> {
      killExporter();
      pg.query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
          + " WHERE query ~ '^(COPY \\()?SELECT t\\.' AND query LIKE '%"
          + "snapretry_par_%' AND pid <> pg_backend_pid()");
    });
    try (PostgresClient client = chunked().snapshotParallelism(2).build()) {
      State state = client.sync(catalog, State.empty(), sink, retries(5));
      assertThat(killed).isTrue();
      for (String table : List.of(small, "snapretry_par_b")) {
        List<Record> records = sink.of(table);
        int rows = table.equals(small) ? ROWS : 2000;
        assertThat(records).extracting(r -> r.data().get("id"))
            .containsExactlyElementsOf(LongStream.rangeClosed(1, rows).boxed().toList());
        assertThat(cursor(state, table).isCopying()).isFalse();
        assertThat(new TableImage().apply(records).rows).isEqualTo(TableImage.of(pg.sql, table));
      }
      // The slot's snapshot, and one newer one for both readers.
      assertThat(sink.records.stream().map(r -> r.position().position()).distinct()).hasSize(2);
    }
  }

  @Test
  void aTableWithoutAPrimaryKeyIsReadAgainFromItsStartWithinTheCall() throws Exception {
    pg.create("snapretry_nokey", "id int, v text");
    pg.execute("ALTER TABLE snapretry_nokey REPLICA IDENTITY FULL",
        "INSERT INTO snapretry_nokey SELECT g, 'v' || g FROM generate_series(1, 2500) g");
    AtomicBoolean killed = new AtomicBoolean();
    // Rows come 1,000 a fetch: the kill at row 25 fails the second fetch, after 1,000 rows.
    CollectingSink sink = onceAtKillRow(killed, () -> killSnapshotReader("snapretry_nokey"));
    try (PostgresClient client = chunked().build()) {
      State state = client.sync(TestCatalogs.catalog(TestCatalogs.stream("snapretry_nokey")), State.empty(), sink,
          retries(5));
      assertThat(killed).isTrue();
      assertThat(sink.records).hasSize(1_000 + 2_500);
      assertThat(sink.records.subList(1_000, 3_500)).extracting(r -> r.data().get("id"))
          .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 2_500).boxed().toList());
      assertThat(sink.records).extracting(r -> r.position().sequence())
          .containsExactlyElementsOf(LongStream.range(0, 3_500).boxed().toList());
      assertThat(cursor(state, "snapretry_nokey").isCopying()).isFalse();
      assertThat(cursor(state, "snapretry_nokey").position()).startsWith("pg:");
    }
  }

  @Test
  void retriesWithoutARowInBetweenEndInAConnectionExceptionNamingTheTable() throws Exception {
    String table = table("snapretry_exhausted");
    AtomicBoolean killed = new AtomicBoolean();
    try (Connection locker = pg.server.connect(); Connection killer = pg.server.connect();
        Statement kill = killer.createStatement(); PostgresClient client = chunked().build()) {
      CollectingSink sink = onceAtKillRow(killed, () -> {
        killSnapshotReader(table);
        try (Statement statement = locker.createStatement()) {
          // Every later attempt waits for this lock, and is killed there before it delivers a row.
          locker.setAutoCommit(false);
          statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      AtomicInteger kills = new AtomicInteger();
      CompletableFuture<State> sync = CompletableFuture.supplyAsync(
          () -> client.sync(catalog(table), State.empty(), sink, retries(3)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!sync.isDone()) {
        assertThat(System.nanoTime()).as("the sync gives up in time").isLessThan(deadline);
        try (ResultSet terminated = kill.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            + "WHERE wait_event_type = 'Lock' AND query ~ '^(COPY \\()?SELECT t\\.'"
            + " AND query LIKE '%" + table + "%'")) {
          while (terminated.next()) {
            kills.incrementAndGet();
          }
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      CompletionException failure = catchThrowableOfType(CompletionException.class, sync::join);
      assertThat(failure.getCause()).isInstanceOf(ConnectionException.class)
          .hasMessageContaining("\"public\".\"" + table + "\"").hasMessageContaining("failed 3 times in a row")
          .hasMessageContaining("after key [30]");
      assertThat(kills).hasValue(2); // the first failure came after rows; then two without any
      locker.rollback();

      // The state the sink accepted covers whole chunks; resumed from it, nothing is missing.
      State accepted = sink.lastState();
      assertThat(cursor(accepted, table).lastKnownPk().rows().get(0).get(0).toStringUtf8()).isEqualTo("30");
      assertTheNextSyncRebuildsTheTable(client, accepted, sink.durable, table);
    }
  }

  @Test
  void aSlotCreationWhoseConnectionIsKilledIsRetried() throws Exception {
    String table = table("snapretry_create");
    try (Connection open = pg.server.connect(); PostgresClient client = pg.client().build()) {
      // A transaction with an id makes CREATE_REPLICATION_SLOT wait for it: a deterministic moment to kill.
      open.setAutoCommit(false);
      try (Statement statement = open.createStatement()) {
        statement.execute("SELECT pg_current_xact_id()");
      }
      CollectingSink sink = new CollectingSink();
      CompletableFuture<State> sync = CompletableFuture.supplyAsync(
          () -> client.sync(catalog(table), State.empty(), sink, retries(5)));
      String creating = "SELECT pid FROM pg_stat_activity WHERE backend_type = 'walsender' AND state = 'active' "
          + "AND query LIKE 'CREATE_REPLICATION_SLOT \"" + pg.slot + "\"%'";
      Await.until("the slot's creation to wait", () -> pg.query(creating) != null, sync);
      String first = pg.query(creating);
      pg.query("SELECT pg_terminate_backend(" + first + ")");
      Await.until("the creation to be tried again", () -> {
        String pid = pg.query(creating);
        return pid != null && !pid.equals(first);
      }, sync);
      open.commit();
      State state = sync.get(60, TimeUnit.SECONDS);
      assertThat(sink.records).extracting(r -> r.data().get("id"))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, ROWS).boxed().toList());
      assertThat(cursor(state, table).isCopying()).isFalse();
      assertThat(pg.query("SELECT temporary FROM pg_replication_slots WHERE slot_name = '" + pg.slot + "'"))
          .as("the slot, created by the second attempt").isEqualTo("f");
    }
  }

  @Test
  void aOneShotSyncWhoseSlotConnectionIsLostFailsSayingToSyncAgain() throws Exception {
    String table = table("snapretry_temporary");
    AtomicBoolean killed = new AtomicBoolean();
    CollectingSink sink = onceAtKillRow(killed, () -> {
      killExporter();
      killSnapshotReader(table);
    });
    try (PostgresClient client = chunked().temporarySlot(true).build()) {
      ConnectionException failure = catchThrowableOfType(ConnectionException.class,
          () -> client.sync(catalog(table), State.empty(), sink, retries(5)));
      assertThat(failure).hasMessageContaining("temporary replication slot \"" + pg.slot + "\"")
          .hasMessageContaining("sync again");
      assertThat(sink.records).hasSize(30);
    }
  }

  private static SyncOptions retries(int attempts) {
    return SyncOptions.builder().checkpointEveryRows(10).readOptions(ReadOptions.defaults()
        .withRetryPolicy(new RetryPolicy(attempts, Duration.ofMillis(50), Duration.ofMillis(200), 0))).build();
  }

  /** A client reading chunks of 10 rows on one connection. */
  private PostgresClient.Builder chunked() {
    return pg.client().snapshotChunkSize(10).snapshotParallelism(1);
  }

  /** A sink that runs {@code action} when it receives row {@link #KILL_AT} the first time. */
  private static CollectingSink onceAtKillRow(AtomicBoolean done, Runnable action) {
    return new CollectingSink().onRecord(record -> {
      if (record.data().get("id").equals(KILL_AT) && done.compareAndSet(false, true)) {
        action.run();
      }
    });
  }

  /** A table of {@link #ROWS} rows. */
  private String table(String name) throws SQLException {
    pg.create(name, "id int PRIMARY KEY, v text");
    pg.execute("INSERT INTO " + name + " SELECT g, 'v' || g FROM generate_series(1, " + ROWS + ") g");
    return name;
  }

  private static Catalog catalog(String table) {
    return TestCatalogs.catalog(TestCatalogs.stream(table, "id"));
  }

  /**
   * Syncs on from {@code state} and checks that {@code earlier} records plus the new ones rebuild the table.
   *
   * @return the new records
   */
  private List<Record> assertTheNextSyncRebuildsTheTable(PostgresClient client, State state, List<Record> earlier,
      String table) throws SQLException {
    CollectingSink next = new CollectingSink();
    client.sync(catalog(table), state, next);
    assertThat(new TableImage().apply(earlier).apply(next.records).rows).isEqualTo(TableImage.of(pg.sql, table));
    return next.records;
  }

  /** Changes rows the snapshot read (10), has not read yet (80, 50) and will never read (101). */
  private void changeRowsReadAndUnread(String table) {
    try {
      pg.execute("UPDATE " + table + " SET v = 'early' WHERE id = 10",
          "UPDATE " + table + " SET v = 'late' WHERE id = 80",
          "DELETE FROM " + table + " WHERE id = 50",
          "INSERT INTO " + table + " VALUES (101, 'new')");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Terminates the backend of the snapshot reader of a table (the chunk query is its last). */
  private void killSnapshotReader(String table) {
    assertThat(pg.query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query ~ "
        + "'^(COPY \\()?SELECT t\\.' AND query LIKE '%" + table + "%' AND pid <> pg_backend_pid()")).isEqualTo("1");
  }

  /** Terminates the replication connection that created the slot and exported its snapshot, and waits it out. */
  private void killExporter() {
    String pid = pg.query("SELECT pid FROM pg_stat_activity WHERE backend_type = 'walsender' AND query LIKE "
        + "'CREATE_REPLICATION_SLOT \"" + pg.slot + "\"%'");
    assertThat(pid).as("the exporting walsender").isNotNull();
    pg.query("SELECT pg_terminate_backend(" + pid + ")");
    Await.until("the exporting walsender to exit", () -> pg.query("SELECT pid FROM pg_stat_activity WHERE pid = "
        + pid) == null, null);
  }

  private static TableCursor cursor(State state, String table) {
    return state.streams().get(table).shards().get("-").toTableCursor();
  }

  private static long lsn(Record record) {
    return Lsn.parse(record.position().position().substring(3));
  }
}
