package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryResultsTest {
  private static final List<Field> THREE = List.of(
      Field.of("a", VitessType.VARCHAR, "varchar(10)", 255),
      Field.of("b", VitessType.INT64),
      Field.of("c", VitessType.VARBINARY, "varbinary(10)", 63));

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void decodesTheWireExampleWithANull() {
    List<Value> row = QueryResults.decodeRow(THREE, new long[] {1, -1, 3}, ascii("abcd"));
    assertThat(row).containsExactly(Value.of(VitessType.VARCHAR, "a"), Value.NULL, Value.of(VitessType.VARBINARY, "bcd"));
    assertThat(row.get(0).charset()).isEqualTo(255);
    assertThat(row.get(2).charset()).isEqualTo(63);
  }

  @Test
  void zeroLengthIsEmptyNotNull() {
    List<Value> row = QueryResults.decodeRow(THREE, new long[] {0, 0, 0}, new byte[0]);
    assertThat(row).hasSize(3).allSatisfy(v -> {
      assertThat(v.isNull()).isFalse();
      assertThat(v.toBytes()).isEmpty();
    });
  }

  @Test
  void allNullRow() {
    assertThat(QueryResults.decodeRow(THREE, new long[] {-1, -1, -1}, new byte[0]))
        .containsExactly(Value.NULL, Value.NULL, Value.NULL);
  }

  @Test
  void fewerLengthsThanFieldsGiveAShorterRow() {
    assertThat(QueryResults.decodeRow(THREE, new long[] {2}, ascii("hi"))).containsExactly(Value.of(VitessType.VARCHAR, "hi"));
  }

  @Test
  void lengthPastTheBufferIsAnErrorNamingColumnAndLengths() {
    assertThatThrownBy(() -> QueryResults.decodeRow(THREE, new long[] {1, 5}, ascii("abcd")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value 1")
        .hasMessageContaining("[1, 5]");
  }

  @Test
  void hugeLengthDoesNotOverflow() {
    assertThatThrownBy(() -> QueryResults.decodeRow(THREE, new long[] {Long.MAX_VALUE}, ascii("abcd")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value 0");
  }

  @Test
  void negativeLengthOtherThanMinusOneIsAnError() {
    assertThatThrownBy(() -> QueryResults.decodeRow(THREE, new long[] {-2}, ascii("abcd")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length -2");
  }

  @Test
  void moreLengthsThanFieldsIsAnError() {
    assertThatThrownBy(() -> QueryResults.decodeRow(THREE, new long[] {1, 1, 1, 1}, ascii("abcd")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 values")
        .hasMessageContaining("3 fields");
  }

  @Test
  void decodedRowIsImmutableAndKeptAsIsByQueryResult() {
    List<Value> row = QueryResults.decodeRow(THREE, new long[] {1, -1, 3}, ascii("abcd"));
    assertThatThrownBy(() -> row.set(0, Value.NULL)).isInstanceOf(UnsupportedOperationException.class);
    QueryResult result = new QueryResult(THREE, List.of(row));
    assertThat(result.rows().get(0)).isSameAs(row);
  }

  @Test
  void decodesASliceOfALargerArrayWithSomeOfTheLengths() {
    byte[] buffer = ascii("xxabcdyy");
    List<Value> row = QueryResults.decodeRow(THREE, new long[] {1, -1, 3, 7}, 3, buffer, 2, 4);
    List<Value> expected = List.of(Value.of(VitessType.VARCHAR, "a"), Value.NULL, Value.of(VitessType.VARBINARY, "bcd"));
    assertThat(row).isEqualTo(expected).hasSameHashCodeAs(expected);
    assertThat(row.get(2).charset()).isEqualTo(63);
    assertThat(row.toString()).isEqualTo(expected.toString());
    assertThat(QueryResults.decodeRow(THREE, new long[] {1, -1, 3}, 3, buffer, 2, 4))
        .isEqualTo(QueryResults.decodeRow(THREE, new long[] {1, -1, 3}, ascii("abcd")));
  }

  @Test
  void aValueMayNotReachPastTheSliceEvenIfTheArrayGoesOn() {
    assertThatThrownBy(() -> QueryResults.decodeRow(THREE, new long[] {1, 5}, 2, ascii("xxabcdyy"), 2, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row value 1 has length 5 but only 3 of 4 bytes remain; lengths [1, 5]");
  }

  @Test
  void aSliceOutsideTheArrayOrMoreLengthsThanGivenIsAnIndexError() {
    assertThatThrownBy(() -> QueryResults.decodeRow(THREE, new long[] {1}, 1, ascii("abcd"), 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> QueryResults.decodeRow(THREE, new long[] {1}, 2, ascii("abcd"), 0, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aDecodedRowKeepsTheFieldsAsTheyWereWhenDecoded() {
    List<Field> fields = new java.util.ArrayList<>(THREE);
    List<Value> row = QueryResults.decodeRow(fields, new long[] {1, 1, 1}, ascii("abc"));
    fields.set(0, Field.of("a", VitessType.INT64));
    assertThat(row.get(0)).isEqualTo(Value.of(VitessType.VARCHAR, "a"));
    assertThat(row.get(0).charset()).isEqualTo(255);
  }

  @Test
  void eachReadOfADecodedValueSharesTheRowsBytes() {
    byte[] values = ascii("abcd");
    List<Value> row = QueryResults.decodeRow(THREE, new long[] {1, -1, 3}, values);
    assertThat(row.get(2)).isEqualTo(row.get(2));
    assertThat(row.get(2).toBytes()).isEqualTo(ascii("bcd"));
    assertThat(row.get(1)).isSameAs(Value.NULL);
    assertThatThrownBy(() -> row.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void encodeRowIsTheInverseOfDecodeRow() {
    List<Value> row = List.of(Value.of(VitessType.VARCHAR, "a"), Value.NULL, Value.of(VitessType.VARBINARY, "bcd"));
    long[] lengths = new long[3];
    byte[] values = QueryResults.encodeRow(row, lengths);
    assertThat(lengths).containsExactly(1, -1, 3);
    assertThat(values).isEqualTo(ascii("abcd"));
    assertThat(QueryResults.decodeRow(THREE, lengths, values)).isEqualTo(row);
  }

  @Test
  void encodeRowNeedsRoomForEveryLength() {
    assertThatThrownBy(() -> QueryResults.encodeRow(List.of(Value.NULL, Value.NULL), new long[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toRecordsMapsColumnsInOrder() {
    QueryResult result = new QueryResult(THREE, List.of(
        List.of(Value.of(VitessType.VARCHAR, "x"), Value.of(VitessType.INT64, "1"), Value.NULL),
        List.of(Value.of(VitessType.VARCHAR, "y"), Value.of(VitessType.INT64, "2"), Value.of(VitessType.VARBINARY, "z"))));
    List<Map<String, Value>> records = QueryResults.toRecords(result);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).keySet()).containsExactly("a", "b", "c");
    assertThat(records.get(0).get("c")).isSameAs(Value.NULL);
    assertThat(records.get(1).get("b")).isEqualTo(Value.of(VitessType.INT64, "2"));
  }

  @Test
  void toRecordsIgnoresValuesBeyondTheFields() {
    QueryResult result = new QueryResult(List.of(Field.of("only", VitessType.INT64)),
        List.of(List.of(Value.of(VitessType.INT64, "1"), Value.of(VitessType.INT64, "2"))));
    assertThat(QueryResults.toRecords(result)).containsExactly(Map.of("only", Value.of(VitessType.INT64, "1")));
  }

  @Test
  void toRecordsOfAnEmptyResultIsEmpty() {
    assertThat(QueryResults.toRecords(QueryResult.of(THREE))).isEmpty();
  }
}
