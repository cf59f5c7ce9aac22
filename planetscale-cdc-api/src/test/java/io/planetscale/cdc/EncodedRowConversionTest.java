package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.planetscale.cdc.internal.EncodedRows;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordConverter} converts rows kept as bytes (from {@link QueryResults#decodeRow}, or a
 * whole result's {@link EncodedRows}) straight from the bytes: every (schema property, type,
 * collation, value) gives exactly what the same row of {@link Value}s gives, the same object or the
 * same error, on each of the paths a row can take.
 */
class EncodedRowConversionTest {
  private static final RecordPosition AT = new RecordPosition("ks", "-", "MySQL56/u:1-9", 0);
  private static final List<StreamProperty> PROPERTIES = List.of(TestStreams.INTEGER, StreamProperty.of("number"),
      TestStreams.BOOLEAN, TestStreams.STRING, TestStreams.DATE_TIME, StreamProperty.of());
  private static final int[] CHARSETS = {0, 63, 8, 255};
  private static final List<byte[]> SAMPLES = new ArrayList<>();

  static {
    for (String s : new String[] {"0", "1", "2", "-7", "+3", "007", "12.50", "-0.00", ".33", "5.", "-.5", "1e3",
        "1.5E+10", "3.1415927E+00", "2.5e-3", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "123456789012345678.25", "0.1234567890123456789", "NaN", "Infinity", "1e999", "1e",
        "-", ".", "1.2.3", "abc", "", " 1", "2024-01-15", "2024-01-15 10:11:12", "2024-01-15 10:11:12.123456",
        "2024-01-15 10:11:12,5", "0000-00-00 00:00:00", "2023-02-30 00:00:00", "2024-13-01", "10:11:12",
        "-838:59:59", "{\"a\":1}", "a,b", "hé"}) {
      SAMPLES.add(s.getBytes(StandardCharsets.UTF_8));
    }
    SAMPLES.add(new byte[] {(byte) 0xE9});
    SAMPLES.add(new byte[] {0, 1, 2, (byte) 0xFF});
    SAMPLES.add(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 1});
    SAMPLES.add(null); // NULL
  }

  private static Stream stream(StreamProperty property) {
    return TestStreams.named("t").selected().key("k", TestStreams.INTEGER, true).column("c", property).build();
  }

  /** The converted data of the result's last row, or the error's class and message. */
  private static Object outcome(RecordConverter converter, QueryResult result) {
    try {
      // Reading the values converts them: copy them while errors are still caught here.
      return new java.util.LinkedHashMap<>(
          converter.toRecord(Operation.INSERT, result, result.rows().size() - 1, null, AT, Instant.EPOCH).data());
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  /**
   * The rows of a result kept whole in their wire form ({@link EncodedRows}, as a transport makes
   * them): a first row "k" = 22, "c" = NULL, then "k" = 1, "c" = {@code value}, inside a larger array.
   */
  private static QueryResult encodedRows(List<Field> resultFields, List<Field> rowFields, byte[] value) {
    int size = value == null ? 0 : value.length;
    byte[] buffer = new byte[1 + 2 + 1 + size + 1];
    buffer[1] = '2';
    buffer[2] = '2';
    buffer[3] = '1';
    if (value != null) {
      System.arraycopy(value, 0, buffer, 4, size);
    }
    long[] lengths = {2, -1, 1, value == null ? -1 : size};
    int[] rows = {0, 2, 1, 2, 2, 2, 3, 1 + size};
    return new QueryResult(resultFields, EncodedRows.of(rowFields, buffer, lengths, rows, 2));
  }

  /** Row "k" = 1 then "c" = {@code value}, inside a larger array (so offsets matter), kept as bytes. */
  private static List<Value> encoded(List<Field> fields, byte[] value) {
    byte[] buffer = new byte[3 + 1 + (value == null ? 0 : value.length) + 2];
    buffer[3] = '1';
    if (value != null) {
      System.arraycopy(value, 0, buffer, 4, value.length);
    }
    long[] lengths = {1, value == null ? -1 : value.length, 99}; // the third length is not the row's
    return QueryResults.decodeRow(fields, lengths, 2, buffer, 3, buffer.length - 5);
  }

  @Test
  void everyConversionFromBytesEqualsTheConversionOfValues() {
    int compared = 0;
    for (StreamProperty property : PROPERTIES) {
      RecordConverter converter = new RecordConverter(stream(property), List.of(), "-");
      for (VitessType type : VitessType.values()) {
        for (int charset : CHARSETS) {
          List<Field> fields = List.of(Field.of("k", VitessType.INT64), Field.of("c", type, "", charset));
          // An equal list that is not the result's own: the values are checked against their own fields.
          List<Field> equalFields = List.copyOf(new ArrayList<>(fields));
          // Rows typed as VARCHAR in a result that says otherwise: the converter chooses per value.
          List<Field> otherFields = List.of(Field.of("k", VitessType.INT64), Field.of("c", VitessType.VARCHAR, "", 255));
          for (byte[] sample : SAMPLES) {
            Value value = sample == null ? Value.NULL : Value.of(type, sample, charset);
            Object expected = outcome(converter, new QueryResult(fields, List.of(List.of(Value.of(VitessType.INT64,
                "1"), value))));
            String what = property + " " + type + " charset " + charset + " "
                + (sample == null ? "NULL" : new String(sample, StandardCharsets.UTF_8));
            assertThat(outcome(converter, new QueryResult(fields, List.of(encoded(fields, sample))))).as(what)
                .isEqualTo(expected);
            assertThat(outcome(converter, new QueryResult(fields, List.of(encoded(equalFields, sample))))).as(what)
                .isEqualTo(expected);
            assertThat(outcome(converter, encodedRows(fields, fields, sample))).as(what).isEqualTo(expected);
            assertThat(outcome(converter, encodedRows(fields, equalFields, sample))).as(what).isEqualTo(expected);

            Value varchar = sample == null ? Value.NULL : Value.of(VitessType.VARCHAR, sample, 255);
            Object expectedOther = outcome(converter, new QueryResult(fields, List.of(List.of(Value.of(VitessType.INT64,
                "1"), varchar))));
            assertThat(outcome(converter, new QueryResult(fields, List.of(encoded(otherFields, sample))))).as(what)
                .isEqualTo(expectedOther);
            assertThat(outcome(converter, encodedRows(fields, otherFields, sample))).as(what).isEqualTo(expectedOther);
            compared += 6;
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(10_000);
  }

  @Test
  void convertedValuesAreOfTheSameClassAsFromValues() {
    // Map equality already tells a Long from an Integer and 0.5 from 0.50; pinned here explicitly too.
    RecordConverter converter = new RecordConverter(stream(StreamProperty.of("number")), List.of(), "-");
    List<Field> fields = List.of(Field.of("k", VitessType.INT64), Field.of("c", VitessType.DECIMAL));
    Map<String, Object> data = converter.toRecord(Operation.INSERT,
        new QueryResult(fields, List.of(encoded(fields, "-0.50".getBytes(StandardCharsets.US_ASCII)))), 0, null,
        AT, Instant.EPOCH).data();
    assertThat(data).containsExactly(entry("k", 1L), entry("c", new java.math.BigDecimal("-0.50")));
    assertThat(((java.math.BigDecimal) data.get("c")).scale()).isEqualTo(2);
  }

  @Test
  void updatesAndDeletesFromBytesEqualThoseFromValues() {
    Stream s = stream(TestStreams.STRING);
    List<Field> fields = List.of(Field.of("k", VitessType.INT64), Field.of("c", VitessType.VARCHAR));
    QueryResult after = new QueryResult(fields, List.of(encoded(fields, "new".getBytes(StandardCharsets.UTF_8))));
    QueryResult before = new QueryResult(fields, List.of(encoded(fields, "old".getBytes(StandardCharsets.UTF_8))));
    QueryResult afterValues = new QueryResult(fields, List.of(List.of(Value.of(VitessType.INT64, "1"),
        Value.of(VitessType.VARCHAR, "new"))));
    QueryResult beforeValues = new QueryResult(fields, List.of(List.of(Value.of(VitessType.INT64, "1"),
        Value.of(VitessType.VARCHAR, "old"))));

    Record update = new RecordConverter(s, List.of(), "-").toRecord(Operation.UPDATE, after, 0, before, AT,
        Instant.EPOCH);
    Record updateFromValues = new RecordConverter(s, List.of(), "-").toRecord(Operation.UPDATE, afterValues, 0,
        beforeValues, AT, Instant.EPOCH);
    assertThat(update).isEqualTo(updateFromValues);
    assertThat(update.before()).containsExactly(entry("k", 1L), entry("c", "old"));

    Record delete = new RecordConverter(s, List.of(), "-").toRecord(Operation.DELETE, before, 0, null, AT,
        Instant.EPOCH);
    assertThat(delete).isEqualTo(new RecordConverter(s, List.of(), "-").toRecord(Operation.DELETE, beforeValues, 0,
        null, AT, Instant.EPOCH));
    assertThat(delete.data()).containsExactly(entry("k", 1L));
  }

  @Test
  void updatesAndDeletesOfAWholeEncodedResultEqualThoseFromValues() {
    Stream s = stream(TestStreams.STRING);
    List<Field> fields = List.of(Field.of("k", VitessType.INT64), Field.of("c", VitessType.VARCHAR));
    QueryResult after = encodedRows(fields, fields, "new".getBytes(StandardCharsets.UTF_8));
    QueryResult before = encodedRows(fields, fields, "old".getBytes(StandardCharsets.UTF_8));
    QueryResult afterValues = new QueryResult(fields, List.of(List.of(Value.of(VitessType.INT64, "22"), Value.NULL),
        List.of(Value.of(VitessType.INT64, "1"), Value.of(VitessType.VARCHAR, "new"))));
    QueryResult beforeValues = new QueryResult(fields, List.of(List.of(Value.of(VitessType.INT64, "22"), Value.NULL),
        List.of(Value.of(VitessType.INT64, "1"), Value.of(VitessType.VARCHAR, "old"))));
    for (int row = 0; row < 2; row++) {
      assertThat(new RecordConverter(s, List.of(), "-").toRecord(Operation.UPDATE, after, row, before, AT,
          Instant.EPOCH)).isEqualTo(new RecordConverter(s, List.of(), "-").toRecord(Operation.UPDATE, afterValues, row,
          beforeValues, AT, Instant.EPOCH));
      assertThat(new RecordConverter(s, List.of(), "-").toRecord(Operation.DELETE, before, row, null, AT,
          Instant.EPOCH)).isEqualTo(new RecordConverter(s, List.of(), "-").toRecord(Operation.DELETE, beforeValues, row,
          null, AT, Instant.EPOCH));
    }
    Record update = new RecordConverter(s, List.of(), "-").toRecord(Operation.UPDATE, after, 1, before, AT,
        Instant.EPOCH);
    assertThat(update.data()).containsExactly(entry("k", 1L), entry("c", "new"));
    assertThat(update.before()).containsExactly(entry("k", 1L), entry("c", "old"));
  }

  @Test
  void aRowShorterThanItsFieldsIsTheSameErrorAsFromValues() {
    Stream s = stream(TestStreams.STRING);
    List<Field> fields = List.of(Field.of("k", VitessType.INT64), Field.of("c", VitessType.VARCHAR));
    QueryResult shortRow = new QueryResult(fields, List.of(QueryResults.decodeRow(fields, new long[] {1},
        "1".getBytes(StandardCharsets.US_ASCII))));
    QueryResult shortValues = new QueryResult(fields, List.of(List.of(Value.of(VitessType.INT64, "1"))));
    Object fromBytes = outcome(new RecordConverter(s, List.of(), "-"), shortRow);
    assertThat(fromBytes).isEqualTo(outcome(new RecordConverter(s, List.of(), "-"), shortValues));
    assertThat(fromBytes.toString()).startsWith(SchemaMismatchException.class.getName())
        .contains("a row has 1 values for 2 fields [k, c]");
  }

  @Test
  void aValueThatDoesNotConvertNamesStreamShardPositionColumnAndValue() {
    RecordConverter converter = new RecordConverter(stream(TestStreams.BOOLEAN), List.of(), "-80");
    List<Field> fields = List.of(Field.of("k", VitessType.INT64), Field.of("c", VitessType.INT8));
    QueryResult result = new QueryResult(fields, List.of(encoded(fields, "2".getBytes(StandardCharsets.US_ASCII))));
    Record record = converter.toRecord(Operation.INSERT, result, 0, null, AT, Instant.EPOCH);
    // Names and size need no conversion; the value is converted when read, and fails every time it is.
    assertThat(record.data().size()).isEqualTo(2);
    assertThat(record.data().containsKey("c")).isTrue();
    assertThat(record.data().keySet()).containsExactly("k", "c");
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> record.data().get("k"))
          .isInstanceOf(SchemaMismatchException.class)
          .hasMessage("stream \"t\" shard \"-80\" at position [MySQL56/u:1-9]: column \"c\": cannot convert INT8(2) "
              + "to [null, boolean]: a boolean must be 0 or 1");
    }
  }

  @Test
  void valuesConvertedOnAnotherThreadEqualThoseConvertedOnTheReadingOne() throws Exception {
    RecordConverter converter = new RecordConverter(stream(TestStreams.STRING), List.of(), "-");
    List<Field> fields = List.of(Field.of("k", VitessType.INT64), Field.of("c", VitessType.VARCHAR));
    QueryResult result = encodedRows(fields, fields, "héllo".getBytes(StandardCharsets.UTF_8));
    Record here = converter.toRecord(Operation.INSERT, result, 1, null, AT, Instant.EPOCH);
    Record there = converter.toRecord(Operation.INSERT, result, 1, null, AT, Instant.EPOCH);
    java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      Map<String, Object> fromOther = other.submit(() -> new java.util.LinkedHashMap<>(there.data()))
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(fromOther).containsExactly(Map.entry("k", 1L), Map.entry("c", "héllo"));
      assertThat(here.data()).isEqualTo(fromOther);
      assertThat(there.data().get("c")).isEqualTo("héllo"); // converted once, read again
      assertThat(here).isEqualTo(there);
    } finally {
      other.shutdownNow();
    }
  }
}
