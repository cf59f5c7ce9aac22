package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.State;
import io.planetscale.cdc.grpc.BinlogRowImage;
import io.planetscale.cdc.grpc.VStreamEdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import io.planetscale.cdc.testkit.RowImage;
import io.planetscale.cdc.testkit.TableSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Partial row images and ENUM/SET numbers, as a VStream sync delivers them. */
class VStreamRowImageE2eTest {
  private static final Set<String> COLUMNS = Set.of("id", "qty", "note", "body");

  /** items(id, qty, note, body text) with ids 1..4, every value set; copied, returning the state. */
  private static State items(FakePlanetScale fake, VStreamEdgeDatabase edge, Catalog[] catalog) {
    fake.createTable(TableSpec.builder("items").column("id", "bigint").column("qty", "int")
        .column("note", "varchar(32)").column("body", "text").primaryKey("id").build());
    for (long id = 1; id <= 4; id++) {
      fake.insert("items", Map.of("id", id, "qty", 10 * id, "note", "note" + id, "body", "body" + id));
    }
    catalog[0] = E2e.catalog(fake);
    RecordingSink copy = new RecordingSink();
    State state = VStreamE2e.sync(fake, edge, catalog[0], State.empty(), copy);
    assertThat(copy.records()).hasSize(4).allSatisfy(r -> assertThat(r.isComplete()).isTrue());
    return state;
  }

  /** The image's columns and its absent columns split the selected columns; no value was invented. */
  private static void assertPartition(Map<String, Object> image, Set<String> absent) {
    Set<String> all = new HashSet<>(image.keySet());
    assertThat(all).doesNotContainAnyElementsOf(absent);
    all.addAll(absent);
    assertThat(all).isEqualTo(COLUMNS);
    assertThat(image.values()).as("no invented nulls").allSatisfy(v -> assertThat(v).isNotNull());
  }

  @Test
  void minimalImagesCarryOnlyThePresentColumnsAndNameTheRest() {
    try (FakePlanetScale fake = VStreamE2e.oneShard();
        VStreamEdgeDatabase edge = VStreamE2e.vstream(fake, BinlogRowImage.MINIMAL)) {
      Catalog[] catalog = new Catalog[1];
      State copied = items(fake, edge, catalog);
      fake.binlogRowImage(RowImage.MINIMAL);
      fake.update("items", 1L, Map.of("qty", 99));
      fake.delete("items", 2L);
      RecordingSink sink = new RecordingSink();
      VStreamE2e.sync(fake, edge, catalog[0], copied, sink);

      List<Record> records = sink.records();
      assertThat(records).extracting(Record::operation).containsExactly(Operation.UPDATE, Operation.DELETE);
      Record update = records.get(0);
      assertThat(update.isComplete()).isFalse();
      assertThat(String.valueOf(update.data().get("qty"))).isEqualTo("99");
      assertThat(update.absentColumns()).contains("note", "body");
      assertPartition(update.data(), update.absentColumns());
      Record delete = records.get(1);
      assertThat(delete.data()).containsEntry("id", 2L);
      assertThat(delete.data().values()).allSatisfy(v -> assertThat(v).isNotNull());
      assertThat(delete.before()).isNotNull();
      assertPartition(delete.before(), delete.absentBeforeColumns());
      assertThat(delete.absentBeforeColumns()).as("a minimal delete image is its key")
          .containsExactly("qty", "note", "body");
    }
  }

  @Test
  void noblobImagesLeaveOutAnUnchangedTextColumn() {
    try (FakePlanetScale fake = VStreamE2e.oneShard();
        VStreamEdgeDatabase edge = VStreamE2e.vstream(fake, BinlogRowImage.NOBLOB)) {
      Catalog[] catalog = new Catalog[1];
      State copied = items(fake, edge, catalog);
      fake.binlogRowImage(RowImage.NOBLOB);
      fake.update("items", 3L, Map.of("qty", 7));
      RecordingSink sink = new RecordingSink();
      VStreamE2e.sync(fake, edge, catalog[0], copied, sink);

      List<Record> records = sink.records();
      assertThat(records).hasSize(1);
      Record qtyOnly = records.get(0);
      assertThat(qtyOnly.absentColumns()).containsExactly("body");
      assertThat(qtyOnly.data()).containsEntry("note", "note3").containsEntry("id", 3L);
      assertThat(String.valueOf(qtyOnly.data().get("qty"))).isEqualTo("7");
      assertPartition(qtyOnly.data(), qtyOnly.absentColumns());
      assertThat(qtyOnly.before()).containsEntry("id", 3L).containsEntry("note", "note3");
      assertThat(String.valueOf(qtyOnly.before().get("qty"))).isEqualTo("30");
      assertThat(qtyOnly.absentBeforeColumns()).containsExactly("body");
    }
  }

  @Test
  void enumAndSetValuesSentAsNumbersReachTheSinkAsLabels() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      fake.createTable(TableSpec.builder("shirts").column("id", "bigint")
          .column("size", "enum('small','medium','large')").column("tags", "set('a','b','c')").primaryKey("id")
          .build());
      fake.insert("shirts", Map.of("id", 1L, "size", "medium", "tags", "a,c"));
      Catalog catalog = E2e.catalog(fake);
      fake.vstream().enumSetValuesAsStrings(false);
      RecordingSink copy = new RecordingSink();
      State copied = VStreamE2e.sync(fake, edge, catalog, State.empty(), copy);
      assertThat(copy.records()).singleElement().satisfies(r ->
          assertThat(r.data()).containsEntry("size", "medium").containsEntry("tags", "a,c"));

      fake.insert("shirts", Map.of("id", 2L, "size", "large", "tags", "b"));
      fake.update("shirts", 1L, Map.of("size", "small", "tags", "a,b,c"));
      RecordingSink sink = new RecordingSink();
      VStreamE2e.sync(fake, edge, catalog, copied, sink);
      assertThat(sink.records()).extracting(r -> r.data().get("id") + ":" + r.data().get("size") + ":"
          + r.data().get("tags")).containsExactly("2:large:b", "1:small:a,b,c");
      Record update = sink.records().get(1);
      assertThat(update.before()).isNotNull();
      assertThat(Objects.toString(update.before().get("size"))).isEqualTo("medium");
      assertThat(Objects.toString(update.before().get("tags"))).isEqualTo("a,c");
    }
  }
}
