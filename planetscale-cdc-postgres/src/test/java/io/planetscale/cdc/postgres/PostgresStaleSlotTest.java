package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * A slot invalidated because its WAL was removed ({@code max_slot_wal_keep_size}) cannot continue a state: the
 * sync fails with {@link StaleCursorException}, or snapshots again when asked to.
 */
@EachPostgresVersion
class PostgresStaleSlotTest {
  @Parameter
  SharedPostgresServer postgres;

  private PgFixture pg;

  @BeforeEach
  void setUp() throws Exception {
    pg = new PgFixture(postgres.get(), "stale");
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      pg.execute("ALTER SYSTEM RESET max_slot_wal_keep_size", "SELECT pg_reload_conf()");
    } finally {
      pg.close();
    }
  }

  @Test
  void anInvalidatedSlotIsAStaleCursorOrASnapshotAgain() throws Exception {
    pg.create("stale_rows", "id int PRIMARY KEY");
    pg.create("stale_filler", "pad text");
    pg.execute("INSERT INTO stale_rows SELECT g FROM generate_series(1, 5) g");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("stale_rows", "id"));
    try (PostgresClient client = pg.client().build()) {
      State state = client.sync(catalog, State.empty(), new CollectingSink());
      pg.execute("INSERT INTO stale_rows VALUES (6)");

      // Keep at most 1 MB of WAL for slots, then write and switch segments until the idle slot loses its WAL.
      pg.execute("ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'", "SELECT pg_reload_conf()");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!"lost".equals(pg.queryText("SELECT wal_status FROM pg_replication_slots WHERE slot_name = '"
          + pg.slot + "'"))) {
        assertThat(System.nanoTime()).as("the slot is invalidated in time").isLessThan(deadline);
        pg.execute("INSERT INTO stale_filler SELECT repeat('x', 1000) FROM generate_series(1, 2000)",
            "SELECT pg_switch_wal()", "CHECKPOINT");
      }
      pg.execute("ALTER SYSTEM RESET max_slot_wal_keep_size", "SELECT pg_reload_conf()");

      State stale = state;
      assertThatThrownBy(() -> client.sync(catalog, stale, new CollectingSink()))
          .isInstanceOf(StaleCursorException.class)
          .hasMessageContaining("stale_rows")
          .hasStackTraceContaining("invalidated");

      CollectingSink again = new CollectingSink();
      State fresh = client.sync(catalog, stale, again, SyncOptions.builder().restartOnStaleCursor(true).build());
      assertThat(again.records).extracting(r -> r.data().get("id"))
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(pg.queryText("SELECT wal_status FROM pg_replication_slots WHERE slot_name = '" + pg.slot + "'"))
          .isNotEqualTo("lost");
      pg.execute("INSERT INTO stale_rows VALUES (7)");
      CollectingSink next = new CollectingSink();
      client.sync(catalog, fresh, next);
      assertThat(next.records).extracting(r -> r.data().get("id")).containsExactly(7L);
    }
  }
}
