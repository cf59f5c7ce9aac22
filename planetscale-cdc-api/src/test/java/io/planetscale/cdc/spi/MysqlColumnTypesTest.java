package io.planetscale.cdc.spi;

import static io.planetscale.cdc.spi.MysqlColumnTypes.defaultCollation;
import static io.planetscale.cdc.spi.MysqlColumnTypes.enumValues;
import static io.planetscale.cdc.spi.MysqlColumnTypes.jsonSchema;
import static io.planetscale.cdc.spi.MysqlColumnTypes.vitessType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.Values;
import io.planetscale.cdc.VitessType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MysqlColumnTypesTest {

  /**
   * One row of the type matrix: the column type and setting, what the schema, Vitess type and
   * collation must be, a representative value as the server sends it, and its converted form.
   */
  record Row(String columnType, boolean asBoolean, String json, String format, VitessType vitess,
      int collation, byte[] sample, Object converted) {
    @Override
    public String toString() {
      return "\"" + columnType + "\"" + (asBoolean ? " [tinyint-as-boolean]" : "");
    }
  }

  private static final List<Row> MATRIX = new ArrayList<>();

  private static void row(String type, boolean asBool, String json, String format, VitessType vt, int collation,
      Object sample, Object converted) {
    byte[] bytes = sample instanceof byte[] ? (byte[]) sample : ((String) sample).getBytes(StandardCharsets.UTF_8);
    MATRIX.add(new Row(type, asBool, json, format, vt, collation, bytes, converted));
  }

  private static void integer(String type, VitessType vt, String sample, Object converted) {
    row(type, false, "integer", null, vt, 63, sample, converted);
    row(type, true, "integer", null, vt, 63, sample, converted); // the setting only touches tinyint(1)/bool
  }

  private static void text(String type, VitessType vt, int collation, String sample) {
    row(type, false, "string", null, vt, collation, sample, sample);
  }

  private static void bytes(String type, VitessType vt, byte[] sample, String base64) {
    row(type, false, "string", null, vt, 63, sample, base64);
  }

  private static byte[] b(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static {
    // Every integer width, with and without display width, unsigned, zerofill.
    integer("tinyint", VitessType.INT8, "-128", -128L);
    integer("tinyint(4)", VitessType.INT8, "127", 127L);
    integer("tinyint unsigned", VitessType.UINT8, "255", 255L);
    integer("tinyint(3) unsigned", VitessType.UINT8, "200", 200L);
    integer("tinyint(3) unsigned zerofill", VitessType.UINT8, "007", 7L);
    integer("tinyint zerofill", VitessType.UINT8, "042", 42L);
    integer("smallint", VitessType.INT16, "-32768", -32768L);
    integer("smallint(6)", VitessType.INT16, "32767", 32767L);
    integer("smallint unsigned", VitessType.UINT16, "65535", 65535L);
    integer("smallint(5) unsigned zerofill", VitessType.UINT16, "00012", 12L);
    integer("mediumint", VitessType.INT24, "-8388608", -8388608L);
    integer("mediumint(9)", VitessType.INT24, "8388607", 8388607L);
    integer("mediumint unsigned", VitessType.UINT24, "16777215", 16777215L);
    integer("mediumint(8) unsigned zerofill", VitessType.UINT24, "00000001", 1L);
    integer("int", VitessType.INT32, "-2147483648", -2147483648L);
    integer("int(11)", VitessType.INT32, "2147483647", 2147483647L);
    integer("int unsigned", VitessType.UINT32, "4294967295", 4294967295L);
    integer("int(10) unsigned", VitessType.UINT32, "0", 0L);
    integer("int(10) unsigned zerofill", VitessType.UINT32, "0000000010", 10L);
    integer("int zerofill", VitessType.UINT32, "0000000005", 5L);
    integer("integer", VitessType.INT32, "12", 12L);
    integer("integer(11) unsigned", VitessType.UINT32, "12", 12L);
    integer("int(32)", VitessType.INT32, "-1", -1L);
    integer("bigint", VitessType.INT64, "-9223372036854775808", Long.MIN_VALUE);
    integer("bigint(20)", VitessType.INT64, "9223372036854775807", Long.MAX_VALUE);
    integer("bigint(16)", VitessType.INT64, "16", 16L);
    integer("bigint unsigned", VitessType.UINT64, "18446744073709551615", new BigInteger("18446744073709551615"));
    integer("bigint(20) unsigned", VitessType.UINT64, "9223372036854775807", Long.MAX_VALUE);
    integer("bigint(20) unsigned zerofill", VitessType.UINT64, "00000000000000000001", 1L);
    integer("bigint zerofill", VitessType.UINT64, "9223372036854775808", new BigInteger("9223372036854775808"));
    integer("serial", VitessType.UINT64, "1", 1L);
    integer("INT(11) UNSIGNED", VitessType.UINT32, "3", 3L);
    integer("  BigInt  ", VitessType.INT64, "3", 3L);
    integer("year", VitessType.YEAR, "2024", 2024L);
    integer("year(4)", VitessType.YEAR, "0000", 0L);

    // tinyint(1), bool and boolean with and without the boolean setting.
    row("tinyint(1)", true, "boolean", null, VitessType.INT8, 63, "1", true);
    row("tinyint(1)", false, "integer", null, VitessType.INT8, 63, "1", 1L);
    row("TINYINT(1)", true, "boolean", null, VitessType.INT8, 63, "0", false);
    row(" tinyint(1) ", true, "boolean", null, VitessType.INT8, 63, "0", false);
    row("tinyint( 1 )", true, "boolean", null, VitessType.INT8, 63, "1", true);
    row("tinyint(1) unsigned", true, "integer", null, VitessType.UINT8, 63, "200", 200L);
    row("tinyint(1) unsigned", false, "integer", null, VitessType.UINT8, 63, "200", 200L);
    row("tinyint(1) zerofill", true, "integer", null, VitessType.UINT8, 63, "2", 2L);
    row("tinyint(2)", true, "integer", null, VitessType.INT8, 63, "2", 2L);
    row("bool", true, "boolean", null, VitessType.INT8, 63, "1", true);
    row("bool", false, "integer", null, VitessType.INT8, 63, "1", 1L);
    row("BOOLEAN", true, "boolean", null, VitessType.INT8, 63, "0", false);
    row("boolean", false, "integer", null, VitessType.INT8, 63, "0", 0L);

    // Fixed and floating point.
    row("decimal(12,5)", false, "number", null, VitessType.DECIMAL, 63, "1234567.12345", new BigDecimal("1234567.12345"));
    row("decimal", false, "number", null, VitessType.DECIMAL, 63, "10", new BigDecimal("10"));
    row("decimal(10,2) unsigned", false, "number", null, VitessType.DECIMAL, 63, "0.10", new BigDecimal("0.10"));
    row("numeric(10,2)", false, "number", null, VitessType.DECIMAL, 63, "-0.50", new BigDecimal("-0.50"));
    row("dec(5)", false, "number", null, VitessType.DECIMAL, 63, ".5", new BigDecimal("0.5"));
    row("fixed(10,2)", false, "number", null, VitessType.DECIMAL, 63, "1.25", new BigDecimal("1.25"));
    row("DECIMAL(65,30)", false, "number", null, VitessType.DECIMAL, 63, "1.5", new BigDecimal("1.5"));
    row("float", false, "number", null, VitessType.FLOAT32, 63, "3.14", 3.14);
    row("float(7,4)", false, "number", null, VitessType.FLOAT32, 63, "3.1416", 3.1416);
    row("float unsigned", false, "number", null, VitessType.FLOAT32, 63, "1E+20", 1e20);
    row("float(24)", false, "number", null, VitessType.FLOAT32, 63, "2.5", 2.5);
    row("float(30)", false, "number", null, VitessType.FLOAT64, 63, "2.5", 2.5);
    row("double", false, "number", null, VitessType.FLOAT64, 63, "3.1415926535E+00", 3.1415926535);
    row("double(10,2)", false, "number", null, VitessType.FLOAT64, 63, "-1.5", -1.5);
    row("double unsigned", false, "number", null, VitessType.FLOAT64, 63, "1e20", 1e20);
    row("double precision", false, "number", null, VitessType.FLOAT64, 63, "0.25", 0.25);
    row("DOUBLE PRECISION(8,3)", false, "number", null, VitessType.FLOAT64, 63, "0.125", 0.125);
    row("real", false, "number", null, VitessType.FLOAT64, 63, "7", 7.0);

    // BIT: bit(1) is boolean, wider is the unsigned number of its bits.
    row("bit", false, "boolean", null, VitessType.BIT, 63, b(1), true);
    row("bit(1)", false, "boolean", null, VitessType.BIT, 63, b(0), false);
    row("bit(1)", true, "boolean", null, VitessType.BIT, 63, b(1), true);
    row("bit(8)", false, "integer", null, VitessType.BIT, 63, b(0xff), 255L);
    row("bit(2)", true, "integer", null, VitessType.BIT, 63, b(2), 2L);
    row("bit(64)", false, "integer", null, VitessType.BIT, 63, b(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
        new BigInteger("18446744073709551615"));

    // Temporal.
    row("date", false, "string", "date", VitessType.DATE, 63, "2024-02-29", "2024-02-29");
    row("datetime", false, "string", "date-time", VitessType.DATETIME, 63, "2023-03-23 14:28:21", "2023-03-23T14:28:21Z");
    row("datetime(6)", false, "string", "date-time", VitessType.DATETIME, 63, "2023-03-23 14:28:21.592111",
        "2023-03-23T14:28:21.592111Z");
    row("datetime(3)", false, "string", "date-time", VitessType.DATETIME, 63, "0000-00-00 00:00:00.000", null);
    row("timestamp", false, "string", "date-time", VitessType.TIMESTAMP, 63, "2024-01-02 03:04:05", "2024-01-02T03:04:05Z");
    row("timestamp(6)", false, "string", "date-time", VitessType.TIMESTAMP, 63, "2024-01-02 03:04:05.000001",
        "2024-01-02T03:04:05.000001Z");
    row("TIMESTAMP(3)", false, "string", "date-time", VitessType.TIMESTAMP, 63, "2024-01-02 03:04:05.120",
        "2024-01-02T03:04:05.120Z");
    row("time", false, "string", null, VitessType.TIME, 63, "-838:59:59", "-838:59:59");
    row("time(6)", false, "string", null, VitessType.TIME, 63, "12:00:00.000001", "12:00:00.000001");

    // Character types and their collation suffixes.
    text("char", VitessType.CHAR, 255, "a");
    text("char(10)", VitessType.CHAR, 255, "abc");
    text("varchar(256)", VitessType.VARCHAR, 255, "hello");
    text("varchar(255) character set utf8mb4 collate utf8mb4_bin", VitessType.VARCHAR, 46, "héllo");
    text("VARCHAR(20) COLLATE utf8mb4_general_ci", VitessType.VARCHAR, 45, "x");
    text("varchar(10) charset utf8mb3", VitessType.VARCHAR, 33, "x");
    text("varchar(10) collate utf8_general_ci", VitessType.VARCHAR, 33, "x");
    text("varchar(10) collate utf8mb4_unicode_ci", VitessType.VARCHAR, 224, "x");
    text("varchar(10) collate latin1_german1_ci", VitessType.VARCHAR, 8, "x"); // not in the table: latin1's default
    text("varchar(10) character set koi8r", VitessType.VARCHAR, 255, "x"); // unknown charset
    text("text character set ascii", VitessType.TEXT, 11, "plain");
    text("tinytext", VitessType.TEXT, 255, "t");
    text("text", VitessType.TEXT, 255, "🐬 text");
    text("mediumtext", VitessType.TEXT, 255, "m");
    text("longtext", VitessType.TEXT, 255, "l");
    row("varchar(64) character set latin1", false, "string", null, VitessType.VARCHAR, 8, b('c', 'a', 'f', 0xe9), "café");

    // Binary types: Base64 at sync time.
    bytes("binary(4)", VitessType.BINARY, b(0, 1, 2, 3), "AAECAw==");
    bytes("binary", VitessType.BINARY, b(0xff), "/w==");
    bytes("varbinary(16)", VitessType.VARBINARY, b(0xde, 0xad, 0xbe, 0xef), "3q2+7w==");
    bytes("tinyblob", VitessType.BLOB, b(1), "AQ==");
    bytes("blob", VitessType.BLOB, b(0x80, 0), "gAA=");
    bytes("mediumblob", VitessType.BLOB, b(), "");
    bytes("LONGBLOB", VitessType.BLOB, b('h', 'i'), "aGk=");

    // ENUM, SET, JSON.
    text("enum('small','medium','large')", VitessType.ENUM, 255, "medium");
    text("ENUM('A','B') CHARACTER SET latin1", VitessType.ENUM, 8, "B");
    text("set('read','write')", VitessType.SET, 255, "read,write");
    row("json", false, "string", null, VitessType.JSON, 63, "{\"a\": \"b\"}", "{\"a\": \"b\"}");

    // The geometry family and VECTOR: raw bytes as Base64.
    byte[] point = b(0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x24, 0x40, 0, 0, 0, 0, 0, 0, 0x24, 0x40);
    String pointBase64 = "AAAAAAEBAAAAAAAAAAAAJEAAAAAAAAAkQA==";
    for (String g : List.of("geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
        "multipolygon", "geometrycollection", "geomcollection", "POINT")) {
      bytes(g, VitessType.GEOMETRY, point, pointBase64);
    }
    bytes("point srid 4326", VitessType.GEOMETRY, point, pointBase64);
    bytes("vector(2)", VitessType.VECTOR, b(0, 0, 0x80, 0x3f, 0, 0, 0, 0x40), "AACAPwAAAEA=");

    // Unknown types: string, VARBINARY, binary collation, so values are Base64 of their bytes.
    bytes("", VitessType.VARBINARY, b('x'), "eA==");
    bytes("uuid", VitessType.VARBINARY, b('x'), "eA==");
    bytes("some_future_type(3) unsigned", VitessType.VARBINARY, b(1, 2), "AQI=");
    bytes("(1)", VitessType.VARBINARY, b(1), "AQ==");
  }

  static Stream<Row> matrix() {
    return MATRIX.stream();
  }

  static Stream<Arguments> matrixNullableAndNot() {
    return MATRIX.stream().flatMap(r -> Stream.of(Arguments.of(r, true), Arguments.of(r, false)));
  }

  @ParameterizedTest(name = "{0} nullable={1}")
  @MethodSource("matrixNullableAndNot")
  void schemaTypeFormatAndNullability(Row row, boolean nullable) {
    StreamProperty p = jsonSchema(row.columnType(), nullable, row.asBoolean());
    List<String> expected = nullable ? List.of("null", row.json()) : List.of(row.json());
    assertThat(p.types()).isEqualTo(expected);
    assertThat(p.format()).isEqualTo(row.format());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void vitessTypeAndCollation(Row row) {
    assertThat(vitessType(row.columnType())).isEqualTo(row.vitess());
    assertThat(defaultCollation(row.columnType())).isEqualTo(row.collation());
  }

  /** A value as the server sends it for the column converts to what the column's schema declares. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void representativeValueConvertsToTheSchemaType(Row row) {
    String ct = row.columnType();
    StreamProperty schema = jsonSchema(ct, true, row.asBoolean());
    Object converted = Values.convert(schema, Value.of(vitessType(ct), row.sample(), defaultCollation(ct)));
    assertThat(converted).isEqualTo(row.converted());
    if (converted != null) {
      assertConsistent(schema, converted);
    }
    assertThat(Values.convert(schema, Value.NULL)).isNull();
  }

  /** The same with the collation unknown ({@code Value.of(type, text)}): the Java type still fits the schema. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void textValueWithoutCollationStillFitsTheSchema(Row row) {
    String ct = row.columnType();
    StreamProperty schema = jsonSchema(ct, false, row.asBoolean());
    Object converted = Values.convert(schema,
        Value.of(vitessType(ct), new String(row.sample(), StandardCharsets.ISO_8859_1)));
    if (row.converted() == null) {
      assertThat(converted).isNull();
    } else {
      assertConsistent(schema, converted);
    }
  }

  private static void assertConsistent(StreamProperty schema, Object converted) {
    if (schema.isInteger()) {
      assertThat(converted).isInstanceOfAny(Long.class, BigInteger.class);
    } else if (schema.isNumber()) {
      assertThat(converted).isInstanceOfAny(BigDecimal.class, Double.class);
    } else if (schema.isBoolean()) {
      assertThat(converted).isInstanceOf(Boolean.class);
    } else {
      assertThat(converted).isInstanceOf(String.class);
    }
  }

  @Test
  void matrixCoversEveryVitessColumnType() {
    List<VitessType> covered = MATRIX.stream().map(Row::vitess).distinct().toList();
    List<VitessType> internal = List.of(VitessType.NULL_TYPE, VitessType.TUPLE, VitessType.EXPRESSION,
        VitessType.HEXNUM, VitessType.HEXVAL, VitessType.BITNUM, VitessType.RAW, VitessType.ROW_TUPLE);
    assertThat(covered).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(VitessType.values()).filter(t -> !internal.contains(t)).toList());
  }

  /**
   * singer-tap's TestDiscover_CanPickRightSingerType (reference §6.1) and airbyte's
   * TestDiscover_CanPickRightAirbyteType (§6.2), with this SDK's corrected expectations: integers are
   * {@code integer}, {@code date} has format {@code date}, {@code time} has no format, and
   * {@code tinyint(1) unsigned} is never boolean.
   */
  @ParameterizedTest(name = "{0} asBoolean={1} nullable={2} -> {3} {4}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // singer-tap §6.1
      "int(32)            | false | true  | null,integer | -",
      "tinyint(1)         | true  | true  | null,boolean | -",
      "tinyint(1)         | false | true  | null,integer | -",
      "bigint(16)         | false | true  | null,integer | -",
      "bigint unsigned    | false | true  | null,integer | -",
      "bigint zerofill    | false | true  | null,integer | -",
      "datetime           | false | true  | null,string  | date-time",
      "date               | false | true  | null,string  | date",
      "text               | false | true  | null,string  | -",
      "varchar(256)       | false | true  | null,string  | -",
      // airbyte §6.2
      "int(11)            | true  | false | integer      | -",
      "smallint(4)        | true  | false | integer      | -",
      "mediumint(8)       | true  | false | integer      | -",
      "tinyint            | true  | false | integer      | -",
      "tinyint(1)         | true  | false | boolean      | -",
      "tinyint(1) unsigned| true  | false | integer      | -",
      "tinyint(1)         | false | false | integer      | -",
      "tinyint(1) unsigned| false | false | integer      | -",
      "bigint(16)         | true  | false | integer      | -",
      "bigint unsigned    | true  | false | integer      | -",
      "bigint zerofill    | true  | false | integer      | -",
      "datetime           | true  | false | string       | date-time",
      "datetime(6)        | true  | false | string       | date-time",
      "timestamp          | true  | false | string       | date-time",
      "timestamp(6)       | true  | false | string       | date-time",
      "time               | true  | false | string       | -",
      "time(6)            | true  | false | string       | -",
      "date               | true  | false | string       | date",
      "text               | true  | false | string       | -",
      "varchar(256)       | true  | false | string       | -",
      "varchar(256)       | true  | true  | null,string  | -",
      "decimal(12,5)      | true  | false | number       | -",
      "double             | true  | false | number       | -",
      "float(30)          | true  | false | number       | -",
  })
  void goDiscoverTypeCasesWithCorrectedExpectations(String type, boolean asBoolean, boolean nullable, String types,
      String format) {
    StreamProperty p = jsonSchema(type, nullable, asBoolean);
    assertThat(p.types()).containsExactly(types.split(","));
    assertThat(p.format()).isEqualTo(format);
  }

  // Enum and set labels: reference §5.8 vectors, escapes, case, spacing.
  static Stream<Arguments> labelVectors() {
    return Stream.of(
        Arguments.of("enum('small','with,comma','large')", List.of("small", "with,comma", "large")),
        Arguments.of("enum('plain','owner''s choice','other')", List.of("plain", "owner's choice", "other")),
        Arguments.of("set('read','write,admin','owner''s choice')", List.of("read", "write,admin", "owner's choice")),
        Arguments.of("enum('a','with,comma','owner''s choice')", List.of("a", "with,comma", "owner's choice")),
        Arguments.of("enum('it\\'s','a\\\\b','tab\\there')", List.of("it's", "a\\b", "tab\there")),
        Arguments.of("enum('50\\%','a\\_b','\\x')", List.of("50\\%", "a\\_b", "x")),
        Arguments.of("ENUM('Small','LARGE')", List.of("Small", "LARGE")),
        Arguments.of("  enum ( 'a' , 'b' )  ", List.of("a", "b")),
        Arguments.of("enum(\"x\",\"y\"\"z\")", List.of("x", "y\"z")),
        Arguments.of("enum('')", List.of("")),
        Arguments.of("enum('(a)','b)',')')", List.of("(a)", "b)", ")")),
        Arguments.of("enum('é','日本')", List.of("é", "日本")),
        Arguments.of("set('a','b') character set latin1 collate latin1_bin", List.of("a", "b")),
        Arguments.of("SET('read','write','delete','admin')", List.of("read", "write", "delete", "admin")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("labelVectors")
  void enumAndSetLabels(String type, List<String> labels) {
    assertThat(enumValues(type)).isEqualTo(labels);
    assertThat(jsonSchema(type, false, true)).isEqualTo(StreamProperty.of("string"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"int", "varchar(10)", "tinyint(1)", "", "enumeration('a')", "json", "text"})
  void otherTypesHaveNoLabels(String type) {
    assertThat(enumValues(type)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"enum", "set", "enum(", "enum('a'", "enum('a',", "enum('a',)", "enum('a' 'b')",
      "enum(a,b)", "enum()", "set('a'", "enum('a\\')"})
  void malformedLabelListsAreRejectedNamingTheType(String type) {
    assertThatThrownBy(() -> enumValues(type))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + type + "\"");
    // Discovery itself never throws: the column is still a string.
    assertThat(jsonSchema(type, true, false)).isEqualTo(StreamProperty.of("null", "string"));
  }

  @Test
  void labelListIsImmutable() {
    List<String> labels = enumValues("enum('a')");
    assertThatThrownBy(() -> labels.add("b")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullColumnTypeIsRejected() {
    assertThatThrownBy(() -> jsonSchema(null, true, false)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> vitessType(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void tinyintOneAsBooleanRejectsOtherValuesAtSyncTime() {
    StreamProperty p = jsonSchema("tinyint(1)", true, true);
    assertThatThrownBy(() -> Values.convert(p, Value.of(vitessType("tinyint(1)"), "2")))
        .hasMessageContaining("0 or 1");
  }
}
