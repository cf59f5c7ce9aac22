package io.planetscale.cdc.kafka.connect;

import static io.planetscale.cdc.kafka.connect.TestTables.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ChangeEventConverterEnvelopeTest {
  private static final Instant COMMIT = Instant.parse("2026-03-01T09:59:59.987654321Z");
  private static final String VGTID = "{\"version\":1,\"shard_gtids\":[]}";
  private final TestTables.Table orders = TestTables.orders();
  private final TestTables.Table events = TestTables.events();
  private final Map<String, Object> partition = partition();
  private final Map<String, Object> offset = Map.of("vgtid", VGTID);

  private static Map<String, Object> partition() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("keyspace", "shop");
    p.put("shard", "-80");
    return p;
  }

  private ChangeEventConverter converter(boolean tombstones) {
    ChangeEventConverter c = new ChangeEventConverter(new ChangeEventSettings("pfx", tombstones),
        TestTables.catalog(orders, events));
    c.onTableFields(orders.fieldsOn("-80"));
    c.onTableFields(events.fieldsOn("-80"));
    return c;
  }

  private List<SourceRecord> convert(ChangeEventConverter c, Record r, boolean snapshot, Instant commit) {
    List<SourceRecord> out = new ArrayList<>();
    c.convert("shop", "-80", r, snapshot, VGTID, commit, partition, offset, out);
    return out;
  }

  private Map<String, Object> row(String region, String id, String note) {
    return orders.row(text("region", region, "id", id, "note", note));
  }

  @Test
  void insertIsOpCWithKeySourceAndAfter() {
    Instant before = Instant.now();
    List<SourceRecord> out = convert(converter(true), orders.record(Operation.INSERT, row("eu", "5", "hi"), null),
        false, COMMIT);
    Instant afterNow = Instant.now();
    assertThat(out).hasSize(1);
    SourceRecord r = out.get(0);
    assertThat(r.topic()).isEqualTo("pfx.shop.orders");
    assertThat(r.sourcePartition()).isEqualTo(partition);
    assertThat(r.sourceOffset()).isEqualTo(offset);
    assertThat(r.keySchema().name()).isEqualTo("pfx.shop.orders.Key");
    assertThat(r.keySchema().fields()).extracting(org.apache.kafka.connect.data.Field::name)
        .containsExactly("region", "id");
    Struct key = (Struct) r.key();
    assertThat(key.get("region")).isEqualTo("eu");
    assertThat(key.get("id")).isEqualTo(5);
    Schema envelope = r.valueSchema();
    assertThat(envelope.name()).isEqualTo("pfx.shop.orders.Envelope");
    assertThat(envelope.fields()).extracting(org.apache.kafka.connect.data.Field::name)
        .containsExactly("before", "after", "source", "transaction", "op", "ts_ms", "ts_us", "ts_ns");
    assertThat(envelope.field("op").schema().isOptional()).isFalse();
    assertThat(envelope.field("source").schema().isOptional()).isFalse();
    Struct v = (Struct) r.value();
    v.validate();
    assertThat(v.get("op")).isEqualTo("c");
    assertThat(v.get("before")).isNull();
    assertThat(v.getStruct("after").get("note")).isEqualTo("hi");
    assertThat(v.getInt64("ts_ms")).isBetween(before.toEpochMilli(), afterNow.toEpochMilli());
    Struct source = v.getStruct("source");
    assertThat(source.schema().name()).isEqualTo("io.planetscale.cdc.kafka.connect.Source");
    assertThat(source.schema().fields()).extracting(org.apache.kafka.connect.data.Field::name)
        .containsExactly("version", "connector", "name", "ts_ms", "snapshot", "db", "sequence", "ts_us", "ts_ns",
            "keyspace", "table", "shard", "vgtid");
    assertThat(source.get("connector")).isEqualTo("planetscale");
    assertThat(source.get("name")).isEqualTo("pfx");
    assertThat(source.get("ts_ms")).isEqualTo(COMMIT.toEpochMilli());
    assertThat(source.get("ts_us")).isEqualTo(COMMIT.toEpochMilli() * 1000 + 654);
    assertThat(source.get("ts_ns")).isEqualTo(COMMIT.toEpochMilli() * 1_000_000 + 654_321);
    assertThat(source.get("snapshot")).isEqualTo("false");
    assertThat(source.get("keyspace")).isEqualTo("shop");
    assertThat(source.get("db")).isEqualTo("shop");
    assertThat(source.get("table")).isEqualTo("orders");
    assertThat(source.get("shard")).isEqualTo("-80");
    assertThat(source.get("vgtid")).isEqualTo(VGTID);
  }

  @Test
  void copiedRowIsOpRWithSnapshotTrueAndTimeRead() {
    SourceRecord r = convert(converter(true), orders.record(Operation.INSERT, row("eu", "5", "hi"), null),
        true, null).get(0);
    Struct v = (Struct) r.value();
    assertThat(v.get("op")).isEqualTo("r");
    assertThat(v.getStruct("source").get("snapshot")).isEqualTo("true");
    assertThat(v.getStruct("source").get("ts_ms")).isEqualTo(TestTables.READ.toEpochMilli());
  }

  @Test
  void updateIsOpUWithBeforeAndAfter() {
    Struct v = (Struct) convert(converter(true),
        orders.record(Operation.UPDATE, row("eu", "5", "new"), row("eu", "5", "old")), false, COMMIT).get(0).value();
    assertThat(v.get("op")).isEqualTo("u");
    assertThat(v.getStruct("before").get("note")).isEqualTo("old");
    assertThat(v.getStruct("after").get("note")).isEqualTo("new");
    Struct noBefore = (Struct) convert(converter(true),
        orders.record(Operation.UPDATE, row("eu", "5", "new"), null), false, COMMIT).get(0).value();
    assertThat(noBefore.get("before")).isNull();
    assertThat(convert(converter(true), orders.record(Operation.UPDATE, row("eu", "5", "new"),
        row("eu", "5", "old")), false, COMMIT)).as("key unchanged: one record, no headers").hasSize(1)
        .allSatisfy(r -> assertThat(r.headers().isEmpty()).isTrue());
  }

  @Test
  void deleteIsOpDFollowedByATombstone() {
    List<SourceRecord> out = convert(converter(true),
        orders.record(Operation.DELETE, orders.row(text("region", "eu", "id", "5")), row("eu", "5", "gone")),
        false, COMMIT);
    assertThat(out).hasSize(2);
    Struct v = (Struct) out.get(0).value();
    assertThat(v.get("op")).isEqualTo("d");
    assertThat(v.get("after")).isNull();
    assertThat(v.getStruct("before").get("note")).isEqualTo("gone");
    SourceRecord tombstone = out.get(1);
    assertThat(tombstone.topic()).isEqualTo("pfx.shop.orders");
    assertThat(tombstone.key()).isEqualTo(out.get(0).key());
    assertThat(tombstone.keySchema()).isSameAs(out.get(0).keySchema());
    assertThat(tombstone.value()).isNull();
    assertThat(tombstone.valueSchema()).isNull();
    assertThat(tombstone.sourceOffset()).isEqualTo(offset);
  }

  @Test
  void updateOfThePrimaryKeyIsDeleteTombstoneAndCreateWithDebeziumKeyHeaders() {
    List<SourceRecord> out = convert(converter(true),
        orders.record(Operation.UPDATE, row("eu", "6", "moved"), row("eu", "5", "here")), false, COMMIT);
    assertThat(out).hasSize(3);
    Struct oldKey = (Struct) out.get(0).key();
    Struct newKey = (Struct) out.get(2).key();
    assertThat(oldKey.get("id")).isEqualTo(5);
    assertThat(newKey.get("id")).isEqualTo(6);
    Struct delete = (Struct) out.get(0).value();
    assertThat(delete.get("op")).isEqualTo("d");
    assertThat(delete.getStruct("before").get("note")).isEqualTo("here");
    assertThat(delete.get("after")).isNull();
    assertThat(out.get(0).headers().lastWithName(ChangeEventConverter.NEW_KEY_HEADER).value()).isEqualTo(newKey);
    assertThat(out.get(1).key()).isEqualTo(oldKey);
    assertThat(out.get(1).value()).isNull();
    Struct create = (Struct) out.get(2).value();
    assertThat(create.get("op")).isEqualTo("c");
    assertThat(create.get("before")).isNull();
    assertThat(create.getStruct("after").get("note")).isEqualTo("moved");
    assertThat(out.get(2).headers().lastWithName(ChangeEventConverter.OLD_KEY_HEADER).value()).isEqualTo(oldKey);
  }

  @Test
  void deleteWithOnlyTheKeyHasTheKeyColumnsAsBefore() {
    List<SourceRecord> out = convert(converter(false),
        orders.record(Operation.DELETE, orders.row(text("region", "eu", "id", "5")), null), false, COMMIT);
    assertThat(out).as("no tombstone when tombstones.on.delete is false").hasSize(1);
    Struct before = ((Struct) out.get(0).value()).getStruct("before");
    assertThat(before.get("region")).isEqualTo("eu");
    assertThat(before.get("id")).isEqualTo(5);
    assertThat(before.get("note")).isNull();
  }

  @Test
  void tableWithoutKeyHasNullKeyAndNoTombstone() {
    List<SourceRecord> out = convert(converter(true),
        events.record(Operation.DELETE, events.row(text("msg", "x")), null), false, COMMIT);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).key()).isNull();
    assertThat(out.get(0).keySchema()).isNull();
    assertThat(((Struct) out.get(0).value()).getStruct("before").get("msg")).isEqualTo("x");
  }

  @Test
  void absentColumnsOfAPartialImageAreNullInOptionalFields() {
    Record partial = orders.partial(Operation.UPDATE, orders.row(text("region", "eu", "id", "5")), Set.of("note"));
    Struct after = ((Struct) convert(converter(true), partial, false, COMMIT).get(0).value()).getStruct("after");
    assertThat(after.get("id")).isEqualTo(5);
    assertThat(after.get("note")).isNull();
    after.validate();
  }

  @Test
  void absentNotNullKeyColumnIsAnError() {
    Record partial = orders.partial(Operation.UPDATE, orders.row(text("region", "eu", "note", "n")), Set.of("id"));
    assertThatThrownBy(() -> convert(converter(true), partial, false, COMMIT))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("table \"orders\"")
        .hasMessageContaining("\"id\"")
        .hasMessageContaining("NOT NULL");
  }

  @Test
  void schemaChangeGivesTheNextValueSchemaVersionAndShardsShareEqualColumns() {
    ChangeEventConverter c = converter(true);
    c.onTableFields(orders.fieldsOn("80-"));
    Schema v1 = convert(c, orders.record(Operation.INSERT, row("eu", "1", "a"), null), false, COMMIT).get(0)
        .valueSchema();
    assertThat(v1.field("after").schema().version()).isEqualTo(1);

    // ALTER TABLE orders MODIFY note int: the selected column changes type.
    Map<String, String> altered = new LinkedHashMap<>(orders.columns());
    altered.put("note", "int");
    TestTables.Table orders2 = new TestTables.Table("orders", altered, orders.key());
    c.onSchemaChange(orders2.fieldsOn("-80"));
    List<SourceRecord> out = new ArrayList<>();
    c.convert("shop", "-80", orders2.record(Operation.INSERT,
        orders2.row(text("region", "eu", "id", "2", "note", "3")), null), false, VGTID, COMMIT,
        partition, offset, out);
    Schema v2 = out.get(0).valueSchema();
    assertThat(v2.field("after").schema().version()).isEqualTo(2);
    assertThat(((Struct) out.get(0).value()).getStruct("after").get("note")).isEqualTo(3);

    // Shard 80- has not changed: still version 1, the very same schema objects.
    List<SourceRecord> other = new ArrayList<>();
    c.convert("shop", "80-", orders.record(Operation.INSERT, row("us", "3", "c"), null), false, VGTID, COMMIT,
        partition, offset, other);
    assertThat(other.get(0).valueSchema()).isSameAs(v1);
    // When it changes to the same columns, it joins version 2 instead of making a third.
    c.onSchemaChange(orders2.fieldsOn("80-"));
    other.clear();
    c.convert("shop", "80-", orders2.record(Operation.INSERT,
        orders2.row(text("region", "us", "id", "4", "note", "1")), null), false, VGTID, COMMIT,
        partition, offset, other);
    assertThat(other.get(0).valueSchema()).isSameAs(v2);
  }

  @Test
  void columnAddedByADdlIsTypedFromItsFieldThoughTheCatalogLacksIt() {
    ChangeEventConverter c = converter(true);
    Map<String, String> wider = new LinkedHashMap<>(orders.columns());
    wider.put("qty", "int");
    wider.put("due", "datetime");
    TestTables.Table orders2 = new TestTables.Table("orders", wider, orders.key());
    c.onSchemaChange(orders2.fieldsOn("-80"));
    // The stream converts the new columns by a catalog that does not know them: as their text.
    Map<String, Object> data = new LinkedHashMap<>(row("eu", "1", "a"));
    data.put("qty", "42");
    data.put("due", "2026-02-03 04:05:06");
    SourceRecord r = convert(c, orders.record(Operation.INSERT, data, null), false, COMMIT).get(0);
    Struct after = ((Struct) r.value()).getStruct("after");
    assertThat(after.schema().version()).isEqualTo(2);
    assertThat(after.schema().field("qty").schema().type()).isEqualTo(Schema.Type.INT32);
    assertThat(after.get("qty")).isEqualTo(42);
    assertThat(after.get("due")).isEqualTo(java.util.Date.from(Instant.parse("2026-02-03T04:05:06Z")));
  }

  @Test
  void recordsBeforeFieldsUseTheCatalogSchema() {
    ChangeEventConverter c = new ChangeEventConverter(new ChangeEventSettings("pfx", true),
        TestTables.catalog(orders));
    SourceRecord r = convert(c, orders.record(Operation.INSERT, row("eu", "5", "hi"), null), false, COMMIT).get(0);
    Struct after = ((Struct) r.value()).getStruct("after");
    assertThat(after.schema().field("id").schema().type()).isEqualTo(Schema.Type.INT64);
    assertThat(after.get("id")).isEqualTo(5L);
    assertThat(r.keySchema().field("id").schema().isOptional()).isFalse();
  }

  @Test
  void tableOutsideTheCatalogIsAClearError() {
    Record r = new Record("unknown", Operation.INSERT, Map.of("a", 1L), null, TestTables.READ,
        new io.planetscale.cdc.RecordPosition("shop", "-80", "p", 0));
    assertThatThrownBy(() -> convert(converter(true), r, false, COMMIT))
        .isInstanceOf(DataException.class).hasMessageContaining("\"unknown\"").hasMessageContaining("catalog");
  }

  @Test
  void aTruncateHasNoChangeEventAndSaysSo() {
    Record r = new Record("orders", Operation.TRUNCATE, Map.of(), null, TestTables.READ,
        new io.planetscale.cdc.RecordPosition("shop", "-80", "p", 0));
    assertThatThrownBy(() -> convert(converter(true), r, false, COMMIT))
        .isInstanceOf(DataException.class).hasMessageContaining("\"orders\"").hasMessageContaining("TRUNCATE");
  }

  @Test
  void topicIsPrefixKeyspaceTable() {
    assertThat(converter(true).topic("shop", "orders")).isEqualTo("pfx.shop.orders");
  }
}
