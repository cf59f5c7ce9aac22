package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.ShardCounts;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncListener;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import io.planetscale.cdc.postgres.internal.pgoutput.Lsn;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** Snapshot, then changes, through {@link PostgresClient#sync} on a real server. */
@EachPostgresVersion
class PostgresSyncTest {
  @Parameter
  SharedPostgresServer postgres;

  private PgFixture pg;

  @BeforeEach
  void setUp() throws Exception {
    pg = new PgFixture(postgres.get(), "sync");
  }

  @AfterEach
  void tearDown() throws Exception {
    pg.close();
  }

  @Test
  void snapshotsEveryTableThenDeliversExactlyTheLaterChanges() throws Exception {
    pg.create("sync_orders", "id int PRIMARY KEY, note text, amount numeric(10,2)");
    pg.create("sync_tags", "a text, b int, label text, PRIMARY KEY (a, b)");
    pg.execute("INSERT INTO sync_orders SELECT g, 'note ' || g, g * 1.5 FROM generate_series(1, 25) g",
        "INSERT INTO sync_tags VALUES ('x', 1, 'one'), ('x', 2, 'two'), ('y', 1, NULL)");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("sync_orders", "id"),
        TestCatalogs.stream("sync_tags", "a", "b"));
    try (PostgresClient client = pg.client().snapshotChunkSize(10).snapshotParallelism(2).build()) {
      CollectingSink first = new CollectingSink();
      State afterSnapshot = client.sync(catalog, State.empty(), first);
      assertThat(first.of("sync_orders")).hasSize(25).allMatch(r -> r.operation() == Operation.INSERT);
      assertThat(first.of("sync_orders")).extracting(r -> r.data().get("id"))
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
      assertThat(first.of("sync_orders").get(2).data()).containsEntry("note", "note 3")
          .containsEntry("amount", new BigDecimal("4.50"));
      assertThat(first.of("sync_tags")).extracting(Record::data).containsExactly(
          map("a", "x", "b", 1L, "label", "one"), map("a", "x", "b", 2L, "label", "two"),
          map("a", "y", "b", 1L, "label", null));
      assertThat(first.durable).hasSize(28);
      TableCursor cursor = afterSnapshot.streams().get("sync_orders").shards().get("-").toTableCursor();
      assertThat(cursor.keyspace()).isEqualTo("postgres");
      assertThat(cursor.position()).startsWith("pg:");
      assertThat(cursor.lastKnownPk()).isNull();

      pg.execute("INSERT INTO sync_orders VALUES (26, 'new', 1)",
          "UPDATE sync_orders SET note = 'changed' WHERE id = 3",
          "DELETE FROM sync_orders WHERE id = 4",
          "BEGIN", "UPDATE sync_tags SET label = 'uno' WHERE a = 'x' AND b = 1",
          "DELETE FROM sync_tags WHERE a = 'y'", "COMMIT");
      CollectingSink second = new CollectingSink();
      List<String> events = new java.util.ArrayList<>();
      SyncListener listener = new SyncListener() {
        @Override
        public void streamStarted(Stream stream, boolean incremental) {
          events.add("started " + stream.name() + (incremental ? " incremental" : " full"));
        }

        @Override
        public void streamFinished(String stream, ShardCounts counts) {
          events.add("finished " + stream + " " + counts.inserts() + "/" + counts.updates() + "/" + counts.deletes());
        }
      };
      State afterChanges = client.sync(catalog, afterSnapshot, second,
          SyncOptions.builder().listener(listener).build());
      assertThat(events).containsExactlyInAnyOrder("started sync_orders incremental",
          "started sync_tags incremental", "finished sync_orders 1/1/1", "finished sync_tags 0/1/1");
      assertThat(second.records).extracting(Record::stream, Record::operation).containsExactly(
          org.assertj.core.groups.Tuple.tuple("sync_orders", Operation.INSERT),
          org.assertj.core.groups.Tuple.tuple("sync_orders", Operation.UPDATE),
          org.assertj.core.groups.Tuple.tuple("sync_orders", Operation.DELETE),
          org.assertj.core.groups.Tuple.tuple("sync_tags", Operation.UPDATE),
          org.assertj.core.groups.Tuple.tuple("sync_tags", Operation.DELETE));
      Record update = second.records.get(1);
      assertThat(update.data()).containsEntry("id", 3L).containsEntry("note", "changed");
      assertThat(update.before()).isNull(); // REPLICA IDENTITY DEFAULT, key unchanged: no old tuple
      Record delete = second.records.get(2);
      assertThat(delete.data()).isEqualTo(map("id", 4L));
      assertThat(delete.absentBeforeColumns()).containsExactly("note", "amount");
      // Records of one transaction share its commit LSN and are numbered from 0.
      assertThat(second.records.get(3).position().position()).isEqualTo(second.records.get(4).position().position());
      assertThat(second.records.get(3).position().sequence()).isZero();
      assertThat(second.records.get(4).position().sequence()).isEqualTo(1);
      long covered = Lsn.parse(afterChanges.streams().get("sync_tags").shards().get("-").toTableCursor()
          .position().substring(3));
      assertThat(covered).isGreaterThan(Lsn.parse(cursor.position().substring(3)));

      CollectingSink third = new CollectingSink();
      client.sync(catalog, afterChanges, third);
      assertThat(third.records).isEmpty();
      assertThat(third.states).isNotEmpty();
      assertThat(Lsn.parse(pg.confirmedFlush())).isGreaterThanOrEqualTo(covered);
    }
  }

  @Test
  void resumesChunksAfterKeysThatNeedEscapingInLiterals() throws Exception {
    pg.create("sync_awkward", "k text, ts timestamptz, n numeric, id int, v text, PRIMARY KEY (k, ts, n)");
    List<String> keys = List.of("plain", "it's", "back\\slash", "tab\there", "new\nline", "\\N", "",
        "Grüße 日本 😀", "quote\"double", "E'x'", "trailing\\", "''");
    List<String> inserts = new java.util.ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      for (int j = 0; j < 2; j++) {
        int id = i * 2 + j;
        inserts.add("INSERT INTO sync_awkward VALUES ($q$" + keys.get(i) + "$q$, TIMESTAMPTZ '2026-12-01 10:00:00.5+01'"
            + " + interval '1 microsecond' * " + j + ", 1.10 + " + j + ", " + id + ", $q$v\t" + keys.get(i) + "$q$)");
      }
    }
    pg.execute(inserts.toArray(String[]::new));
    String order = pg.queryText("SELECT string_agg(id::text, ',' ORDER BY k, ts, n) FROM sync_awkward");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("sync_awkward", "k", "ts", "n"));
    try (PostgresClient client = pg.client().snapshotChunkSize(3).build()) {
      CollectingSink sink = new CollectingSink();
      client.sync(catalog, State.empty(), sink);
      List<Record> rows = sink.of("sync_awkward");
      assertThat(rows).extracting(r -> String.valueOf(r.data().get("id")))
          .containsExactly(order.split(","));
      for (Record row : rows) {
        int id = ((Number) row.data().get("id")).intValue();
        assertThat(row.data()).containsEntry("k", keys.get(id / 2)).containsEntry("v", "v\t" + keys.get(id / 2))
            .containsEntry("n", new BigDecimal("1.10").add(BigDecimal.valueOf(id % 2)));
      }
    }
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static List<Object> ids(List<Record> records) {
    return records.stream().map(r -> r.data().get("id")).toList();
  }
}
