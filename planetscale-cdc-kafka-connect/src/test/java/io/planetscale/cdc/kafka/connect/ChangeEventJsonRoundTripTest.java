package io.planetscale.cdc.kafka.connect;

import static io.planetscale.cdc.kafka.connect.TestTables.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Converted records survive Kafka's own {@link JsonConverter} with schemas, both ways: the schemas are
 * valid Connect schemas and the values match them (a required field left null, a value of the wrong
 * Java type or a decimal of the wrong scale would fail here).
 */
class ChangeEventJsonRoundTripTest {

  private static JsonConverter json(boolean isKey) {
    JsonConverter c = new JsonConverter();
    c.configure(Map.of("schemas.enable", "true", "schemas.cache.size", "16"), isKey);
    return c;
  }

  @Test
  void everyTypeAndOperationRoundTripsThroughJsonConverter() {
    TestTables.Table items = TestTables.everyType();
    ChangeEventConverter converter = new ChangeEventConverter(new ChangeEventSettings("pfx", true),
        TestTables.catalog(items));
    converter.onTableFields(items.fieldsOn("-80"));
    Map<String, Object> full = items.row(text("id", "7", "i8", "-1", "u8", "200", "i16", "-2", "u16", "60000",
        "i24", "-3", "u24", "16000000", "i32", "-4", "u32", "4000000000", "i64", "-5", "u64", "18446744073709551615",
        "flag", "0", "bit1", "0x00", "bits", "0x0fff", "f32", "0.25", "f64", "-1.5e300", "dec", "-0.05",
        "d", "1969-12-31", "dt", "1900-01-01 00:00:00.5", "ts", "2038-01-19 03:14:07", "t", "12:00:00",
        "y", "1901", "ch", "a", "vc", "ünï", "tx", "", "bin", "0x", "blb", "0xdeadbeef", "j", "[]",
        "e", "small", "st", "", "g", "0x01"));
    Map<String, Object> nulls = items.row(text("id", "7", "i8", null, "dec", null, "d", null, "bin", null));
    List<SourceRecord> out = new ArrayList<>();
    converter.convert("shop", "-80", items.record(Operation.INSERT, full, null), true, null, null,
        Map.of(), Map.of(), out);
    converter.convert("shop", "-80", items.record(Operation.UPDATE, nulls, full), false, "{\"v\":1}",
        Instant.parse("2026-01-01T00:00:00Z"), Map.of(), Map.of(), out);
    converter.convert("shop", "-80", items.record(Operation.DELETE, items.row(text("id", "7")), null), false,
        null, null, Map.of(), Map.of(), out);
    assertThat(out).hasSize(4); // the delete's tombstone included

    JsonConverter keys = json(true);
    JsonConverter values = json(false);
    for (SourceRecord r : out) {
      byte[] keyBytes = keys.fromConnectData(r.topic(), r.keySchema(), r.key());
      byte[] valueBytes = values.fromConnectData(r.topic(), r.valueSchema(), r.value());
      SchemaAndValue key = keys.toConnectData(r.topic(), keyBytes);
      SchemaAndValue value = values.toConnectData(r.topic(), valueBytes);
      assertThat(key.schema()).isEqualTo(r.keySchema());
      assertThat(key.value()).isEqualTo(r.key());
      assertThat(value.schema()).isEqualTo(r.valueSchema());
      assertThat(value.value()).isEqualTo(r.value());
    }
  }
}
