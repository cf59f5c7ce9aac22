package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.SinkException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Interrupted syncs resume from the last state the sink accepted: a snapshot after its last key copied, a stream
 * after its last transaction; the records the sink made durable plus those of the resumed sync rebuild the table.
 */
@EachPostgresVersion
class PostgresResumeTest {
  private static final SyncOptions EVERY_TWO = SyncOptions.builder().checkpointEveryRows(2).build();

  @Parameter
  SharedPostgresServer postgres;

  private PgFixture pg;

  @BeforeEach
  void setUp() throws Exception {
    pg = new PgFixture(postgres.get(), "resume");
  }

  @AfterEach
  void tearDown() throws Exception {
    pg.close();
  }

  @Test
  void anInterruptedSnapshotResumesAfterTheLastKeyCopiedAndLosesNothing() throws Exception {
    pg.create("resume_rows", "id int PRIMARY KEY, v text");
    pg.execute("INSERT INTO resume_rows SELECT g, 'v' || g FROM generate_series(1, 100) g");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("resume_rows", "id"));
    try (PostgresClient client = pg.client().snapshotChunkSize(10).build()) {
      CollectingSink failing = new CollectingSink().failingOn(r -> r.data().get("id").equals(45L));
      SinkException failure = catchThrowableOfType(SinkException.class,
          () -> client.sync(catalog, State.empty(), failing, SyncOptions.builder().checkpointEveryRows(10).build()));
      TableCursor cursor = failure.state().streams().get("resume_rows").shards().get("-").toTableCursor();
      assertThat(cursor.isCopying()).isTrue();
      assertThat(cursor.lastKnownPk().rows().get(0).get(0).toStringUtf8()).isEqualTo("40");
      assertThat(failing.durable).hasSize(40);

      pg.execute("UPDATE resume_rows SET v = 'early' WHERE id = 10", "UPDATE resume_rows SET v = 'late' WHERE id = 80",
          "DELETE FROM resume_rows WHERE id = 50", "INSERT INTO resume_rows VALUES (101, 'new')");
      CollectingSink resumed = new CollectingSink();
      client.sync(catalog, failure.state(), resumed);
      // The rest of the snapshot starts after key 40; the stream then starts at the first snapshot's position.
      assertThat(resumed.records.get(0).data().get("id")).isEqualTo(41L);
      TableImage image = new TableImage().apply(failing.durable).apply(resumed.records);
      assertThat(image.rows).isEqualTo(TableImage.of(pg.sql, "resume_rows"));
    }
  }

  @Test
  void closingDuringASnapshotReturnsItsProgress() throws Exception {
    pg.create("resume_closed", "id int PRIMARY KEY, v text");
    pg.execute("INSERT INTO resume_closed SELECT g, 'v' || g FROM generate_series(1, 50) g");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("resume_closed", "id"));
    PostgresClient[] holder = new PostgresClient[1];
    CollectingSink closing = new CollectingSink().onRecord(r -> {
      if (r.data().get("id").equals(25L)) {
        holder[0].close();
      }
    });
    State progress;
    try (PostgresClient client = pg.client().snapshotChunkSize(10).build()) {
      holder[0] = client;
      progress = client.stream(catalog, State.empty(), closing);
    }
    TableCursor cursor = progress.streams().get("resume_closed").shards().get("-").toTableCursor();
    assertThat(cursor.lastKnownPk().rows().get(0).get(0).toStringUtf8()).isEqualTo("20");
    assertThat(closing.lastState()).isEqualTo(progress);
    try (PostgresClient client = pg.client().snapshotChunkSize(10).build()) {
      CollectingSink resumed = new CollectingSink();
      client.sync(catalog, progress, resumed);
      assertThat(resumed.records.get(0).data().get("id")).isEqualTo(21L);
      assertThat(new TableImage().apply(closing.durable).apply(resumed.records).rows)
          .isEqualTo(TableImage.of(pg.sql, "resume_closed"));
    }
  }

  @Test
  void theSinkFailingAtEveryCallOfASnapshotLosesNothing() throws Exception {
    pg.create("resume_each", "id int PRIMARY KEY, v text");
    pg.execute("INSERT INTO resume_each SELECT g, 'v' || g FROM generate_series(1, 6) g");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("resume_each", "id"));
    try (PostgresClient client = pg.client().snapshotChunkSize(2).build()) {
      int failures = 0;
      for (int call = 0; ; call++) {
        // A whole sync from nothing whose sink fails at call `call`, then resumed from the state it carries.
        CollectingSink failing = new CollectingSink().failingAtCall(call);
        TableImage image = new TableImage();
        try {
          client.sync(catalog, State.empty(), failing, EVERY_TWO);
          break; // the sync made fewer calls than this
        } catch (SinkException e) {
          failures++;
          pg.execute("UPDATE resume_each SET v = 'c" + call + "' WHERE id = " + (call % 6 + 1));
          CollectingSink resumed = new CollectingSink();
          client.sync(catalog, e.state(), resumed, EVERY_TWO);
          image.apply(failing.durable).apply(resumed.records);
        }
        assertThat(image.rows).as("failing at call %d", call).isEqualTo(TableImage.of(pg.sql, "resume_each"));
      }
      assertThat(failures).isGreaterThan(10);
    }
  }

  @Test
  void theSinkFailingAtEveryCallOfAStreamLosesNothing() throws Exception {
    pg.create("resume_stream", "id int PRIMARY KEY, v text");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("resume_stream", "id"));
    try (PostgresClient client = pg.client().build()) {
      State state = client.sync(catalog, State.empty(), new CollectingSink());
      TableImage image = new TableImage();
      int failures = 0;
      for (int call = 0; ; call++) {
        int n = call * 10;
        pg.execute("INSERT INTO resume_stream VALUES (" + (n + 1) + ", 'a'), (" + (n + 2) + ", 'b')",
            "UPDATE resume_stream SET v = 'u' WHERE id = " + (n + 1),
            "BEGIN", "DELETE FROM resume_stream WHERE id = " + (n + 2),
            "INSERT INTO resume_stream VALUES (" + (n + 3) + ", 'c')", "COMMIT");
        CollectingSink failing = new CollectingSink().failingAtCall(call);
        try {
          state = client.sync(catalog, state, failing, EVERY_TWO);
          image.apply(failing.durable);
          break;
        } catch (SinkException e) {
          failures++;
          image.apply(failing.durable);
          CollectingSink resumed = new CollectingSink();
          state = client.sync(catalog, e.state(), resumed, EVERY_TWO);
          image.apply(resumed.records);
        }
        assertThat(image.rows).as("failing at call %d", call).isEqualTo(TableImage.of(pg.sql, "resume_stream"));
      }
      assertThat(failures).isGreaterThan(5);
      assertThat(image.rows).isEqualTo(TableImage.of(pg.sql, "resume_stream"));
    }
  }
}
