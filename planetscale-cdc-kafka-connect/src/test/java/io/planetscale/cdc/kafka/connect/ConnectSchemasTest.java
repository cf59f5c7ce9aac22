package io.planetscale.cdc.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ConnectSchemasTest {

  private static Schema rowSchema() {
    TestTables.Table items = TestTables.everyType();
    ChangeEventConverter converter = new ChangeEventConverter(new ChangeEventSettings("pfx", true),
        TestTables.catalog(items));
    converter.onTableFields(items.fieldsOn("-80"));
    List<SourceRecord> out = new ArrayList<>();
    converter.convert("shop", "-80", items.record(io.planetscale.cdc.Operation.INSERT,
        items.row(TestTables.text("id", "1")), null), false, null, null, Map.of(), Map.of(), out);
    return out.get(0).valueSchema().field("after").schema();
  }

  @Test
  void everyColumnTypeHasItsConnectSchema() {
    Schema row = rowSchema();
    assertThat(row.name()).isEqualTo("pfx.shop.items.Value");
    assertThat(row.version()).isEqualTo(1);
    assertThat(row.isOptional()).isTrue();
    assertType(row, "id", Schema.Type.INT64, null);
    assertThat(row.field("id").schema().isOptional()).as("NOT NULL key column").isFalse();
    assertType(row, "i8", Schema.Type.INT8, null);
    assertType(row, "u8", Schema.Type.INT16, null);
    assertType(row, "i16", Schema.Type.INT16, null);
    assertType(row, "u16", Schema.Type.INT32, null);
    assertType(row, "i24", Schema.Type.INT32, null);
    assertType(row, "u24", Schema.Type.INT32, null);
    assertType(row, "i32", Schema.Type.INT32, null);
    assertType(row, "u32", Schema.Type.INT64, null);
    assertType(row, "i64", Schema.Type.INT64, null);
    assertType(row, "u64", Schema.Type.BYTES, "org.apache.kafka.connect.data.Decimal");
    assertThat(row.field("u64").schema().parameters()).containsEntry("scale", "0");
    assertType(row, "flag", Schema.Type.BOOLEAN, null);
    assertType(row, "bit1", Schema.Type.BOOLEAN, null);
    assertType(row, "bits", Schema.Type.BYTES, "io.debezium.data.Bits");
    assertThat(row.field("bits").schema().parameters()).containsEntry("length", "12");
    assertType(row, "f32", Schema.Type.FLOAT32, null);
    assertType(row, "f64", Schema.Type.FLOAT64, null);
    assertType(row, "dec", Schema.Type.BYTES, "org.apache.kafka.connect.data.Decimal");
    assertThat(row.field("dec").schema().parameters())
        .containsEntry("scale", "2").containsEntry("connect.decimal.precision", "10");
    assertType(row, "d", Schema.Type.INT32, "org.apache.kafka.connect.data.Date");
    assertType(row, "dt", Schema.Type.INT64, "org.apache.kafka.connect.data.Timestamp");
    assertType(row, "ts", Schema.Type.INT64, "org.apache.kafka.connect.data.Timestamp");
    assertType(row, "t", Schema.Type.INT32, "org.apache.kafka.connect.data.Time");
    assertType(row, "y", Schema.Type.INT32, "io.debezium.time.Year");
    assertType(row, "ch", Schema.Type.STRING, null);
    assertType(row, "vc", Schema.Type.STRING, null);
    assertType(row, "tx", Schema.Type.STRING, null);
    assertType(row, "bin", Schema.Type.BYTES, null);
    assertType(row, "blb", Schema.Type.BYTES, null);
    assertType(row, "j", Schema.Type.STRING, "io.debezium.data.Json");
    assertType(row, "e", Schema.Type.STRING, "io.debezium.data.Enum");
    assertThat(row.field("e").schema().parameters()).containsEntry("allowed", "small,large");
    assertType(row, "st", Schema.Type.STRING, "io.debezium.data.EnumSet");
    assertThat(row.field("st").schema().parameters()).containsEntry("allowed", "x,y");
    assertType(row, "g", Schema.Type.BYTES, null);
    for (org.apache.kafka.connect.data.Field f : row.fields()) {
      if (!f.name().equals("id")) {
        assertThat(f.schema().isOptional()).as("non-key column %s is optional", f.name()).isTrue();
      }
    }
  }

  @Test
  void tinyintOneIsAnInt8WhenTheCatalogSaysInteger() {
    io.planetscale.cdc.StreamProperty integer = io.planetscale.cdc.StreamProperty.of("null", "integer");
    ColumnSpec spec = ConnectSchemas.fromField(
        io.planetscale.cdc.Field.of("f", io.planetscale.cdc.VitessType.INT8, "tinyint(1)", 63), integer, false);
    assertThat(ConnectSchemas.schema(spec)).isEqualTo(SchemaBuilder.int8().optional().build());
  }

  @Test
  void keyColumnWithoutNotNullIsOptional() {
    ColumnSpec spec = ConnectSchemas.fromField(
        io.planetscale.cdc.Field.of("k", io.planetscale.cdc.VitessType.VARCHAR, "varchar(3)", 255),
        io.planetscale.cdc.StreamProperty.of("null", "string"), true);
    assertThat(ConnectSchemas.schema(spec).isOptional()).isTrue();
    ColumnSpec notNull = ConnectSchemas.fromField(
        io.planetscale.cdc.Field.of("k", io.planetscale.cdc.VitessType.VARCHAR, "varchar(3)", 255),
        io.planetscale.cdc.StreamProperty.of("string"), true);
    assertThat(ConnectSchemas.schema(notNull).isOptional()).isFalse();
  }

  @Test
  void catalogOnlyColumnsUseTheJsonSchema() {
    assertThat(ConnectSchemas.schema(ConnectSchemas.fromProperty("a",
        io.planetscale.cdc.StreamProperty.of("null", "integer"), false)).type()).isEqualTo(Schema.Type.INT64);
    assertThat(ConnectSchemas.schema(ConnectSchemas.fromProperty("a",
        io.planetscale.cdc.StreamProperty.withFormat("date-time", "null", "string"), false)).name())
        .isEqualTo("org.apache.kafka.connect.data.Timestamp");
    assertThat(ConnectSchemas.schema(ConnectSchemas.fromProperty("a",
        io.planetscale.cdc.StreamProperty.of("boolean"), true)))
        .isEqualTo(Schema.BOOLEAN_SCHEMA);
  }

  private static void assertType(Schema row, String column, Schema.Type type, String name) {
    Schema s = row.field(column).schema();
    assertThat(s.type()).as("type of %s", column).isEqualTo(type);
    assertThat(s.name()).as("name of %s", column).isEqualTo(name);
  }
}
