package io.planetscale.cdc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.QueryResults;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.VitessType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EncodedRows}: a result's rows in wire form read as {@link QueryResults#decodeRow} reads each row. */
class EncodedRowsTest {
  private static final List<Field> THREE = List.of(
      Field.of("a", VitessType.VARCHAR, "varchar(10)", 255),
      Field.of("b", VitessType.INT64),
      Field.of("c", VitessType.VARBINARY, "varbinary(10)", 63));

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Row 0: "a", NULL, "bcd"; row 1: no values; row 2: "", "7"; row 3: three NULLs; in "#abcd#7##". */
  private static final byte[] BUFFER = ascii("#abcd#7##");
  private static final long[] LENGTHS = {1, -1, 3, 0, 1, -1, -1, -1};
  private static final int[] ROWS = {0, 3, 1, 4, 3, 0, 5, 0, 3, 2, 6, 1, 5, 3, 8, 0};

  @Test
  void eachRowIsWhatDecodeRowMakesOfIt() {
    EncodedRows rows = EncodedRows.of(THREE, BUFFER, LENGTHS, ROWS, 4);
    List<List<Value>> expected = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      long[] lengths = java.util.Arrays.copyOfRange(LENGTHS, ROWS[4 * r], ROWS[4 * r] + ROWS[4 * r + 1]);
      expected.add(QueryResults.decodeRow(THREE, lengths, lengths.length, BUFFER, ROWS[4 * r + 2], ROWS[4 * r + 3]));
    }
    assertThat(rows).isEqualTo(expected).hasSameHashCodeAs(expected);
    assertThat(rows.get(0)).containsExactly(Value.of(VitessType.VARCHAR, "a"), Value.NULL,
        Value.of(VitessType.VARBINARY, "bcd"));
    assertThat(rows.get(0).get(2).charset()).isEqualTo(63);
    assertThat(rows.get(1)).isEmpty();
    assertThat(rows.get(2)).containsExactly(Value.of(VitessType.VARCHAR, ""), Value.of(VitessType.INT64, "7"));
    assertThat(rows.get(3)).containsExactly(Value.NULL, Value.NULL, Value.NULL);
    assertThat(rows.width(2)).isEqualTo(2);
    assertThat(rows.slices()[2 * (rows.first(2) + 1)]).isEqualTo(6);
    assertThat(rows.slices()[2 * (rows.first(0) + 1) + 1]).isEqualTo(-1);
  }

  @Test
  void theRowsAreUnmodifiableAndAQueryResultKeepsThem() {
    EncodedRows rows = EncodedRows.of(THREE, BUFFER, LENGTHS, ROWS, 4);
    assertThatThrownBy(() -> rows.add(List.of())).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> rows.get(0).set(0, Value.NULL)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> rows.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
    QueryResult result = new QueryResult(THREE, rows);
    assertThat(result.rows()).isSameAs(rows);
    assertThat(result).isEqualTo(new QueryResult(THREE, new ArrayList<>(rows)));
  }

  /** The error decodeRow gives for the same row, or null. */
  private static String decodeRowError(long[] lengths, byte[] buffer, int offset, int size) {
    try {
      QueryResults.decodeRow(THREE, lengths, lengths.length, buffer, offset, size);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  @Test
  void aRowThatDoesNotFitFailsAsDecodeRowFails() {
    byte[] buffer = ascii("xyzabcd");
    // Row 0 fits; row 1 has a length past its bytes, or below -1, or more values than fields.
    for (long[] bad : new long[][] {{1, 9}, {-2}, {1, 1, 1, 1}}) {
      long[] lengths = new long[1 + bad.length];
      lengths[0] = 3;
      System.arraycopy(bad, 0, lengths, 1, bad.length);
      int[] rows = {0, 1, 0, 3, 1, bad.length, 3, 4};
      String expected = decodeRowError(bad, buffer, 3, 4);
      assertThat(expected).isNotNull();
      assertThatThrownBy(() -> EncodedRows.of(THREE, buffer, lengths, rows, 2))
          .isInstanceOf(IllegalArgumentException.class).hasMessage(expected);
    }
  }

  @Test
  void numbersOutsideTheArraysAreIndexErrors() {
    assertThatThrownBy(() -> EncodedRows.of(THREE, BUFFER, LENGTHS, new int[] {0, 3, 1, 40}, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> EncodedRows.of(THREE, BUFFER, LENGTHS, new int[] {6, 3, 1, 4}, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> EncodedRows.of(THREE, BUFFER, LENGTHS, new int[] {0, 3, 1, 4}, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
