package io.planetscale.cdc.kafka.connect;

import static io.planetscale.cdc.kafka.connect.TestTables.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Operation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ChangeEventConverterValuesTest {
  private final TestTables.Table items = TestTables.everyType();
  private final ChangeEventConverter converter =
      new ChangeEventConverter(new ChangeEventSettings("pfx", true), TestTables.catalog(items));

  private Struct after(Map<String, String> row) {
    converter.onTableFields(items.fieldsOn("-80"));
    List<SourceRecord> out = new ArrayList<>();
    converter.convert("shop", "-80", items.record(Operation.INSERT, items.row(row), null), false, null, null,
        Map.of(), Map.of(), out);
    return ((Struct) out.get(0).value()).getStruct("after");
  }

  @Test
  void everyTypeConvertsToItsConnectValue() {
    Struct a = after(text("id", "7", "i8", "-128", "u8", "255", "i16", "-32768", "u16", "65535",
        "i24", "-8388608", "u24", "16777215", "i32", "-2147483648", "u32", "4294967295",
        "i64", "-9223372036854775808", "u64", "18446744073709551615", "flag", "1", "bit1", "0x01",
        "bits", "0x0abc", "f32", "1.5", "f64", "2.25", "dec", "12345678.90", "d", "2024-02-29",
        "dt", "2024-02-29 13:14:15.123456", "ts", "2024-02-29 13:14:15", "t", "23:59:59.5", "y", "2024",
        "ch", "abcd", "vc", "héllo", "tx", "long text", "bin", "0x00ff10", "blb", "0x01020304",
        "j", "{\"a\": [1, 2]}", "e", "large", "st", "x,y", "g", "0x00000000010100"));
    assertThat(a.get("id")).isEqualTo(7L);
    assertThat(a.get("i8")).isEqualTo((byte) -128);
    assertThat(a.get("u8")).isEqualTo((short) 255);
    assertThat(a.get("i16")).isEqualTo((short) -32768);
    assertThat(a.get("u16")).isEqualTo(65535);
    assertThat(a.get("i24")).isEqualTo(-8388608);
    assertThat(a.get("u24")).isEqualTo(16777215);
    assertThat(a.get("i32")).isEqualTo(Integer.MIN_VALUE);
    assertThat(a.get("u32")).isEqualTo(4294967295L);
    assertThat(a.get("i64")).isEqualTo(Long.MIN_VALUE);
    assertThat(a.get("u64")).isEqualTo(new BigDecimal("18446744073709551615"));
    assertThat(a.get("flag")).isEqualTo(true);
    assertThat(a.get("bit1")).isEqualTo(true);
    assertThat((byte[]) a.get("bits")).as("little-endian, as Debezium's Bits").containsExactly(0xbc, 0x0a);
    assertThat(a.get("f32")).isEqualTo(1.5f);
    assertThat(a.get("f64")).isEqualTo(2.25);
    assertThat(a.get("dec")).isEqualTo(new BigDecimal("12345678.90"));
    assertThat(a.get("d")).isEqualTo(new Date(LocalDate.of(2024, 2, 29).toEpochDay() * 86_400_000L));
    assertThat(a.get("dt")).isEqualTo(Date.from(Instant.parse("2024-02-29T13:14:15.123Z")));
    assertThat(a.get("ts")).isEqualTo(Date.from(Instant.parse("2024-02-29T13:14:15Z")));
    assertThat(a.get("t")).isEqualTo(new Date(86_399_500L));
    assertThat(a.get("y")).isEqualTo(2024);
    assertThat(a.get("ch")).isEqualTo("abcd");
    assertThat(a.get("vc")).isEqualTo("héllo");
    assertThat(a.get("tx")).isEqualTo("long text");
    assertThat((byte[]) a.get("bin")).containsExactly(0x00, 0xff, 0x10);
    assertThat((byte[]) a.get("blb")).containsExactly(1, 2, 3, 4);
    assertThat(a.get("j")).isEqualTo("{\"a\": [1, 2]}");
    assertThat(a.get("e")).isEqualTo("large");
    assertThat(a.get("st")).isEqualTo("x,y");
    assertThat((byte[]) a.get("g")).containsExactly(0, 0, 0, 0, 1, 1, 0);
  }

  @Test
  void sqlNullsAreNullInOptionalFields() {
    Struct a = after(text("id", "1", "i32", null, "d", null, "j", null));
    assertThat(a.get("i32")).isNull();
    assertThat(a.get("d")).isNull();
    assertThat(a.get("j")).isNull();
    a.validate();
  }

  @Test
  void zeroDatesAreNullInOptionalColumns() {
    Struct a = after(text("id", "1", "d", "0000-00-00", "dt", "0000-00-00 00:00:00", "ts", "2024-01-00 00:00:00"));
    assertThat(a.get("d")).isNull();
    assertThat(a.get("dt")).isNull();
    assertThat(a.get("ts")).isNull();
  }

  @Test
  void timeBeyondOneDayIsAnErrorNamingTheColumn() {
    assertThat(after(text("id", "1", "t", "00:00:00")).get("t")).isEqualTo(new Date(0));
    assertThatThrownBy(() -> after(text("id", "1", "t", "838:59:59")))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("table \"items\" column \"t\"")
        .hasMessageContaining("838:59:59")
        .hasMessageContaining("Connect Time");
    assertThatThrownBy(() -> after(text("id", "1", "t", "-00:00:01")))
        .isInstanceOf(DataException.class).hasMessageContaining("column \"t\"");
  }

  @Test
  void aValueThatDoesNotFitNamesTableColumnAndValueType() {
    // A value the column's type cannot hold: the server said TINYINT, the row carries 300.
    assertThatThrownBy(() -> after(text("id", "1", "i8", "300")))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("table \"items\"")
        .hasMessageContaining("column \"i8\"")
        .hasMessageContaining("Long value 300")
        .hasMessageContaining("INT8");
    assertThatThrownBy(() -> after(text("id", "1", "dec", "1.234")))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("column \"dec\"")
        .hasMessageContaining("BigDecimal value 1.234")
        .hasMessageContaining("scale 2");
  }

  @Test
  void binaryColumnsWithATextCollationAreStrings() {
    ColumnSpec spec = ConnectSchemas.fromField(io.planetscale.cdc.Field.of("b", io.planetscale.cdc.VitessType.BLOB,
        "blob", 255), null, false);
    assertThat(spec.kind()).isEqualTo(ColumnKind.STRING);
    assertThat(ConnectValues.convert("t", spec, "text")).isEqualTo("text");
    ColumnSpec bytes = ConnectSchemas.fromField(io.planetscale.cdc.Field.of("b", io.planetscale.cdc.VitessType.BLOB,
        "blob", 63), null, false);
    assertThat((byte[]) ConnectValues.convert("t", bytes,
        java.util.Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
  }
}
