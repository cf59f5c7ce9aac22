package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.ChangeListener;
import io.planetscale.cdc.grpc.ChangeStream;
import io.planetscale.cdc.grpc.VStreamEdgeDatabase;
import io.planetscale.cdc.testkit.ColumnSpec;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A column added between syncs or during a change stream is announced with the new columns. */
class VStreamAddedColumnE2eTest {
  @Test
  void aColumnAddedBetweenSyncsIsAnnouncedWithItsFields() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      E2e.orders(fake, 5);
      Catalog catalog = E2e.catalog(fake);
      State copied = VStreamE2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      fake.addColumn("orders", new ColumnSpec("extra", "varchar(16)", true));
      fake.update("orders", 2L, Map.of("note", "after add", "extra", "x2"));
      VStreamE2e.EventSink sink = new VStreamE2e.EventSink();
      VStreamE2e.sync(fake, edge, catalog, copied, sink);
      assertThat(sink.schemaChanges()).as("%s", sink.events).isNotEmpty();
      assertThat(sink.schemaChanges().get(sink.schemaChanges().size() - 1).columnNames()).as("%s", sink.events)
          .containsExactly("id", "note", "extra");
    }
  }

  @Test
  void aChangeStreamAnnouncesAnAddedColumnWithItsFields() {
    try (FakePlanetScale fake = VStreamE2e.oneShard()) {
      E2e.orders(fake, 5);
      Stream orders = E2e.catalog(fake).stream("orders").orElseThrow();
      String start = fake.position("-");
      fake.update("orders", 1L, Map.of("note", "old shape"));
      fake.addColumn("orders", new ColumnSpec("extra", "varchar(16)", true));
      fake.update("orders", 2L, Map.of("note", "after add", "extra", "x2"));
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
          .startAt(TableCursor.of("-", "shop", start)).stopAt(fake.position("-")).build()) {
        stream.run(listener);
      }
      SchemaChange last = null;
      for (Object e : events) {
        if (e instanceof SchemaChange c) {
          last = c;
        }
      }
      assertThat(last).as("%s", events).isNotNull();
      assertThat(last.columnNames()).as("%s", events).containsExactly("id", "note", "extra");
    }
  }
}
