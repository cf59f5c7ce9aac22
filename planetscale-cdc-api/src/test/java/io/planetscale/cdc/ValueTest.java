package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTest {

  @Test
  void nullIsARealConstant() {
    assertThat(Value.NULL).isNotNull();
    assertThat(Value.NULL.isNull()).isTrue();
    assertThat(Value.NULL.type()).isEqualTo(VitessType.NULL_TYPE);
    assertThat(Value.NULL.toBytes()).isNull();
    assertThat(Value.NULL.toStringUtf8()).isNull();
    assertThat(Value.NULL.toJava()).isNull();
    assertThat(Value.NULL.toBigInteger()).isNull();
    assertThat(Value.NULL).hasToString("NULL");
  }

  @Test
  void nullTypeFactoryGivesNull() {
    assertThat(Value.of(VitessType.NULL_TYPE, "")).isSameAs(Value.NULL);
  }

  @Test
  void emptyTextIsNotNull() {
    Value empty = Value.of(VitessType.VARCHAR, "");
    assertThat(empty.isNull()).isFalse();
    assertThat(empty.toBytes()).isEmpty();
    assertThat(empty).isNotEqualTo(Value.NULL);
  }

  @Test
  void bytesAreCopiedInAndOut() {
    byte[] in = {1, 2, 3};
    Value v = Value.of(VitessType.VARBINARY, in);
    in[0] = 9;
    byte[] out = v.toBytes();
    out[1] = 9;
    assertThat(v.toBytes()).containsExactly(1, 2, 3);
  }

  @Test
  void toStringIsLikeGo() {
    assertThat(Value.of(VitessType.INT64, "12")).hasToString("INT64(12)");
    assertThat(Value.of(VitessType.DECIMAL, "-.77")).hasToString("DECIMAL(-.77)");
    assertThat(Value.of(VitessType.VARCHAR, "say \"hi\"\n")).hasToString("VARCHAR(\"say \\\"hi\\\"\\n\")");
    assertThat(Value.of(VitessType.BIT, new byte[] {1})).hasToString("BIT(\"\\x01\")");
    assertThat(Value.of(VitessType.VARCHAR, new byte[] {(byte) 0xE9}, 8)).hasToString("VARCHAR(\"é\")");
  }

  @Test
  void equalityIgnoresCollationButNotType() {
    Value a = Value.of(VitessType.VARCHAR, "abc".getBytes(StandardCharsets.UTF_8), 255);
    Value b = Value.of(VitessType.VARCHAR, "abc");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.charset()).isEqualTo(255);
    assertThat(b.charset()).isZero();
    assertThat(a).isNotEqualTo(Value.of(VitessType.CHAR, "abc"));
    assertThat(a).isNotEqualTo(Value.of(VitessType.VARCHAR, "abd"));
  }

  @Test
  void sliceOfARowEqualsAFreshValue() {
    List<Value> row = QueryResults.decodeRow(List.of(Field.of("a", VitessType.INT64), Field.of("b", VitessType.INT64)),
        new long[] {1, 2}, "742".getBytes(StandardCharsets.US_ASCII));
    assertThat(row.get(1)).isEqualTo(Value.of(VitessType.INT64, "42")).hasSameHashCodeAs(Value.of(VitessType.INT64, "42"));
    assertThat(row.get(1).toLong()).isEqualTo(42L);
  }

  @Test
  void toStringWithCharset() {
    Value v = Value.of(VitessType.VARCHAR, new byte[] {(byte) 0xE9});
    assertThat(v.toString(Charset.forName("windows-1252"))).isEqualTo("é");
    assertThat(v.toStringUtf8()).isEqualTo("\uFFFD");
  }

  @Test
  void integralAccessors() {
    assertThat(Value.of(VitessType.INT64, "-42").toLong()).isEqualTo(-42L);
    assertThat(Value.of(VitessType.UINT64, "18446744073709551615").toBigInteger())
        .isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(Value.of(VitessType.INT32, "7").toBigInteger()).isEqualTo(BigInteger.valueOf(7));
    assertThat(Value.of(VitessType.YEAR, "2024").toLong()).isEqualTo(2024L);
  }

  @Test
  void toLongOutOfRangeIsAnErrorNamingTheValue() {
    assertThatThrownBy(() -> Value.of(VitessType.UINT64, "18446744073709551615").toLong())
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("UINT64(18446744073709551615)")
        .hasMessageContaining("out of range");
  }

  @Test
  void typedAccessorsRejectTypesThatDoNotFit() {
    assertThatThrownBy(() -> Value.of(VitessType.VARCHAR, "12").toLong())
        .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("VARCHAR(\"12\")");
    assertThatThrownBy(() -> Value.of(VitessType.DECIMAL, "1.5").toBigInteger())
        .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("DECIMAL(1.5)");
    assertThatThrownBy(() -> Value.of(VitessType.DATE, "2024-01-01").toDouble())
        .isInstanceOf(SchemaMismatchException.class);
    assertThatThrownBy(() -> Value.NULL.toLong()).isInstanceOf(SchemaMismatchException.class).hasMessageContaining("NULL");
    assertThatThrownBy(() -> Value.of(VitessType.INT64, "x1").toLong()).isInstanceOf(SchemaMismatchException.class);
  }

  @ParameterizedTest
  @CsvSource({"11.11,11.11", ".33,0.33", "-.77,-0.77", "0.4,0.4"})
  void decimalToBigDecimalIsExact(String text, String expected) {
    assertThat(Value.of(VitessType.DECIMAL, text).toBigDecimal()).isEqualTo(new BigDecimal(expected));
  }

  @ParameterizedTest
  @CsvSource({"3.1415927E+00,3.1415927", "1E+20,1e20", "3.14,3.14", "1e20,1e20", "-0.5,-0.5"})
  void floatsParseBothSpellings(String text, double expected) {
    assertThat(Value.of(VitessType.FLOAT64, text).toDouble()).isEqualTo(expected);
    assertThat(Value.of(VitessType.FLOAT32, text).toJava()).isEqualTo(expected);
  }

  @Test
  void floatToBigDecimalKeepsTheText() {
    assertThat(Value.of(VitessType.FLOAT64, "3.1415927E+00").toBigDecimal()).isEqualTo(new BigDecimal("3.1415927E+00"));
    assertThatThrownBy(() -> Value.of(VitessType.FLOAT64, "NaN").toBigDecimal()).isInstanceOf(SchemaMismatchException.class);
  }

  static Stream<Arguments> javaForms() {
    return Stream.of(
        Arguments.of(Value.of(VitessType.INT8, "-5"), -5L),
        Arguments.of(Value.of(VitessType.UINT32, "4294967295"), 4294967295L),
        Arguments.of(Value.of(VitessType.INT64, "9223372036854775807"), Long.MAX_VALUE),
        Arguments.of(Value.of(VitessType.UINT64, "1"), BigInteger.ONE),
        Arguments.of(Value.of(VitessType.YEAR, "2024"), 2024),
        Arguments.of(Value.of(VitessType.DECIMAL, ".33"), new BigDecimal("0.33")),
        Arguments.of(Value.of(VitessType.FLOAT64, "2.5"), 2.5),
        Arguments.of(Value.of(VitessType.DATE, "2024-02-29"), LocalDate.of(2024, 2, 29)),
        Arguments.of(Value.of(VitessType.DATETIME, "2023-03-23 14:28:21.592111"),
            LocalDateTime.of(2023, 3, 23, 14, 28, 21, 592_111_000)),
        Arguments.of(Value.of(VitessType.DATETIME, "2023-03-23 14:28:21"), LocalDateTime.of(2023, 3, 23, 14, 28, 21)),
        Arguments.of(Value.of(VitessType.TIMESTAMP, "2006-01-02 15:04:05.5"), Instant.parse("2006-01-02T15:04:05.5Z")),
        Arguments.of(Value.of(VitessType.TIME, "-838:59:59"), Duration.ofHours(-838).minusMinutes(59).minusSeconds(59)),
        Arguments.of(Value.of(VitessType.TIME, "838:59:59.000000"), Duration.ofHours(838).plusMinutes(59).plusSeconds(59)),
        Arguments.of(Value.of(VitessType.TIME, "-00:00:01.10"), Duration.ofMillis(-1100)),
        Arguments.of(Value.of(VitessType.TIME, "12:34:56.123456"), Duration.parse("PT12H34M56.123456S")),
        Arguments.of(Value.of(VitessType.VARCHAR, "héllo"), "héllo"),
        Arguments.of(Value.of(VitessType.ENUM, "xlarge"), "xlarge"),
        Arguments.of(Value.of(VitessType.SET, "cooking,reading"), "cooking,reading"),
        Arguments.of(Value.of(VitessType.JSON, "{\"a\": 1}".getBytes(StandardCharsets.UTF_8), 63), "{\"a\": 1}"),
        Arguments.of(Value.of(VitessType.TEXT, new byte[] {(byte) 0xE9}, 8), "é"),
        Arguments.of(Value.of(VitessType.BLOB, "text blob".getBytes(StandardCharsets.UTF_8), 255), "text blob"));
  }

  @ParameterizedTest
  @MethodSource("javaForms")
  void toJavaIsLossless(Value value, Object expected) {
    assertThat(value.toJava()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"BIT", "GEOMETRY", "VECTOR"})
  void bitGeometryVectorAreBytes(VitessType type) {
    assertThat(Value.of(type, new byte[] {0, 1, (byte) 0xFF}).toJava()).isEqualTo(new byte[] {0, 1, (byte) 0xFF});
  }

  @ParameterizedTest
  @ValueSource(strings = {"BLOB", "BINARY", "VARBINARY"})
  void binaryCollationBytesAreBytes(VitessType type) {
    assertThat(Value.of(type, new byte[] {(byte) 0xC3}, 63).toJava()).isEqualTo(new byte[] {(byte) 0xC3});
  }

  @ParameterizedTest
  @CsvSource({"DATE,0000-00-00", "DATE,2024-01-00", "DATE,2023-02-30", "DATETIME,0000-00-00 00:00:00",
      "DATETIME,0000-00-00 00:00:00.000000", "TIMESTAMP,0000-00-00 00:00:00", "DATETIME,2024-00-10 10:00:00"})
  void zeroAndPartialZeroDatesAreNull(VitessType type, String text) {
    assertThat(Value.of(type, text).toJava()).isNull();
  }

  @ParameterizedTest
  @CsvSource({"DATE,2024-01-01 00:00:00", "DATETIME,noon", "TIME,12:34", "TIME,1234:00:00", "TIME,12:60:00",
      "TIME,12:00:00.", "TIMESTAMP,2024-01-01T00:00:00"})
  void unparsableTemporalTextIsAnError(VitessType type, String text) {
    assertThatThrownBy(() -> Value.of(type, text).toJava())
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining(text);
  }
}
