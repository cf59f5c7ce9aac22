package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.ChangeListener;
import io.planetscale.cdc.grpc.ChangeStream;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.VStreamEdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import io.planetscale.cdc.testkit.TableSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A selected column dropped while VStream reads: the DDL reaches the sink (and the listeners)
 * between the records of the old shape and those of the new one, after a flush, and later records
 * omit the column and name it absent instead of failing.
 */
class VStreamSchemaChangeE2eTest {

  /** orders(id, note, qty) with ids 1..5. */
  private static void orders(FakePlanetScale fake) {
    fake.createTable(TableSpec.builder("orders").column("id", "bigint").column("note", "varchar(64)")
        .column("qty", "int").primaryKey("id").build());
    for (long id = 1; id <= 5; id++) {
      fake.insert("orders", Map.of("id", id, "note", "n" + id, "qty", id));
    }
  }

  /** Update id 1; drop column "note"; update id 3's qty. */
  private static void dropBetweenChanges(FakePlanetScale fake) {
    fake.update("orders", 1L, Map.of("note", "old shape"));
    fake.dropColumn("orders", "note");
    fake.update("orders", 3L, Map.of("qty", 33));
  }

  /** Checks the ordered events of {@link #dropBetweenChanges} as a sink or listener saw them. */
  private static void assertShapes(List<Object> events, Stream stream) {
    List<Integer> recordIndexes = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof Record) {
        recordIndexes.add(i);
      }
    }
    assertThat(recordIndexes).as("events %s", events).hasSize(2);
    Record first = (Record) events.get(recordIndexes.get(0));
    Record second = (Record) events.get(recordIndexes.get(1));
    assertThat(recordIndexes.get(0)).as("no schema change before the old shape's record: %s", events).isZero();

    assertThat(first.operation()).isEqualTo(Operation.UPDATE);
    assertThat(first.data()).containsOnlyKeys("id", "note", "qty").containsEntry("note", "old shape");
    assertThat(first.isComplete()).isTrue();

    List<SchemaChange> between = new ArrayList<>();
    for (int i = recordIndexes.get(0) + 1; i < recordIndexes.get(1); i++) {
      between.add((SchemaChange) events.get(i));
    }
    assertThat(between).as("events %s", events).isNotEmpty();
    assertThat(between).anySatisfy(c -> assertThat(c.ddl()).containsIgnoringCase("drop column")
        .contains("note"));
    SchemaChange last = between.get(between.size() - 1);
    assertThat(last.columnNames()).as("events %s", events).containsExactly("id", "qty");
    assertThat(last.recordColumns(stream)).containsExactly("id", "qty");
    assertThat(last.omittedColumns(stream)).containsExactly("note");
    assertThat(between).allSatisfy(c -> {
      assertThat(c.stream()).isEqualTo("orders");
      assertThat(c.keyspace()).isEqualTo("shop");
      assertThat(c.shard()).isEqualTo("-");
    });

    assertThat(second.data()).as("a dropped selected column is omitted").containsOnlyKeys("id", "qty")
        .containsEntry("id", 3L);
    assertThat(String.valueOf(second.data().get("qty"))).isEqualTo("33");
    assertThat(second.absentColumns()).containsExactly("note");

    Set<RecordPosition> positions = new HashSet<>();
    for (Object e : events) {
      RecordPosition p = e instanceof Record r ? r.position() : ((SchemaChange) e).position();
      assertThat(positions.add(p)).as("position %s is unique among %s", p, events).isTrue();
    }
  }

  @Test
  void aColumnDroppedDuringASyncReachesTheSinkBetweenRecordsOfEachShape() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      orders(fake);
      Catalog catalog = E2e.catalog(fake);
      State copied = VStreamE2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      dropBetweenChanges(fake);

      VStreamE2e.EventSink sink = new VStreamE2e.EventSink();
      State next = VStreamE2e.sync(fake, edge, catalog, copied, sink, VStreamE2e.options().listener(sink).build());

      Stream stream = sink.changeStreams.get(0);
      assertShapes(sink.events, stream);
      assertThat(sink.heard).as("the sync listener hears each change").isEqualTo(sink.schemaChanges());
      for (int i = 1; i < sink.events.size(); i++) {
        if (sink.events.get(i) instanceof SchemaChange && sink.events.get(i - 1) instanceof Record) {
          assertThat(sink.flushesBefore.get(i)).as("records before a schema change are flushed first")
              .isGreaterThan(sink.flushesBefore.get(i - 1));
        }
      }
      assertThat(VStreamE2e.cursor(next, "orders", "-").position()).isEqualTo(fake.position("-"));
    }
  }

  @Test
  void aChangeStreamAnnouncesADroppedColumnBetweenRecordsOfEachShape() {
    try (FakePlanetScale fake = VStreamE2e.oneShard()) {
      orders(fake);
      Stream orders = E2e.catalog(fake).stream("orders").orElseThrow();
      String start = fake.position("-");
      dropBetweenChanges(fake);
      List<Object> events = new ArrayList<>();
      ChangeListener listener = new ChangeListener() {
        @Override
        public void onRecord(Record record) {
          events.add(record);
        }

        @Override
        public void onSchemaChange(SchemaChange change) {
          events.add(change);
        }
      };
      try (ChangeStream stream = ChangeStream.builder(fake.source(), orders).mysql(fake.mysqlAccess())
          .startAt(TableCursor.of("-", "shop", start)).stopAt(fake.position("-"))
          .connectOptions(ConnectOptions.builder().retryPolicy(E2e.FAST_RETRY).build()).build()) {
        TableCursor end = stream.run(listener);
        assertThat(end.position()).isEqualTo(fake.position("-"));
      }
      assertShapes(events, orders);
    }
  }
}
