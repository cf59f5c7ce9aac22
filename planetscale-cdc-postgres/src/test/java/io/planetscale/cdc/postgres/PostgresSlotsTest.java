package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncLogger;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import io.planetscale.cdc.spi.ReadOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** Slots and publications that must exist, temporary slots, and a snapshot whose connection is killed. */
@EachPostgresVersion
class PostgresSlotsTest {
  @Parameter
  SharedPostgresServer postgres;

  private PgFixture pg;

  @BeforeEach
  void setUp() throws Exception {
    pg = new PgFixture(postgres.get(), "slots");
  }

  @AfterEach
  void tearDown() throws Exception {
    pg.close();
  }

  @Test
  void aMissingSlotOrPublicationIsAConfigurationErrorSayingWhatToRun() throws Exception {
    pg.create("slots_rows", "id int PRIMARY KEY");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("slots_rows", "id"));
    try (PostgresClient client = pg.client().createIfMissing(false).build()) {
      assertThatThrownBy(() -> client.sync(catalog, State.empty(), new CollectingSink()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("publication \"" + pg.publication + "\" does not exist")
          .hasMessageContaining("CREATE PUBLICATION");
      pg.execute("CREATE PUBLICATION " + SyncTable.quote(pg.publication) + " FOR TABLE slots_rows");
      assertThatThrownBy(() -> client.sync(catalog, State.empty(), new CollectingSink()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("replication slot \"" + pg.slot + "\" does not exist")
          .hasMessageContaining("pg_create_logical_replication_slot");
      pg.execute("SELECT pg_create_logical_replication_slot('" + pg.slot + "', 'pgoutput')");
      pg.execute("INSERT INTO slots_rows VALUES (1)");
      CollectingSink sink = new CollectingSink();
      java.util.List<String> logged = new java.util.ArrayList<>();
      SyncLogger logger = new SyncLogger() {
        @Override
        public void info(String message) {
          logged.add(message);
        }

        @Override
        public void error(String message) {
          logged.add(message);
        }

        @Override
        public void streamSchema(io.planetscale.cdc.Stream stream) {}
      };
      client.sync(catalog, State.empty(), sink, SyncOptions.builder().logger(logger).build());
      assertThat(sink.records).extracting(r -> r.data().get("id")).containsExactly(1L);
      // The slot made by hand is not a failover slot: the sync says so and how to fix it.
      assertThat(logged).anyMatch(m -> m.contains("is not a failover slot") && m.contains("FAILOVER true"));
    }
  }

  @Test
  void aTableWithoutReplicaIdentityIsNotAddedToThePublication() throws Exception {
    pg.create("slots_nokey", "v text");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("slots_nokey"));
    try (PostgresClient client = pg.client().build()) {
      assertThatThrownBy(() -> client.sync(catalog, State.empty(), new CollectingSink()))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("slots_nokey")
          .hasMessageContaining("REPLICA IDENTITY");
      assertThat(pg.queryText("SELECT count(*) FROM pg_publication WHERE pubname = '" + pg.publication + "'"))
          .isEqualTo("0");
      pg.execute("ALTER TABLE slots_nokey REPLICA IDENTITY FULL", "INSERT INTO slots_nokey VALUES ('a'), ('b')");
      CollectingSink sink = new CollectingSink();
      State state = client.sync(catalog, State.empty(), sink);
      assertThat(sink.records).extracting(r -> r.data().get("v")).containsExactlyInAnyOrder("a", "b");
      pg.execute("UPDATE slots_nokey SET v = 'c' WHERE v = 'a'");
      CollectingSink changes = new CollectingSink();
      client.sync(catalog, state, changes);
      assertThat(changes.records).singleElement().satisfies(r -> {
        assertThat(r.before()).containsEntry("v", "a");
        assertThat(r.data()).containsEntry("v", "c");
      });
    }
  }

  @Test
  void aTemporarySlotServesOneSyncAndCannotContinueItsState() throws Exception {
    pg.create("slots_temp", "id int PRIMARY KEY");
    pg.execute("INSERT INTO slots_temp VALUES (1), (2)");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("slots_temp", "id"));
    try (PostgresClient client = pg.client().temporarySlot(true).build()) {
      CollectingSink sink = new CollectingSink();
      State state = client.sync(catalog, State.empty(), sink);
      assertThat(sink.records).hasSize(2);
      // The server drops a temporary slot when its connection's backend exits, just after the sync closed it.
      Await.until("the temporary slot to go", () -> "0".equals(pg.query("SELECT count(*) FROM pg_replication_slots "
          + "WHERE slot_name = '" + pg.slot + "'")), null);
      assertThatThrownBy(() -> client.sync(catalog, state, new CollectingSink()))
          .isInstanceOf(StaleCursorException.class).hasMessageContaining("slots_temp");
      CollectingSink again = new CollectingSink();
      client.sync(catalog, state, again, SyncOptions.builder().restartOnStaleCursor(true).build());
      assertThat(again.records).hasSize(2);
    }
  }

  @Test
  void aSnapshotWhoseConnectionIsKilledWithoutRetriesResumesFromTheLastAcceptedState() throws Exception {
    pg.create("slots_killed", "id int PRIMARY KEY, v text");
    pg.execute("INSERT INTO slots_killed SELECT g, 'v' || g FROM generate_series(1, 60) g");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("slots_killed", "id"));
    AtomicBoolean killed = new AtomicBoolean();
    CollectingSink interrupted = new CollectingSink().onRecord(record -> {
      if (record.data().get("id").equals(25L) && killed.compareAndSet(false, true)) {
        pg.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE query ~ '^(COPY \\()?SELECT t\\.' AND query LIKE '%slots_killed%'"
            + " AND pid <> pg_backend_pid()");
      }
    });
    try (PostgresClient client = pg.client().snapshotChunkSize(10).snapshotParallelism(1).build()) {
      ConnectionException failure = catchThrowableOfType(ConnectionException.class, () -> client.sync(catalog,
          State.empty(), interrupted, SyncOptions.builder().checkpointEveryRows(10)
              .readOptions(ReadOptions.defaults().withRetryPolicy(RetryPolicy.none())).build()));
      assertThat(failure).hasMessageContaining("slots_killed").hasMessageContaining("after key [30]");
      State accepted = interrupted.lastState();
      assertThat(accepted.streams().get("slots_killed").shards().get("-").toTableCursor().isCopying()).isTrue();
      pg.execute("DELETE FROM slots_killed WHERE id = 5", "UPDATE slots_killed SET v = 'x' WHERE id = 55");
      CollectingSink resumed = new CollectingSink();
      client.sync(catalog, accepted, resumed);
      assertThat(new TableImage().apply(interrupted.durable).apply(resumed.records).rows)
          .isEqualTo(TableImage.of(pg.sql, "slots_killed"));
    }
  }

}
