package io.planetscale.cdc;

import static io.planetscale.cdc.TestStreams.BOOLEAN;
import static io.planetscale.cdc.TestStreams.DATE_TIME;
import static io.planetscale.cdc.TestStreams.INTEGER;
import static io.planetscale.cdc.TestStreams.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What records the engine builds from rows, and the order of records, flushes and states. */
class SyncRecordsTest {
  private final PlanetScaleSource source = PlanetScaleSource.builder().host("h").database("connect-test").build();
  private final FakeMysqlAccess mysql = new FakeMysqlAccess("connect-test");
  private final CapturingSink sink = new CapturingSink();

  private static final List<Field> PRODUCT_FIELDS = List.of(Field.of("pid", VitessType.INT64),
      Field.of("description", VitessType.VARBINARY), Field.of("timestamp", VitessType.TIMESTAMP));

  private final Stream products = TestStreams.named("products").selected().key("pid", INTEGER, true)
      .column("description", STRING).column("timestamp", DATE_TIME).build();

  private State sync(Stream stream, FakeEdgeDatabase edge) {
    return PlanetScaleCdc.sync(mysql, edge, new CapturingLogger(), source, new Catalog(List.of(stream)), null, sink,
        TabletType.PRIMARY);
  }

  private static QueryResult products(String... rows) {
    List<List<Value>> values = new java.util.ArrayList<>();
    for (String row : rows) {
      String[] cells = row.split("\\|");
      values.add(List.of(Value.of(VitessType.INT64, cells[0]), Value.of(VitessType.VARBINARY, cells[1]),
          Value.of(VitessType.TIMESTAMP, cells[2])));
    }
    return new QueryResult(PRODUCT_FIELDS, values);
  }

  private static TableCursor at(String position) {
    return TableCursor.of("-", "connect-test", position);
  }

  @Test
  void rowsBecomeConvertedRecordsInOrder() {
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onResult(products("1|keyboard|2006-01-02 15:04:05", "2|monitor|2006-01-02 15:04:05.25"),
          Operation.INSERT, null);
      p.onCursor().onCursor(at("MySQL56/u:1-2"));
      return SerializedCursor.of(at("MySQL56/u:1-2"));
    });
    sync(products, edge);
    assertThat(sink.records).hasSize(2);
    Record first = sink.records.get(0);
    assertThat(first.stream()).isEqualTo("products");
    assertThat(first.operation()).isEqualTo(Operation.INSERT);
    assertThat(first.before()).isNull();
    assertThat(first.data()).containsExactly(entry("pid", 1L), entry("description", "keyboard"),
        entry("timestamp", "2006-01-02T15:04:05Z"));
    assertThat(sink.records.get(1).data().get("timestamp")).isEqualTo("2006-01-02T15:04:05.25Z");
  }

  @Test
  void unselectedColumnsTheServerSendsAreDropped() {
    Stream onlyPid = TestStreams.named("products").selected().key("pid", INTEGER, true)
        .column("description", STRING, false).build();
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onResult(products("7|mouse|2006-01-02 15:04:05"), Operation.INSERT, null);
      return SerializedCursor.of(p.lastKnownPosition());
    });
    sync(onlyPid, edge);
    assertThat(sink.records.get(0).data()).containsExactly(entry("pid", 7L));
  }

  @Test
  void recordsAreFlushedBeforeEveryState() {
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onResult(products("1|a|2006-01-02 15:04:05"), Operation.INSERT, null);
      p.onCursor().onCursor(at("MySQL56/u:1"));
      p.onResult().onResult(products("2|b|2006-01-02 15:04:05"), Operation.INSERT, null);
      return SerializedCursor.of(at("MySQL56/u:1-2"));
    });
    sync(products, edge);
    assertThat(sink.events).containsExactly("record:products", "flush:products", "record:products",
        "flush:products", "state", "state");
  }

  @Test
  void positionsCountRecordsSinceTheLastCursor() {
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onResult(products("1|a|2006-01-02 15:04:05", "2|b|2006-01-02 15:04:05"), Operation.INSERT, null);
      p.onCursor().onCursor(at("MySQL56/u:1-5"));
      p.onResult().onResult(products("3|c|2006-01-02 15:04:05"), Operation.INSERT, null);
      return SerializedCursor.of(at("MySQL56/u:1-6"));
    });
    sync(products, edge);
    assertThat(sink.records).extracting(Record::position).containsExactly(
        new RecordPosition("connect-test", "-", "", 0), new RecordPosition("connect-test", "-", "", 1),
        new RecordPosition("connect-test", "-", "MySQL56/u:1-5", 0));
  }

  @Test
  void positionsAreThePositionOfTheResponseThatCoversTheRecords() {
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().beginResponse(at("MySQL56/u:1-5"));
      p.onResult().onResult(products("1|a|2006-01-02 15:04:05", "2|b|2006-01-02 15:04:05"), Operation.INSERT, null);
      p.onCursor().onCursor(at("MySQL56/u:1-5"));
      p.onResult().beginResponse(at("MySQL56/u:1-5")); // the same position again: the sequence goes on
      p.onResult().onResult(products("3|c|2006-01-02 15:04:05"), Operation.INSERT, null);
      p.onCursor().onCursor(at("MySQL56/u:1-5"));
      p.onResult().beginResponse(null); // no cursor yet: still the last one's position
      p.onResult().onResult(products("4|d|2006-01-02 15:04:05"), Operation.INSERT, null);
      p.onResult().beginResponse(at("MySQL56/u:1-6"));
      p.onResult().onResult(products("5|e|2006-01-02 15:04:05"), Operation.INSERT, null);
      p.onCursor().onCursor(at("MySQL56/u:1-6"));
      return SerializedCursor.of(at("MySQL56/u:1-6"));
    });
    sync(products, edge);
    assertThat(sink.records).extracting(Record::position).containsExactly(
        new RecordPosition("connect-test", "-", "MySQL56/u:1-5", 0),
        new RecordPosition("connect-test", "-", "MySQL56/u:1-5", 1),
        new RecordPosition("connect-test", "-", "MySQL56/u:1-5", 2),
        new RecordPosition("connect-test", "-", "MySQL56/u:1-5", 3),
        new RecordPosition("connect-test", "-", "MySQL56/u:1-6", 0));
  }

  @Test
  void updatesCarryTheirPreviousImage() {
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onResult(products("1|new|2006-01-02 15:04:05"), Operation.UPDATE,
          products("1|old|2006-01-02 15:04:05"));
      return SerializedCursor.of(p.lastKnownPosition());
    });
    sync(products, edge);
    Record update = sink.records.get(0);
    assertThat(update.operation()).isEqualTo(Operation.UPDATE);
    assertThat(update.data().get("description")).isEqualTo("new");
    assertThat(update.before().get("description")).isEqualTo("old");
  }

  @Test
  void deletesCarryTheKeyAsDataAndTheRowAsBefore() {
    QueryResult keyOnly = new QueryResult(List.of(Field.of("pid", VitessType.INT64)),
        List.of(List.of(Value.of(VitessType.INT64, "12"))));
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onResult(keyOnly, Operation.DELETE, null);
      p.onResult().onResult(products("13|gone|2006-01-02 15:04:05"), Operation.DELETE, null);
      return SerializedCursor.of(p.lastKnownPosition());
    });
    sync(products, edge);
    assertThat(sink.records.get(0).operation()).isEqualTo(Operation.DELETE);
    assertThat(sink.records.get(0).data()).containsExactly(entry("pid", 12L));
    assertThat(sink.records.get(0).before()).containsExactly(entry("pid", 12L));
    assertThat(sink.records.get(1).data()).containsExactly(entry("pid", 13L));
    assertThat(sink.records.get(1).before()).containsEntry("description", "gone");
  }

  @Test
  void missingSelectedColumnIsASchemaMismatchNamingIt() {
    QueryResult noDescription = new QueryResult(List.of(Field.of("pid", VitessType.INT64)),
        List.of(List.of(Value.of(VitessType.INT64, "1"))));
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onResult(noDescription, Operation.INSERT, null);
      return SerializedCursor.of(p.lastKnownPosition());
    });
    assertThatThrownBy(() -> sync(products, edge))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("stream \"products\" shard \"-\"")
        .hasMessageContaining("[description, timestamp]");
    assertThat(sink.records).isEmpty();
  }

  @Test
  void unconvertibleValueNamesStreamColumnAndPosition() {
    Stream flags = TestStreams.named("flags").selected().key("id", INTEGER, true).column("on", BOOLEAN).build();
    QueryResult bad = new QueryResult(List.of(Field.of("id", VitessType.INT64), Field.of("on", VitessType.INT8)),
        List.of(List.of(Value.of(VitessType.INT64, "1"), Value.of(VitessType.INT8, "7"))));
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onResult(bad, Operation.INSERT, null);
      return SerializedCursor.of(p.lastKnownPosition());
    });
    assertThatThrownBy(() -> sync(flags, edge))
        .isInstanceOf(SchemaMismatchException.class)
        .satisfies(e -> assertThat(e.getMessage().split("column \"on\"", -1)).hasSize(2))
        .hasMessageContaining("stream \"flags\"")
        .hasMessageContaining("column \"on\"")
        .hasMessageContaining("position []")
        .hasMessageContaining("7");
  }

  @Test
  void nullValuesStayNull() {
    QueryResult withNull = new QueryResult(PRODUCT_FIELDS,
        List.of(List.of(Value.of(VitessType.INT64, "1"), Value.NULL, Value.NULL)));
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onResult(withNull, Operation.INSERT, null);
      return SerializedCursor.of(p.lastKnownPosition());
    });
    sync(products, edge);
    assertThat(sink.records.get(0).data()).containsExactly(entry("pid", 1L), entry("description", null),
        entry("timestamp", null));
  }

  @Test
  void streamWithoutPropertiesEmitsEveryColumnLosslessly() {
    Stream untyped = TestStreams.named("products").selected().build();
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onResult(products("5|pen|2006-01-02 15:04:05"), Operation.INSERT, null);
      return SerializedCursor.of(p.lastKnownPosition());
    });
    sync(untyped, edge);
    assertThat(edge.reads.get(0).columns()).isEmpty();
    assertThat(sink.records.get(0).data()).containsOnlyKeys("pid", "description", "timestamp");
    assertThat(sink.records.get(0).data().get("description")).isEqualTo("pen");
  }

  @Test
  void recordDataIsUnmodifiable() {
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onResult(products("1|a|2006-01-02 15:04:05"), Operation.INSERT, null);
      return SerializedCursor.of(p.lastKnownPosition());
    });
    sync(products, edge);
    Map<String, Object> data = sink.records.get(0).data();
    assertThatThrownBy(() -> data.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(data::clear).isInstanceOf(UnsupportedOperationException.class);
  }
}
