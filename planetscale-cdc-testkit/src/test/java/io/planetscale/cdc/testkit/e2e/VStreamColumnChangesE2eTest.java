package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.State;
import io.planetscale.cdc.grpc.VStreamEdgeDatabase;
import io.planetscale.cdc.testkit.ColumnSpec;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import io.planetscale.cdc.testkit.RowImage;
import io.planetscale.cdc.testkit.TableSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bugs found by the VStream e2e tests (not committed). */
/** Columns added and dropped while a sync runs or between syncs, over VStream. */
class VStreamColumnChangesE2eTest {

  /** Bug 1: after ADD COLUMN during a read, the DDL carries no fields and the new fields are never announced. */
  @Test
  void aColumnAddedDuringASyncIsAnnouncedWithItsFieldsBeforeTheNextRecord() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      E2e.orders(fake, 5);
      Catalog catalog = E2e.catalog(fake);
      State copied = VStreamE2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      fake.update("orders", 1L, Map.of("note", "old shape"));
      fake.addColumn("orders", new ColumnSpec("extra", "varchar(16)", true));
      fake.update("orders", 2L, Map.of("note", "after add", "extra", "x2"));
      VStreamE2e.EventSink sink = new VStreamE2e.EventSink();
      VStreamE2e.sync(fake, edge, catalog, copied, sink);
      List<Object> events = sink.events;
      assertThat(events).as("%s", events).hasSizeGreaterThanOrEqualTo(3);
      assertThat(events.get(0)).isInstanceOf(Record.class);
      assertThat(events.get(events.size() - 1)).isInstanceOf(Record.class);
      List<SchemaChange> between = sink.schemaChanges();
      assertThat(between).as("%s", events).anySatisfy(c -> assertThat(c.ddl()).contains("ADD COLUMN"));
      assertThat(between).as("every change names the table's columns: %s", events)
          .allSatisfy(c -> assertThat(c.columnNames()).isNotEmpty());
      assertThat(between.get(between.size() - 1).columnNames()).as("%s", events)
          .containsExactly("id", "note", "extra");
    }
  }

  /** Bug 2: a selected column dropped before a sync starts fails that sync instead of being omitted. */
  @Test
  void aColumnDroppedBeforeASyncIsOmittedNotAnError() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      fake.createTable(TableSpec.builder("orders").column("id", "bigint").column("note", "varchar(64)")
          .column("qty", "int").primaryKey("id").build());
      for (long id = 1; id <= 5; id++) {
        fake.insert("orders", Map.of("id", id, "note", "n" + id, "qty", id));
      }
      Catalog catalog = E2e.catalog(fake);
      State copied = VStreamE2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      fake.dropColumn("orders", "note");
      State afterDrop = VStreamE2e.sync(fake, edge, catalog, copied, new RecordingSink());
      fake.update("orders", 4L, Map.of("qty", 44));
      VStreamE2e.EventSink later = new VStreamE2e.EventSink();
      VStreamE2e.sync(fake, edge, catalog, afterDrop, later); // throws SchemaMismatchException
      assertThat(later.records()).singleElement().satisfies(r -> {
        assertThat(r.data()).containsOnlyKeys("id", "qty");
        assertThat(r.absentColumns()).containsExactly("note");
      });
    }
  }

  /** items(id, qty, note, body text) with ids 1..4; copied. */
  private static State items(FakePlanetScale fake, VStreamEdgeDatabase edge, Catalog[] catalog) {
    fake.createTable(TableSpec.builder("items").column("id", "bigint").column("qty", "int")
        .column("note", "varchar(32)").column("body", "text").primaryKey("id").build());
    for (long id = 1; id <= 4; id++) {
      fake.insert("items", Map.of("id", id, "qty", 10 * id, "note", "note" + id, "body", "body" + id));
    }
    catalog[0] = E2e.catalog(fake);
    return VStreamE2e.sync(fake, edge, catalog[0], State.empty(), new RecordingSink());
  }

  /** Bug 3: with MINIMAL, an update's before image (the key only) is labelled with the after image's columns. */
}
