package io.planetscale.cdc;

import static io.planetscale.cdc.TestStreams.INTEGER;
import static io.planetscale.cdc.TestStreams.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sync engine with a transport that reports schema changes, partial row images and encoded
 * cursors: the order of sink calls, record shapes, positions and states.
 */
class SchemaChangeSyncTest {
  private static final String DROP_BIO = "ALTER TABLE users DROP COLUMN bio";

  private final PlanetScaleSource source = PlanetScaleSource.builder().host("h").database("ks").build();
  private final FakeMysqlAccess mysql = new FakeMysqlAccess("ks");
  private final CapturingSink sink = new CapturingSink();
  private final List<SchemaChange> heard = new ArrayList<>();
  private final SyncListener listener = new SyncListener() {
    @Override
    public void schemaChanged(SchemaChange change) {
      heard.add(change);
    }
  };
  /** id (key), name and bio selected. */
  private final Stream users = TestStreams.named("users").selected().key("id", INTEGER, true)
      .column("name", STRING).column("bio", STRING).build();

  private static List<Field> fields(String... names) {
    List<Field> fields = new ArrayList<>();
    for (String name : names) {
      fields.add(Field.of(name, name.equals("id") ? VitessType.INT64 : VitessType.VARCHAR));
    }
    return fields;
  }

  /** One row per argument, each "v1|v2|..." for {@code names}. */
  private static QueryResult rows(List<Field> fields, String... rows) {
    List<List<Value>> values = new ArrayList<>();
    for (String row : rows) {
      String[] cells = row.split("\\|", -1);
      List<Value> r = new ArrayList<>();
      for (int i = 0; i < cells.length; i++) {
        r.add(Value.of(fields.get(i).type(), cells[i]));
      }
      values.add(r);
    }
    return new QueryResult(fields, values);
  }

  private static TableCursor at(String position) {
    return TableCursor.of("-", "ks", position);
  }

  private State sync(FakeEdgeDatabase edge) {
    return sync(edge, sink, SyncOptions.defaults());
  }

  private State sync(FakeEdgeDatabase edge, RecordSink to, SyncOptions options) {
    return PlanetScaleCdc.sync(mysql, edge, source, new Catalog(List.of(users)), null, to,
        options.toBuilder().listener(listener).build());
  }

  private static String cursorOf(State state) {
    return state.streams().get("users").shards().get("-").cursor();
  }

  /** Rows of the old shape, a cursor, one more old row, the DDL, rows of the new shape, a cursor. */
  private final FakeEdgeDatabase dropBio = new FakeEdgeDatabase(p -> {
    List<Field> old = fields("id", "name", "bio");
    List<Field> now = fields("id", "name", "notes");
    p.onResult().beginResponse(at("MySQL56/u:1-2"));
    p.onResult().onResult(rows(old, "1|ann|a", "2|bob|b"), Operation.INSERT, null);
    p.onCursor().onCursor(at("MySQL56/u:1-2"));
    p.onResult().beginResponse(at("MySQL56/u:1-4"));
    p.onResult().onResult(rows(old, "3|cy|c"), Operation.INSERT, null);
    p.onResult().onSchemaChange(DROP_BIO, now);
    p.onResult().onResult(rows(now, "4|dee|n"), Operation.INSERT, null);
    p.onCursor().onCursor(at("MySQL56/u:1-4"));
    return SerializedCursor.of(at("MySQL56/u:1-4"));
  });

  @Test
  void theSinkIsFlushedBeforeTheSchemaChangeAndLaterRecordsHaveTheNewShape() {
    sync(dropBio);
    assertThat(sink.events).containsExactly("record:users", "record:users", "flush:users", "record:users",
        "flush:users", "schema:users", "record:users", "flush:users", "flush:users", "state", "state");
    SchemaChange change = sink.schemaChanges.get(0);
    assertThat(change.stream()).isEqualTo("users");
    assertThat(change.keyspace()).isEqualTo("ks");
    assertThat(change.shard()).isEqualTo("-");
    assertThat(change.ddl()).isEqualTo(DROP_BIO);
    assertThat(change.columnNames()).containsExactly("id", "name", "notes");
    assertThat(change.omittedColumns(users)).containsExactly("bio");
    assertThat(change.droppedColumns(fields("id", "name", "bio"), users)).containsExactly("bio");
    assertThat(heard).containsExactly(change);

    assertThat(sink.records.get(2).data()).containsOnlyKeys("id", "name", "bio");
    Record after = sink.records.get(3);
    assertThat(after.data()).containsExactly(entry("id", 4L), entry("name", "dee"));
    assertThat(after.absentColumns()).containsExactly("bio");
  }

  @Test
  void aSchemaChangeTakesAPositionNoRecordShares() {
    sync(dropBio);
    List<RecordPosition> positions = new ArrayList<>();
    sink.records.forEach(r -> positions.add(r.position()));
    RecordPosition changeAt = sink.schemaChanges.get(0).position();
    assertThat(changeAt).isEqualTo(new RecordPosition("ks", "-", "MySQL56/u:1-4", 1));
    positions.add(changeAt);
    assertThat(new HashSet<>(positions)).hasSize(positions.size());
    assertThat(sink.records.get(3).position()).isEqualTo(new RecordPosition("ks", "-", "MySQL56/u:1-4", 2));
  }

  @Test
  void aSchemaChangeDeliveredAgainAfterARestartKeepsItsPosition() {
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      List<Field> old = fields("id", "name", "bio");
      List<Field> now = fields("id", "name");
      p.onResult().onResult(rows(old, "1|a|b"), Operation.INSERT, null);
      p.onCursor().onCursor(at("MySQL56/u:1-2"));
      for (int attempt = 0; attempt < 2; attempt++) {
        if (attempt == 1) {
          p.onCursor().onRestart(at("MySQL56/u:1-2")); // the window ended: the same changes come again
        }
        p.onResult().beginResponse(at("MySQL56/u:1-4"));
        p.onResult().onResult(rows(old, "2|c|d"), Operation.INSERT, null);
        p.onResult().onSchemaChange(DROP_BIO, now);
        p.onResult().onResult(rows(now, "3|e"), Operation.INSERT, null);
      }
      p.onCursor().onCursor(at("MySQL56/u:1-4"));
      return SerializedCursor.of(at("MySQL56/u:1-4"));
    });
    sync(edge);
    assertThat(sink.schemaChanges).hasSize(2);
    assertThat(sink.schemaChanges.get(1)).isEqualTo(sink.schemaChanges.get(0));
    assertThat(sink.records).extracting(Record::position).containsExactly(
        new RecordPosition("ks", "-", "", 0),
        new RecordPosition("ks", "-", "MySQL56/u:1-4", 0), new RecordPosition("ks", "-", "MySQL56/u:1-4", 2),
        new RecordPosition("ks", "-", "MySQL56/u:1-4", 0), new RecordPosition("ks", "-", "MySQL56/u:1-4", 2));
    // The replayed record of the old shape still converts: its column is present, so it is kept.
    assertThat(sink.records.get(3).data()).containsOnlyKeys("id", "name", "bio");
  }

  @Test
  void fieldsAlreadyInEffectAreNoSchemaChange() {
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      List<Field> table = fields("id", "name", "bio", "notes");
      p.onResult().onSchemaChange(null, table); // a read's first fields, with every selected column
      p.onResult().onResult(rows(fields("id", "name", "bio"), "1|a|b"), Operation.INSERT, null);
      p.onResult().onSchemaChange(null, fields("id", "name", "bio", "notes")); // equal again
      p.onCursor().onCursor(at("MySQL56/u:1"));
      return SerializedCursor.of(at("MySQL56/u:1"));
    });
    sync(edge);
    assertThat(sink.events).containsExactly("record:users", "flush:users", "flush:users", "state", "state");
    assertThat(heard).isEmpty();
  }

  @Test
  void aReadWhoseFirstFieldsLackASelectedColumnAnnouncesIt() {
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      List<Field> now = fields("id", "name");
      p.onResult().onSchemaChange(null, now);
      p.onResult().onResult(rows(now, "1|a"), Operation.INSERT, null);
      return SerializedCursor.of(at("MySQL56/u:1"));
    });
    sync(edge);
    assertThat(sink.events).startsWith("flush:users", "schema:users", "record:users");
    assertThat(sink.schemaChanges.get(0).ddl()).isNull();
    assertThat(sink.records.get(0).absentColumns()).containsExactly("bio");
  }

  @Test
  void partialImagesBecomeRecordsNamingTheirAbsentColumns() {
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onPartialResult(rows(fields("id", "name"), "1|ann"), Operation.INSERT, null);
      p.onResult().onPartialResult(rows(fields("bio"), "new bio"), Operation.UPDATE, rows(fields("id"), "1"));
      p.onResult().onPartialResult(rows(fields("id"), "1"), Operation.DELETE, null);
      p.onCursor().onCursor(at("MySQL56/u:1-3"));
      return SerializedCursor.of(at("MySQL56/u:1-3"));
    });
    sync(edge);
    assertThat(sink.records).hasSize(3);
    Record insert = sink.records.get(0);
    assertThat(insert.data()).containsExactly(entry("id", 1L), entry("name", "ann"));
    assertThat(insert.absentColumns()).containsExactly("bio");
    Record update = sink.records.get(1);
    assertThat(update.data()).containsExactly(entry("bio", "new bio"));
    assertThat(update.absentColumns()).containsExactly("id", "name");
    assertThat(update.before()).containsExactly(entry("id", 1L));
    assertThat(update.absentBeforeColumns()).containsExactly("name", "bio");
    Record delete = sink.records.get(2);
    assertThat(delete.data()).containsExactly(entry("id", 1L));
    assertThat(delete.absentBeforeColumns()).containsExactly("name", "bio");
    for (Record r : sink.records) {
      assertThat(r.data().values()).doesNotContainNull();
    }
  }

  /** The cursor "-"/"ks"/position with keyspace first: valid, but not what {@link SerializedCursor#of} writes. */
  private static SerializedCursor keyspaceFirst(String position) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writeString(bytes, 2, "ks");
    writeString(bytes, 1, "-");
    writeString(bytes, 3, position);
    return new SerializedCursor(Base64.getEncoder().encodeToString(bytes.toByteArray()));
  }

  private static void writeString(ByteArrayOutputStream out, int field, String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    out.write(field << 3 | 2);
    out.write(b.length); // short strings: a one-byte length
    out.write(b, 0, b.length);
  }

  @Test
  void theStateKeepsTheSerializedCursorTheTransportHandedIn() {
    SerializedCursor handed = keyspaceFirst("MySQL56/u:1-2");
    assertThat(handed.toTableCursor()).isEqualTo(at("MySQL56/u:1-2"));
    assertThat(handed).isNotEqualTo(SerializedCursor.of(at("MySQL56/u:1-2"))); // so a re-encode would show
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      p.onResult().onResult(rows(fields("id", "name", "bio"), "1|a|b"), Operation.INSERT, null);
      p.onCursor().onCursor(at("MySQL56/u:1-2"), handed);
      return SerializedCursor.of(at("MySQL56/u:1-3"));
    });
    sync(edge, sink, SyncOptions.defaults().toBuilder().checkpointEveryRows(1).build());
    assertThat(sink.events).containsExactly("record:users", "flush:users", "state", "flush:users", "state", "state");
    assertThat(cursorOf(sink.states.get(0))).isEqualTo(handed.cursor());
  }

  @Test
  void aSinkFailingOnTheSchemaChangeStopsWithTheLastFlushedState() {
    sink.failOnSchemaChange = 0;
    SinkException e = assertThrows(SinkException.class, () -> sync(dropBio));
    assertThat(e).hasMessageContaining("schema change").hasMessageContaining(DROP_BIO)
        .hasMessageContaining("stream \"users\" shard \"-\"").hasCauseInstanceOf(java.io.IOException.class);
    // Records 1 and 2 are covered by the cursor u:1-2; record 3 was flushed, but no cursor covers it yet.
    assertThat(cursorOf(e.state())).isEqualTo(SerializedCursor.of(at("MySQL56/u:1-2")).cursor());
    assertThat(sink.records).hasSize(3);
    assertThat(sink.events).endsWith("record:users", "flush:users");
    assertThat(sink.states).isEmpty();
    assertThat(heard).isEmpty();
  }

  @Test
  void aSinkWithoutSchemaChangeIgnoresItAndStillGetsTheNewShape() {
    List<Record> records = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    RecordSink old = new RecordSink() {
      @Override
      public void record(Record r, Stream s) {
        records.add(r);
        calls.add("record");
      }

      @Override
      public void flush(Stream s) {
        calls.add("flush");
      }

      @Override
      public void state(State st) {
        calls.add("state");
      }
    };
    sync(dropBio, old, SyncOptions.defaults());
    // The schema change's own flush comes and goes without the sink hearing of the change.
    assertThat(calls).containsExactly("record", "record", "flush", "record", "flush", "record", "flush", "flush",
        "state", "state");
    assertThat(records.get(3).data()).containsOnlyKeys("id", "name");
    assertThat(heard).hasSize(1);
  }

  @Test
  void oldCallbacksGetPartialRowsAndCursorsThroughTheirOriginalMethods() {
    List<String> seen = new ArrayList<>();
    io.planetscale.cdc.spi.OnResult onResult = (result, op, before) -> seen.add(op + " " + result.fields().size());
    io.planetscale.cdc.spi.OnCursor onCursor = cursor -> seen.add("cursor " + cursor.position());
    onResult.onPartialResult(rows(fields("id"), "1"), Operation.UPDATE, rows(fields("id"), "1"));
    onResult.onSchemaChange(DROP_BIO, fields("id")); // ignored by default
    onCursor.onCursor(at("p"), SerializedCursor.of(at("p")));
    assertThat(seen).containsExactly("UPDATE 1", "cursor p");
  }

  @Test
  void recordsOfOtherShapesAfterTheChangeNeverCarryAnInventedValue() {
    sync(dropBio);
    Set<String> seenKeys = new HashSet<>();
    sink.records.subList(3, sink.records.size()).forEach(r -> seenKeys.addAll(r.data().keySet()));
    assertThat(seenKeys).doesNotContain("bio", "notes");
  }
}
