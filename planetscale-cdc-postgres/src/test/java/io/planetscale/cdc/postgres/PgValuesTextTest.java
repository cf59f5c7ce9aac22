package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.SchemaMismatchException;
import io.planetscale.cdc.postgres.internal.pgoutput.TupleValue;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text conversions' edge cases and their errors, without a server. */
class PgValuesTextTest {
  private static final PgColumnType INT4 = PgColumnType.scalar(23, "int4", PgValueKind.INTEGER);
  private static final PgColumnType BOOL = PgColumnType.scalar(16, "bool", PgValueKind.BOOLEAN);
  private static final PgColumnType BYTEA = PgColumnType.scalar(17, "bytea", PgValueKind.BYTEA);
  private static final PgColumnType TSTZ = PgColumnType.scalar(1184, "timestamptz", PgValueKind.TIMESTAMPTZ);
  private static final PgColumnType TIMETZ = PgColumnType.scalar(1266, "timetz", PgValueKind.TIMETZ);
  private static final PgColumnType INT4_ARRAY = PgColumnType.array(1007, "_int4", PgValueKind.INTEGER, ',');
  private static final PgColumnType TEXT_ARRAY = PgColumnType.array(1009, "_text", PgValueKind.TEXT, ',');
  private static final PgColumnType BOX_ARRAY = PgColumnType.array(1020, "_box", PgValueKind.TEXT, ';');

  @Test
  void byteaInTheLegacyEscapeFormatDecodesLikeHex() {
    assertThat(PgValues.fromText(BYTEA, "a\\000\\\\\\377b")).isEqualTo("YQBc/2I=");
    assertThat(PgValues.fromText(BYTEA, "\\x61005cff62")).isEqualTo("YQBc/2I=");
    assertThat(PgValues.fromText(BYTEA, "\\x6100")).isEqualTo(PgValues.fromText(BYTEA, "\\x6100".toUpperCase()
        .replace("\\X", "\\x")));
  }

  @Test
  void timestampOffsetsWithSecondsAndDayRolloverAreShiftedToUtc() {
    assertThat(PgValues.fromText(TSTZ, "1900-01-01 00:00:00+05:41:16")).isEqualTo("1899-12-31T18:18:44Z");
    assertThat(PgValues.fromText(TSTZ, "2024-02-29 23:59:59.999999-00:00:01")).isEqualTo("2024-03-01T00:00:00.999999Z");
    assertThat(PgValues.fromText(TSTZ, "0001-01-01 05:00:00+05")).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(PgValues.fromText(TSTZ, "-infinity")).isNull();
    assertThat(PgValues.fromText(TSTZ, "0044-03-15 12:00:00+00 BC")).isNull();
    assertThat(PgValues.fromText(TIMETZ, "10:00:00-03")).isEqualTo("10:00:00-03:00");
  }

  @Test
  void arraysWithDecorationsDelimitersAndNesting() {
    assertThat(PgValues.fromText(INT4_ARRAY, "[-1:0]={{1,2},{3,NULL}}"))
        .isEqualTo(List.of(List.of(1L, 2L), Arrays.asList(3L, null)));
    assertThat(PgValues.fromText(BOX_ARRAY, "{(1,1),(0,0);(2,2),(1,1)}"))
        .isEqualTo(List.of("(1,1),(0,0)", "(2,2),(1,1)"));
    assertThat(PgValues.fromText(TEXT_ARRAY, "{\"\\\\\",\"\\\"\",null,\"\"}"))
        .isEqualTo(Arrays.asList("\\", "\"", null, ""));
  }

  @Test
  void malformedTextIsASchemaMismatchNamingTypeAndValue() {
    assertThatThrownBy(() -> PgValues.fromText(INT4, "12x")).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("\"12x\"").hasMessageContaining("int4");
    assertThatThrownBy(() -> PgValues.fromText(BOOL, "yes")).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("not a boolean");
    assertThatThrownBy(() -> PgValues.fromText(BYTEA, "\\x0")).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("odd number of hex digits");
    assertThatThrownBy(() -> PgValues.fromText(TSTZ, "2024-01-01 00:00:00")).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("no UTC offset");
    assertThatThrownBy(() -> PgValues.fromText(INT4_ARRAY, "{1,2")).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("_int4").hasMessageContaining("ends early");
    assertThatThrownBy(() -> PgValues.fromText(INT4_ARRAY, "{1,}")).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("empty array element");
    assertThatThrownBy(() -> PgValues.fromText(INT4_ARRAY, "{1}x")).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("after the array's closing brace");
    assertThatThrownBy(() -> PgValues.fromText(INT4_ARRAY, "{a}")).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("\"{a}\"");
  }

  @Test
  void tupleValuesNullTextAndTheOnesThatAreNotValues() {
    assertThat(PgValues.fromTuple(INT4, TupleValue.NULL)).isNull();
    assertThat(PgValues.fromTuple(INT4, TupleValue.text("-7"))).isEqualTo(-7L);
    assertThatThrownBy(() -> PgValues.fromTuple(INT4, TupleValue.UNCHANGED_TOAST))
        .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("unchanged TOAST");
    assertThatThrownBy(() -> PgValues.fromTuple(INT4, TupleValue.binary(new byte[] {0, 0, 0, 1})))
        .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("binary");
  }

  @Test
  void longTextsAreShortenedInMessages() {
    String huge = "9".repeat(1000) + "x";

    assertThatThrownBy(() -> PgValues.fromText(INT4, huge)).isInstanceOf(SchemaMismatchException.class)
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
  }
}
