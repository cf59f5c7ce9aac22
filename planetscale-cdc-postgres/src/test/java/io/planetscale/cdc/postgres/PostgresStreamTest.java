package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import io.planetscale.cdc.postgres.internal.pgoutput.Lsn;
import io.planetscale.cdc.spi.ReadOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** Continuous streaming: reconnection after the walsender is killed, confirmation while idle, failover slots. */
@EachPostgresVersion
class PostgresStreamTest {
  private static final int ROWS = 3_000;
  private static final SyncOptions QUICK_RETRIES = SyncOptions.builder()
      .readOptions(ReadOptions.defaults().withRetryPolicy(new RetryPolicy(10, Duration.ofMillis(50),
          Duration.ofMillis(500), 0)))
      .build();

  @Parameter
  SharedPostgresServer postgres;

  private PgFixture pg;

  @BeforeEach
  void setUp() throws Exception {
    pg = new PgFixture(postgres.get(), "stream");
  }

  @AfterEach
  void tearDown() throws Exception {
    pg.close();
  }

  @Test
  void aKilledReplicationConnectionIsResumedWithNothingLostOrDuplicatedAndIdleSlotsAdvance() throws Exception {
    pg.create("stream_rows", "id int PRIMARY KEY, v text");
    pg.create("stream_other", "id int"); // not published: its writes are WAL the stream has nothing to deliver for
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("stream_rows", "id"));
    AtomicBoolean killed = new AtomicBoolean();
    CollectingSink sink = new CollectingSink().onRecord(record -> {
      // Kill the walsender in the middle of the big transaction, once.
      if (record.data().get("id").equals(100L) && killed.compareAndSet(false, true)) {
        terminateWalsender();
      }
    });
    try (PostgresClient client = pg.client().build()) {
      CompletableFuture<State> streaming = CompletableFuture.supplyAsync(
          () -> client.stream(catalog, State.empty(), sink, QUICK_RETRIES));
      Await.until("the slot to exist and the stream to be active", () -> "t".equals(pg.query(
          "SELECT active FROM pg_replication_slots WHERE slot_name = '" + pg.slot + "'")), streaming);
      assertThat(pg.query("SELECT failover FROM pg_replication_slots WHERE slot_name = '" + pg.slot + "'"))
          .as("a failover slot").isEqualTo("t");
      String firstWalsender = pg.query("SELECT active_pid FROM pg_replication_slots WHERE slot_name = '" + pg.slot
          + "'");

      pg.execute("INSERT INTO stream_rows SELECT g, 'v' || g FROM generate_series(1, " + ROWS + ") g",
          "UPDATE stream_rows SET v = 'after' WHERE id = 1");
      Await.until("every change", () -> sink.recordsSoFar().size() >= ROWS + 1, streaming);
      assertThat(killed).isTrue();
      Await.until("a new walsender", () -> {
        String pid = pg.query("SELECT active_pid FROM pg_replication_slots WHERE slot_name = '" + pg.slot + "'");
        return pid != null && !pid.equals(firstWalsender);
      }, streaming);

      // Idle: only unpublished writes. The slot's confirmed position still moves past them.
      pg.execute("INSERT INTO stream_other SELECT g FROM generate_series(1, 1000) g");
      long written = Lsn.parse(pg.query("SELECT pg_current_wal_insert_lsn()::text"));
      Await.until("the slot to be confirmed past idle WAL", () -> Lsn.parse(pg.query("SELECT confirmed_flush_lsn::text "
          + "FROM pg_replication_slots WHERE slot_name = '" + pg.slot + "'")) >= written, streaming);

      client.close();
      State last = streaming.get(30, TimeUnit.SECONDS);
      List<Record> records = sink.recordsSoFar();
      assertThat(records).hasSize(ROWS + 1);
      assertThat(records.subList(0, ROWS)).extracting(r -> r.data().get("id"))
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, ROWS).boxed().toList());
      assertThat(records.subList(0, ROWS)).extracting(r -> r.position().sequence())
          .containsExactlyElementsOf(java.util.stream.LongStream.range(0, ROWS).boxed().toList());
      assertThat(records.get(ROWS).data()).containsEntry("v", "after");
      String position = last.streams().get("stream_rows").shards().get("-").toTableCursor().position();
      assertThat(Lsn.parse(position.substring(3))).isGreaterThanOrEqualTo(written);
    }
  }

  @Test
  void failoverCanBeTurnedOff() throws Exception {
    pg.create("stream_plain", "id int PRIMARY KEY");
    try (PostgresClient client = pg.client().failoverSlot(false).build()) {
      client.sync(TestCatalogs.catalog(TestCatalogs.stream("stream_plain", "id")), State.empty(), new CollectingSink());
      assertThat(pg.query("SELECT failover FROM pg_replication_slots WHERE slot_name = '" + pg.slot + "'"))
          .isEqualTo("f");
    }
  }

  private void terminateWalsender() {
    pg.query("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '" + pg.slot
        + "' AND active_pid IS NOT NULL");
  }
}
