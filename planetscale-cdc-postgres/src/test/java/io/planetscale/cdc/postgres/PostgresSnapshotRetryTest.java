package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Connections lost during the snapshot are retried within the same sync call: a snapshot reader's backend
 * terminated mid-table, the replication connection that exported the snapshot terminated too, the slot's
 * creation terminated, and the retries running out. The sink receives every row once, and the records rebuild
 * the table.
 */
@EachPostgresVersion
class PostgresSnapshotRetryTest {
  private static final int ROWS = 100;

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

  private static SyncOptions retries(int attempts) {
    return SyncOptions.builder().checkpointEveryRows(10).readOptions(ReadOptions.defaults()
        .withRetryPolicy(new RetryPolicy(attempts, Duration.ofMillis(50), Duration.ofMillis(200), 0))).build();
  }

  @Test
  void aKilledSnapshotConnectionIsReopenedInTheSameSnapshotAndEveryRowArrivesOnce() throws Exception {
    String table = table("snapretry_worker");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream(table, "id"));
    AtomicBoolean killed = new AtomicBoolean();
    CollectingSink sink = new CollectingSink().onRecord(record -> {
      if (record.data().get("id").equals(25L) && killed.compareAndSet(false, true)) {
        killSnapshotReader(table);
        changeRowsReadAndUnread(table);
      }
    });
    try (PostgresClient client = pg.client().snapshotChunkSize(10).snapshotParallelism(1).build()) {
      State state = client.sync(catalog, State.empty(), sink, retries(5));
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
      // The changes came after the position the sync had to reach: the next sync brings them.
      CollectingSink next = new CollectingSink();
      client.sync(catalog, state, next);
      assertThat(next.records).hasSize(4);
      assertThat(new TableImage().apply(sink.records).apply(next.records).rows)
          .isEqualTo(TableImage.of(pg.sql, table));
    }
  }

  @Test
  void aLostExportedSnapshotContinuesInANewerOneWithNothingLost() throws Exception {
    String table = table("snapretry_export");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream(table, "id"));
    AtomicBoolean killed = new AtomicBoolean();
    CollectingSink sink = new CollectingSink().onRecord(record -> {
      if (record.data().get("id").equals(25L) && killed.compareAndSet(false, true)) {
        killExporter();
        killSnapshotReader(table);
        changeRowsReadAndUnread(table);
      }
    });
    try (PostgresClient client = pg.client().snapshotChunkSize(10).snapshotParallelism(1).build()) {
      State state = client.sync(catalog, State.empty(), sink, retries(5));
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
      // The stream goes on from the slot's point: it gives the changes the newer snapshot shows too, and applied
      // in order they converge.
      CollectingSink next = new CollectingSink();
      client.sync(catalog, state, next);
      assertThat(next.records).hasSize(4);
      assertThat(next.records).allSatisfy(r -> assertThat(lsn(r)).isLessThan(newer));
      assertThat(new TableImage().apply(sink.records).apply(next.records).rows)
          .isEqualTo(TableImage.of(pg.sql, table));
      waitFor("the newer snapshot's temporary slot to go", () -> "0".equals(query("SELECT count(*) FROM "
          + "pg_replication_slots WHERE slot_name LIKE '" + pg.slot + "_snapshot%'")), null);
    }
  }

  @Test
  void retriesWithoutARowInBetweenEndInAConnectionExceptionNamingTheTable() throws Exception {
    String table = table("snapretry_exhausted");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream(table, "id"));
    AtomicBoolean killed = new AtomicBoolean();
    Connection locker = pg.server.connect();
    try (locker; Connection killer = pg.server.connect(); Statement kill = killer.createStatement()) {
      CollectingSink sink = new CollectingSink().onRecord(record -> {
        if (record.data().get("id").equals(25L) && killed.compareAndSet(false, true)) {
          killSnapshotReader(table);
          try (Statement statement = locker.createStatement()) {
            // Every later attempt waits for this lock, and is killed there before it delivers a row.
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }
      });
      AtomicInteger kills = new AtomicInteger();
      try (PostgresClient client = pg.client().snapshotChunkSize(10).snapshotParallelism(1).build()) {
        CompletableFuture<State> sync = CompletableFuture.supplyAsync(
            () -> client.sync(catalog, State.empty(), sink, retries(3)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!sync.isDone()) {
          assertThat(System.nanoTime()).as("the sync gives up in time").isLessThan(deadline);
          try (java.sql.ResultSet terminated = kill.executeQuery("SELECT pg_terminate_backend(pid) FROM "
              + "pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT t.%" + table + "%'")) {
            while (terminated.next()) {
              kills.incrementAndGet();
            }
          }
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        CompletionException failure = org.assertj.core.api.Assertions.catchThrowableOfType(CompletionException.class,
            sync::join);
        assertThat(failure.getCause()).isInstanceOf(ConnectionException.class)
            .hasMessageContaining("\"public\".\"" + table + "\"").hasMessageContaining("failed 3 times in a row")
            .hasMessageContaining("after key [30]");
        assertThat(kills).hasValue(2); // the first failure delivered rows; then two without any
        locker.rollback();

        // The state the sink accepted covers whole chunks; resumed from it, nothing is missing.
        State accepted = sink.lastState();
        assertThat(cursor(accepted, table).lastKnownPk().rows().get(0).get(0).toStringUtf8()).isEqualTo("30");
        CollectingSink resumed = new CollectingSink();
        client.sync(catalog, accepted, resumed);
        assertThat(new TableImage().apply(sink.durable).apply(resumed.records).rows)
            .isEqualTo(TableImage.of(pg.sql, table));
      }
    }
  }

  @Test
  void aSlotCreationWhoseConnectionIsKilledIsRetried() throws Exception {
    String table = table("snapretry_create");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream(table, "id"));
    try (Connection open = pg.server.connect(); PostgresClient client = pg.client().build()) {
      // A transaction with an id makes CREATE_REPLICATION_SLOT wait for it: a deterministic moment to kill.
      open.setAutoCommit(false);
      try (Statement statement = open.createStatement()) {
        statement.execute("SELECT pg_current_xact_id()");
      }
      CollectingSink sink = new CollectingSink();
      CompletableFuture<State> sync = CompletableFuture.supplyAsync(
          () -> client.sync(catalog, State.empty(), sink, retries(5)));
      String creating = "SELECT pid FROM pg_stat_activity WHERE backend_type = 'walsender' AND state = 'active' "
          + "AND query LIKE 'CREATE_REPLICATION_SLOT \"" + pg.slot + "\"%'";
      waitFor("the slot's creation to wait", () -> query(creating) != null, sync);
      String first = query(creating);
      pg.execute("SELECT pg_terminate_backend(" + first + ")");
      waitFor("the creation to be tried again", () -> {
        String pid = query(creating);
        return pid != null && !pid.equals(first);
      }, sync);
      open.commit();
      State state = sync.get(60, TimeUnit.SECONDS);
      assertThat(sink.records).extracting(r -> r.data().get("id"))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, ROWS).boxed().toList());
      assertThat(cursor(state, table).isCopying()).isFalse();
      assertThat(pg.queryText("SELECT temporary FROM pg_replication_slots WHERE slot_name = '" + pg.slot + "'"))
          .as("the slot, created by the second attempt").isEqualTo("f");
    }
  }

  @Test
  void aOneShotSyncWhoseSlotConnectionIsLostFailsSayingToSyncAgain() throws Exception {
    String table = table("snapretry_temporary");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream(table, "id"));
    AtomicBoolean killed = new AtomicBoolean();
    CollectingSink sink = new CollectingSink().onRecord(record -> {
      if (record.data().get("id").equals(25L) && killed.compareAndSet(false, true)) {
        killExporter();
        killSnapshotReader(table);
      }
    });
    try (PostgresClient client = pg.client().temporarySlot(true).snapshotChunkSize(10).snapshotParallelism(1)
        .build()) {
      ConnectionException failure = org.assertj.core.api.Assertions.catchThrowableOfType(ConnectionException.class,
          () -> client.sync(catalog, State.empty(), sink, retries(5)));
      assertThat(failure).hasMessageContaining("temporary replication slot \"" + pg.slot + "\"")
          .hasMessageContaining("sync again");
      assertThat(sink.records).hasSize(30);
    }
  }

  /** A table of {@link #ROWS} rows. */
  private String table(String name) throws SQLException {
    pg.create(name, "id int PRIMARY KEY, v text");
    pg.execute("INSERT INTO " + name + " SELECT g, 'v' || g FROM generate_series(1, " + ROWS + ") g");
    return name;
  }

  /** Changes rows the snapshot read (10), has not read yet (80, 50) and will never read (101). */
  private void changeRowsReadAndUnread(String table) {
    try {
      pg.execute("UPDATE " + table + " SET v = 'early' WHERE id = 10", "UPDATE " + table + " SET v = 'late' "
          + "WHERE id = 80", "DELETE FROM " + table + " WHERE id = 50", "INSERT INTO " + table + " VALUES (101, 'new')");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Terminates the backend of the snapshot reader of a table (the chunk query is its last). */
  private void killSnapshotReader(String table) {
    assertThat(query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'SELECT t.%"
        + table + "%' AND pid <> pg_backend_pid()")).isEqualTo("1");
  }

  /** Terminates the replication connection that created the slot and exported its snapshot, and waits it out. */
  private void killExporter() {
    String exporter = "SELECT pid FROM pg_stat_activity WHERE backend_type = 'walsender' AND query LIKE "
        + "'CREATE_REPLICATION_SLOT \"" + pg.slot + "\"%'";
    String pid = query(exporter);
    assertThat(pid).as("the exporting walsender").isNotNull();
    query("SELECT pg_terminate_backend(" + pid + ")");
    waitFor("the exporting walsender to exit", () -> query("SELECT pid FROM pg_stat_activity WHERE pid = " + pid)
        == null, null);
  }

  private static TableCursor cursor(State state, String table) {
    return state.streams().get(table).shards().get("-").toTableCursor();
  }

  private static long lsn(Record record) {
    return Lsn.parse(record.position().position().substring(3));
  }

  private String query(String sql) {
    try {
      return pg.queryText(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitFor(String what, BooleanSupplier condition, CompletableFuture<?> running) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (running != null && running.isDone()) {
        running.join(); // surfaces the sync's failure
        throw new AssertionError("the sync ended while waiting for " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
