package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.State;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** What the stream makes of each kind of change: before-images, unchanged TOAST, truncate, new columns. */
@EachPostgresVersion
class PostgresChangesTest {
  @Parameter
  SharedPostgresServer postgres;

  private PgFixture pg;

  @BeforeEach
  void setUp() throws Exception {
    pg = new PgFixture(postgres.get(), "changes");
  }

  @AfterEach
  void tearDown() throws Exception {
    pg.close();
  }

  /** Runs a snapshot of the (empty) tables, applies the statements, and returns the records of the next sync. */
  private List<Record> changes(PostgresClient client, Catalog catalog, CollectingSink sink, String... statements)
      throws Exception {
    State start = client.sync(catalog, State.empty(), new CollectingSink());
    pg.execute(statements);
    client.sync(catalog, start, sink);
    return sink.records;
  }

  @Test
  void unchangedToastValuesAreAbsentNeverNull() throws Exception {
    pg.create("chg_docs", "id int PRIMARY KEY, title text, body text");
    pg.execute("ALTER TABLE chg_docs ALTER COLUMN body SET STORAGE EXTERNAL"); // out of line, uncompressed
    String big = "x".repeat(10_000);
    try (PostgresClient client = pg.client().build()) {
      CollectingSink sink = new CollectingSink();
      List<Record> records = changes(client, TestCatalogs.catalog(TestCatalogs.stream("chg_docs", "id")), sink,
          "INSERT INTO chg_docs VALUES (1, 'a', '" + big + "')",
          "UPDATE chg_docs SET title = 'b' WHERE id = 1",
          "UPDATE chg_docs SET body = NULL WHERE id = 1");
      assertThat(records).extracting(Record::operation)
          .containsExactly(Operation.INSERT, Operation.UPDATE, Operation.UPDATE);
      assertThat(records.get(0).data()).containsEntry("body", big);
      Record untouched = records.get(1);
      assertThat(untouched.data()).containsEntry("title", "b").doesNotContainKey("body");
      assertThat(untouched.absentColumns()).containsExactly("body");
      Record cleared = records.get(2);
      assertThat(cleared.data()).containsEntry("body", null);
      assertThat(cleared.absentColumns()).isEmpty();
    }
  }

  @Test
  void beforeImagesAreKeyOnlyWithDefaultAndWholeWithFull() throws Exception {
    pg.create("chg_default", "id int PRIMARY KEY, v text");
    pg.create("chg_full", "id int PRIMARY KEY, v text");
    pg.execute("ALTER TABLE chg_full REPLICA IDENTITY FULL");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("chg_default", "id"),
        TestCatalogs.stream("chg_full", "id"));
    try (PostgresClient client = pg.client().build()) {
      CollectingSink sink = new CollectingSink();
      List<Record> records = changes(client, catalog, sink,
          "INSERT INTO chg_default VALUES (1, 'a')", "INSERT INTO chg_full VALUES (1, 'a')",
          "UPDATE chg_default SET id = 2, v = 'b' WHERE id = 1", "UPDATE chg_full SET v = 'b' WHERE id = 1",
          "DELETE FROM chg_default WHERE id = 2", "DELETE FROM chg_full WHERE id = 1");
      List<Record> defaults = sink.of("chg_default");
      List<Record> full = sink.of("chg_full");
      assertThat(records).hasSize(6);
      // DEFAULT: a key change sends the old key only; the other columns are absent from the before-image.
      assertThat(defaults.get(1).before()).containsOnlyKeys("id").containsEntry("id", 1L);
      assertThat(defaults.get(1).absentBeforeColumns()).containsExactly("v");
      assertThat(defaults.get(2).operation()).isEqualTo(Operation.DELETE);
      assertThat(defaults.get(2).data()).containsOnlyKeys("id").containsEntry("id", 2L);
      assertThat(defaults.get(2).absentBeforeColumns()).containsExactly("v");
      // FULL: whole old rows.
      assertThat(full.get(1).before()).containsEntry("id", 1L).containsEntry("v", "a");
      assertThat(full.get(1).absentBeforeColumns()).isEmpty();
      assertThat(full.get(1).data()).containsEntry("v", "b");
      assertThat(full.get(2).before()).containsEntry("id", 1L).containsEntry("v", "b");
      assertThat(full.get(2).data()).containsOnlyKeys("id");
    }
  }

  @Test
  void truncateIsARecordWithoutData() throws Exception {
    pg.create("chg_trunc_a", "id int PRIMARY KEY");
    pg.create("chg_trunc_b", "id int PRIMARY KEY");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("chg_trunc_a", "id"),
        TestCatalogs.stream("chg_trunc_b", "id"));
    try (PostgresClient client = pg.client().build()) {
      CollectingSink sink = new CollectingSink();
      List<Record> records = changes(client, catalog, sink, "INSERT INTO chg_trunc_a VALUES (1)",
          "TRUNCATE chg_trunc_a, chg_trunc_b");
      assertThat(records).extracting(Record::stream, Record::operation).containsExactly(
          org.assertj.core.groups.Tuple.tuple("chg_trunc_a", Operation.INSERT),
          org.assertj.core.groups.Tuple.tuple("chg_trunc_a", Operation.TRUNCATE),
          org.assertj.core.groups.Tuple.tuple("chg_trunc_b", Operation.TRUNCATE));
      assertThat(records.get(1).data()).isEmpty();
      assertThat(records.get(1).before()).isNull();
      assertThat(records.get(1).position().position()).isEqualTo(records.get(2).position().position());
    }
  }

  @Test
  void aNewColumnIsAnnouncedAsASchemaChangeBeforeTheRecordsThatCarryIt() throws Exception {
    pg.create("chg_shape", "id int PRIMARY KEY, v text");
    try (PostgresClient client = pg.client().build()) {
      CollectingSink sink = new CollectingSink();
      List<Record> records = changes(client, TestCatalogs.catalog(TestCatalogs.stream("chg_shape", "id")), sink,
          "INSERT INTO chg_shape VALUES (1, 'a')", "ALTER TABLE chg_shape ADD COLUMN extra int",
          "INSERT INTO chg_shape VALUES (2, 'b', 7)");
      assertThat(records).hasSize(2);
      assertThat(records.get(1).data()).containsEntry("extra", 7L);
      assertThat(sink.schemaChanges).hasSize(1);
      SchemaChange change = sink.schemaChanges.get(0);
      assertThat(change.columnNames()).containsExactly("id", "v", "extra");
      assertThat(change.stream()).isEqualTo("chg_shape");
      // A state may come at any point (the stream also confirms WAL that carries none of these records).
      List<String> calls = sink.calls.stream().filter(call -> !call.equals("state")).toList();
      int schemaCall = calls.indexOf("schema");
      assertThat(calls.subList(0, schemaCall)).containsExactly("record", "flush");
      assertThat(calls.get(schemaCall + 1)).isEqualTo("record");
    }
  }

  @Test
  void aColumnOfATypeCreatedMidStreamConvertsByItsType() throws Exception {
    pg.create("chg_typed", "id int PRIMARY KEY");
    pg.execute("DROP TYPE IF EXISTS chg_color");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("chg_typed", "id"));
    CollectingSink sink = new CollectingSink();
    try (PostgresClient client = pg.client().build()) {
      java.util.concurrent.CompletableFuture<State> streaming = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> client.stream(catalog, State.empty(), sink));
      Await.until("the stream to start", () -> "t".equals(pg.query("SELECT active FROM pg_replication_slots "
          + "WHERE slot_name = '" + pg.slot + "'")), streaming);
      pg.execute("CREATE TYPE chg_color AS ENUM ('red', 'blue')",
          "ALTER TABLE chg_typed ADD COLUMN colors chg_color[]",
          "INSERT INTO chg_typed VALUES (1, '{red,blue}')");
      Await.until("the insert", () -> !sink.recordsSoFar().isEmpty(), streaming);
      client.close();
      streaming.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pg.execute("DROP TABLE IF EXISTS chg_typed", "DROP TYPE IF EXISTS chg_color");
    }
    assertThat(sink.records.get(0).data()).containsEntry("colors", List.of("red", "blue"));
  }
}
