package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Values#convert}: API.md §3, one test per table row, plus the Go vectors of reference §3.8. */
class ValuesConvertTest {
  private static final StreamProperty INTEGER = StreamProperty.of("null", "integer");
  private static final StreamProperty NUMBER = StreamProperty.of("null", "number");
  private static final StreamProperty BOOLEAN = StreamProperty.of("null", "boolean");
  private static final StreamProperty STRING = StreamProperty.of("null", "string");
  private static final StreamProperty DATE_TIME = StreamProperty.withFormat("date-time", "null", "string");

  // --- Go vectors (singer-tap value_converter_test.go) ---

  @Test
  void goVectorInt8ForIntegerIsLong() {
    assertThat(Values.convert(INTEGER, Value.of(VitessType.INT8, "12"))).isEqualTo(12L);
  }

  @Test
  void goVectorGoFormattedFloat64IsDouble() {
    assertThat(Values.convert(NUMBER, Value.of(VitessType.FLOAT64, "3.1415927E+00"))).isEqualTo(3.1415927);
  }

  @ParameterizedTest
  @CsvSource({"1,true", "0,false"})
  void goVectorInt64ForBooleanIsBoolean(String text, boolean expected) {
    assertThat(Values.convert(BOOLEAN, Value.of(VitessType.INT64, text))).isEqualTo(expected);
  }

  @Test
  void goVectorDateTimeKeepsFraction() {
    assertThat(Values.convert(DATE_TIME, Value.of(VitessType.DATETIME, "2023-03-23 14:28:21.592111")))
        .isEqualTo("2023-03-23T14:28:21.592111Z");
  }

  @Test
  void goVectorVarbinaryForStringIsText() {
    assertThat(Values.convert(STRING, Value.of(VitessType.VARBINARY, "keyboard"))).isEqualTo("keyboard");
  }

  @Test
  void goVectorTimestampIsRfc3339() {
    Object out = Values.convert(DATE_TIME, Value.of(VitessType.TIMESTAMP, "2006-01-02 15:04:05"));
    assertThat(out).isEqualTo("2006-01-02T15:04:05Z");
    assertThat(Instant.parse((String) out)).isEqualTo(Instant.parse("2006-01-02T15:04:05Z"));
  }

  // --- API.md §3 rows ---

  @ParameterizedTest
  @ValueSource(strings = {"string", "integer", "boolean", "number"})
  void floatsAreDoublesWhateverTheSchema(String schemaType) {
    StreamProperty p = StreamProperty.of("null", schemaType);
    assertThat(Values.convert(p, Value.of(VitessType.FLOAT32, "3.14"))).isEqualTo(3.14);
    assertThat(Values.convert(p, Value.of(VitessType.FLOAT64, "1E+20"))).isEqualTo(1e20);
    assertThat(Values.convert(p, Value.of(VitessType.FLOAT64, "1e20"))).isEqualTo(1e20);
  }

  @Test
  void floatEvenWithDateTimeFormatIsDouble() {
    assertThat(Values.convert(DATE_TIME, Value.of(VitessType.FLOAT64, "-2.5"))).isEqualTo(-2.5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Inf", "inf", "1e999", "abc", "1.5f", ""})
  void nonFiniteOrBadFloatIsAnErrorNamingTheValue(String text) {
    assertThatThrownBy(() -> Values.convert(NUMBER, Value.of(VitessType.FLOAT64, text)))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("FLOAT64(" + text + ")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"integer", "number", "boolean", "string"})
  void nullIsNull(String schemaType) {
    assertThat(Values.convert(StreamProperty.of("null", schemaType), Value.NULL)).isNull();
    assertThat(Values.convert(DATE_TIME, Value.NULL)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
      "2023-03-23 14:28:21, 2023-03-23T14:28:21Z",
      "2023-03-23 14:28:21.5, 2023-03-23T14:28:21.5Z",
      "2023-03-23 14:28:21.000000, 2023-03-23T14:28:21.000000Z",
      "'2023-03-23 14:28:21,592', 2023-03-23T14:28:21.592Z",
      "2024-02-29, 2024-02-29T00:00:00Z",
      "0000-01-01 00:00:00, 0000-01-01T00:00:00Z"})
  void dateTimeKeepsTheSourceFractionDigits(String text, String expected) {
    assertThat(Values.convert(DATE_TIME, Value.of(VitessType.DATETIME, text))).isEqualTo(expected);
  }

  @Test
  void dateTypeWithDateTimeFormatIsMidnight() {
    assertThat(Values.convert(DATE_TIME, Value.of(VitessType.DATE, "2023-03-24"))).isEqualTo("2023-03-24T00:00:00Z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0000-00-00 00:00:00", "0000-00-00 00:00:00.000000", "0000-00-00", "2024-01-00",
      "2023-02-29 10:00:00", "2023-13-01 00:00:00", "2023-03-23 24:00:00", "2023-03-23T14:28:21",
      "2023-03-23 14:28:21.", "yesterday", "", "12:34:56"})
  void zeroInvalidOrUnparsableDateTimeIsNull(String text) {
    assertThat(Values.convert(DATE_TIME, Value.of(VitessType.DATETIME, text))).isNull();
  }

  @ParameterizedTest
  @EnumSource(value = VitessType.class, names = {"INT8", "INT16", "INT24", "INT32", "INT64", "UINT8", "UINT16",
      "UINT24", "UINT32", "UINT64", "YEAR"})
  void integralTypesAreLongs(VitessType type) {
    assertThat(Values.convert(INTEGER, Value.of(type, "123"))).isEqualTo(123L);
    assertThat(Values.convert(NUMBER, Value.of(type, "123"))).isEqualTo(123L);
  }

  @Test
  void negativeAndExtremeSignedIntegers() {
    assertThat(Values.convert(INTEGER, Value.of(VitessType.INT64, "-9223372036854775808"))).isEqualTo(Long.MIN_VALUE);
    assertThat(Values.convert(INTEGER, Value.of(VitessType.INT8, "-128"))).isEqualTo(-128L);
  }

  @Test
  void uint64AboveLongMaxIsBigInteger() {
    assertThat(Values.convert(INTEGER, Value.of(VitessType.UINT64, "18446744073709551615")))
        .isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(Values.convert(INTEGER, Value.of(VitessType.UINT64, "9223372036854775807"))).isEqualTo(Long.MAX_VALUE);
    assertThat(Values.convert(INTEGER, Value.of(VitessType.UINT64, "9223372036854775808")))
        .isEqualTo(BigInteger.ONE.shiftLeft(63));
  }

  @ParameterizedTest
  @CsvSource({"11.11,11.11", "2.22,2.22", ".33,0.33", "0.4,0.4", "-5.55,-5.55", "-0.66,-0.66", "-.77,-0.77",
      "1234567890.1234,1234567890.1234", "0.10,0.10"})
  void decimalIsExactBigDecimal(String text, String expected) {
    Object out = Values.convert(NUMBER, Value.of(VitessType.DECIMAL, text));
    assertThat(out).isInstanceOf(BigDecimal.class).isEqualTo(new BigDecimal(expected));
    assertThat(Values.convert(INTEGER, Value.of(VitessType.DECIMAL, text))).isEqualTo(new BigDecimal(expected));
  }

  @Test
  void decimalForStringSchemaIsTheSourceText() {
    assertThat(Values.convert(STRING, Value.of(VitessType.DECIMAL, "156.123"))).isEqualTo("156.123");
  }

  @Test
  void bitForNumberIsUnsignedBigEndian() {
    assertThat(Values.convert(INTEGER, Value.of(VitessType.BIT, new byte[] {0x01}))).isEqualTo(1L);
    assertThat(Values.convert(INTEGER, Value.of(VitessType.BIT, new byte[] {0x01, 0x00}))).isEqualTo(256L);
    assertThat(Values.convert(INTEGER, Value.of(VitessType.BIT, new byte[] {(byte) 0xFF}))).isEqualTo(255L);
    byte[] allOnes = {-1, -1, -1, -1, -1, -1, -1, -1};
    assertThat(Values.convert(INTEGER, Value.of(VitessType.BIT, allOnes))).isEqualTo(new BigInteger("18446744073709551615"));
  }

  @ParameterizedTest
  @CsvSource({"VARCHAR,42,42", "TEXT,-7,-7", "CHAR,99999999999999999999,99999999999999999999", "ENUM,3,3"})
  void numericTextForIntegerIsANumber(VitessType type, String text, String expected) {
    Object out = Values.convert(INTEGER, Value.of(type, text));
    assertThat(out.toString()).isEqualTo(expected);
    assertThat(out).isInstanceOfAny(Long.class, BigInteger.class);
  }

  @Test
  void decimalTextForNumberIsBigDecimal() {
    assertThat(Values.convert(NUMBER, Value.of(VitessType.VARCHAR, "1.50"))).isEqualTo(new BigDecimal("1.50"));
  }

  @Test
  void nonNumericTextForIntegerIsAnErrorNamingValueAndTypes() {
    assertThatThrownBy(() -> Values.convert(INTEGER, Value.of(VitessType.VARCHAR, "abc")))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("VARCHAR(\"abc\")")
        .hasMessageContaining("[null, integer]");
  }

  @Test
  void dateForIntegerAndGeometryForNumberAreErrors() {
    assertThatThrownBy(() -> Values.convert(INTEGER, Value.of(VitessType.DATE, "2024-01-01")))
        .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("DATE(\"2024-01-01\")");
    assertThatThrownBy(() -> Values.convert(NUMBER, Value.of(VitessType.GEOMETRY, "12")))
        .isInstanceOf(SchemaMismatchException.class);
  }

  @Test
  void bitForBooleanIsBoolean() {
    assertThat(Values.convert(BOOLEAN, Value.of(VitessType.BIT, new byte[] {1}))).isEqualTo(true);
    assertThat(Values.convert(BOOLEAN, Value.of(VitessType.BIT, new byte[] {0}))).isEqualTo(false);
  }

  @Test
  void tinyintTwoForBooleanIsAnErrorNamingTheValue() {
    assertThatThrownBy(() -> Values.convert(BOOLEAN, Value.of(VitessType.INT8, "2")))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("INT8(2)")
        .hasMessageContaining("boolean");
  }

  @ParameterizedTest
  @CsvSource({"VARCHAR,true", "VARCHAR,1", "DECIMAL,1.0"})
  void nonIntegralForBooleanIsAnError(VitessType type, String text) {
    assertThatThrownBy(() -> Values.convert(BOOLEAN, Value.of(type, text)))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining(text);
  }

  @Test
  void latin1TextIsDecodedWithItsCollation() {
    byte[] cafe = {'c', 'a', 'f', (byte) 0xE9, (byte) 0x80}; // 0x80 is the euro sign in cp1252
    assertThat(Values.convert(STRING, Value.of(VitessType.VARCHAR, cafe, 8))).isEqualTo("café€");
  }

  @Test
  void utf8mb4EmojiIsDecoded() {
    byte[] bytes = "hi 😀".getBytes(StandardCharsets.UTF_8);
    assertThat(Values.convert(STRING, Value.of(VitessType.TEXT, bytes, 255))).isEqualTo("hi 😀");
    assertThat(Values.convert(STRING, Value.of(VitessType.BLOB, bytes, 45))).isEqualTo("hi 😀");
  }

  @ParameterizedTest
  @EnumSource(value = VitessType.class, names = {"BLOB", "BINARY", "VARBINARY"})
  void binaryCollationBytesAreBase64(VitessType type) {
    byte[] bytes = {0, (byte) 0xFF, 0x10, 'a'};
    assertThat(Values.convert(STRING, Value.of(type, bytes, 63))).isEqualTo("AP8QYQ==");
  }

  @Test
  void bitGeometryAndVectorAreBase64ForStrings() {
    assertThat(Values.convert(STRING, Value.of(VitessType.BIT, new byte[] {0x01}))).isEqualTo("AQ==");
    byte[] point = {0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0x40};
    assertThat(Values.convert(STRING, Value.of(VitessType.GEOMETRY, point)))
        .isEqualTo(java.util.Base64.getEncoder().encodeToString(point));
    assertThat(Values.convert(STRING, Value.of(VitessType.VECTOR, new byte[] {0, 0, (byte) 0x80, 0x3F})))
        .isEqualTo("AACAPw==");
  }

  @Test
  void jsonWithBinaryCollationStaysUtf8Text() {
    byte[] json = "{\"a\": \"é\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(Values.convert(STRING, Value.of(VitessType.JSON, json, 63))).isEqualTo("{\"a\": \"é\"}");
  }

  @Test
  void temporalAndEnumTypesForStringAreTheirText() {
    assertThat(Values.convert(STRING, Value.of(VitessType.TIME, "-838:59:59"))).isEqualTo("-838:59:59");
    assertThat(Values.convert(STRING, Value.of(VitessType.DATE, "0000-00-00"))).isEqualTo("0000-00-00");
    assertThat(Values.convert(STRING, Value.of(VitessType.SET, "a,b"))).isEqualTo("a,b");
    assertThat(Values.convert(STRING, Value.of(VitessType.INT64, "42"))).isEqualTo("42");
  }

  @Test
  void schemaTypeNamesAreCaseInsensitive() {
    assertThat(Values.convert(StreamProperty.of("NULL", "Integer"), Value.of(VitessType.INT32, "5"))).isEqualTo(5L);
  }
}
