package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ColumnConverter}: the per-column form of {@link Values#convert}. */
class ColumnConverterTest {

  @Test
  void convertsDecodedRowValuesWithTheFieldsCollation() {
    Field name = Field.of("name", VitessType.VARCHAR, "varchar(10)", 8);
    List<Value> row = QueryResults.decodeRow(List.of(name), new long[] {2}, new byte[] {'h', (byte) 0xE9});
    ColumnConverter c = ColumnConverter.forColumn(StreamProperty.of("null", "string"), name);
    assertThat(c.convert(row.get(0))).isEqualTo("hé");
  }

  @Test
  void nullOfAnyColumnIsNull() {
    ColumnConverter c = ColumnConverter.forColumn(StreamProperty.of("null", "boolean"), Field.of("b", VitessType.INT8));
    assertThat(c.convert(Value.NULL)).isNull();
  }

  @Test
  void valueOfAnotherTypeThanTheFieldFallsBackToTheGeneralRules() {
    ColumnConverter c = ColumnConverter.forColumn(StreamProperty.of("null", "string"), Field.of("x", VitessType.INT64));
    assertThat(c.convert(Value.of(VitessType.FLOAT64, "1.5"))).isEqualTo(1.5);
    assertThat(c.convert(Value.of(VitessType.VARBINARY, new byte[] {1}, 63))).isEqualTo("AQ==");
    assertThat(c.convert(Value.of(VitessType.INT64, "7"))).isEqualTo("7");
  }

  @Test
  void sameTypeWithAnotherCollationUsesTheValuesCollation() {
    ColumnConverter c = ColumnConverter.forColumn(StreamProperty.of("string"), Field.of("b", VitessType.BLOB, "blob", 63));
    byte[] text = "ok".getBytes(StandardCharsets.UTF_8);
    assertThat(c.convert(Value.of(VitessType.BLOB, text, 63))).isEqualTo("b2s=");
    assertThat(c.convert(Value.of(VitessType.BLOB, text, 255))).isEqualTo("ok");
  }

  @Test
  void errorsNameTheColumnAndTheValue() {
    ColumnConverter c = ColumnConverter.forColumn(StreamProperty.of("null", "boolean"),
        Field.of("is_active", VitessType.INT8, "tinyint(1)", 63));
    assertThatThrownBy(() -> c.convert(Value.of(VitessType.INT8, "2")))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessage("column \"is_active\": cannot convert INT8(2) to [null, boolean]: a boolean must be 0 or 1");
  }

  @Test
  void dateTimeColumnConverterFormatsEveryRow() {
    ColumnConverter c = ColumnConverter.forColumn(StreamProperty.withFormat("date-time", "null", "string"),
        Field.of("at", VitessType.TIMESTAMP));
    assertThat(c.convert(Value.of(VitessType.TIMESTAMP, "2024-05-06 07:08:09.123"))).isEqualTo("2024-05-06T07:08:09.123Z");
    assertThat(c.convert(Value.of(VitessType.TIMESTAMP, "0000-00-00 00:00:00"))).isNull();
  }
}
