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

/** Partial update images: the previous image carries only the columns the server logged, under their own names. */
class VStreamPartialUpdateE2eTest {

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

  /** With MINIMAL, an update's previous image holds the key only, under its own name. */
  @Test
  void aMinimalUpdatesBeforeImageHoldsOnlyOldValuesUnderTheirOwnNames() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      Catalog[] catalog = new Catalog[1];
      State copied = items(fake, edge, catalog);
      fake.binlogRowImage(RowImage.MINIMAL);
      fake.update("items", 1L, Map.of("qty", 99));
      RecordingSink sink = new RecordingSink();
      VStreamE2e.sync(fake, edge, catalog[0], copied, sink);
      Record update = sink.records().get(0);
      assertThat(update.before()).as("before image %s", update.before()).allSatisfy((k, v) ->
          assertThat(String.valueOf(v)).isEqualTo(Map.of("id", "1", "qty", "10", "note", "note1", "body", "body1")
              .get(k)));
    }
  }
}
