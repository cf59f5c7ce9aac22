package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GtidSetTest {
  static final String U = "e4e20f06-e28f-11ec-8d20-8e7ac09cb64c";
  static final String A = "0d5afdd6-da80-11ef-844c-26dc1854a614";
  static final String B = "e1e896df-dae3-11ef-895b-626e6780cb50";
  static final String C = "e50c022a-dade-11ef-8083-d2b0b749d1bb";
  /** The three-uuid position of airbyte's read tests (reference §6.2, "P2"). */
  static final String P2 = "MySQL56/" + A + ":1-2," + B + ":1-2," + C + ":1-2";

  private static GtidSet g(String s) {
    return GtidSet.parse(s);
  }

  @Test
  void emptyStringAndBarePrefixAreTheEmptySet() {
    assertThat(g("")).isEqualTo(GtidSet.empty()).matches(GtidSet::isEmpty);
    assertThat(g("MySQL56/")).isEqualTo(GtidSet.empty());
    assertThat(g(" , \n,")).isEqualTo(GtidSet.empty());
    assertThat(GtidSet.empty().toString()).isEmpty();
    assertThat(GtidSet.empty().uuids()).isEmpty();
  }

  @Test
  void parsesFlavoredAndBareSetsAlike() {
    assertThat(g("MySQL56/" + U + ":1-8")).isEqualTo(g(U + ":1-8"));
    assertThat(g(U + ":1-8").toString()).isEqualTo("MySQL56/" + U + ":1-8");
  }

  @Test
  void intervalEndBelowStartIsDiscardedAndEmptyUuidDropped() {
    assertThat(g("MySQL56/" + U + ":1-0")).isEqualTo(GtidSet.empty());
    assertThat(g("MySQL56/" + U + ":1-0," + A + ":3").uuids()).containsExactly(A);
    assertThat(g(U + ":5-2:7-9").toString()).isEqualTo("MySQL56/" + U + ":7-9");
  }

  @Test
  void airbyteOneToZeroExample() {
    GtidSet nine = g("MySQL56/" + U + ":1-9");
    GtidSet zero = g("MySQL56/" + U + ":1-0");
    assertThat(nine.isAfter(zero)).isTrue();
    assertThat(zero.isAfter(nine)).isFalse();
    assertThat(nine.contains(zero)).isTrue();
  }

  @Test
  void threeUuidPositionEqualsItselfAndIsNotAfterItself() {
    GtidSet p2 = g(P2);
    assertThat(p2).isEqualTo(g(P2)).hasSameHashCodeAs(g(P2));
    assertThat(p2.isAfter(g(P2))).isFalse();
    assertThat(p2.contains(p2)).isTrue();
    assertThat(p2.uuids()).containsExactly(A, B, C);
    assertThat(p2.toString()).isEqualTo(P2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1-3", "1-4"})
  void laterVariantOfSecondUuidIsAfterThreeUuidPosition(String later) {
    GtidSet p2 = g(P2);
    GtidSet next = g(P2.replace(B + ":1-2", B + ":" + later));
    assertThat(next.isAfter(p2)).isTrue();
    assertThat(p2.isAfter(next)).isFalse();
    assertThat(next).isNotEqualTo(p2);
  }

  @Test
  void middleAndStopVariantsAreOrdered() {
    GtidSet middle = g(P2.replace(B + ":1-2", B + ":1-3"));
    GtidSet stop = g(P2.replace(B + ":1-2", B + ":1-4"));
    assertThat(stop.isAfter(middle)).isTrue();
    assertThat(middle.contains(stop)).isFalse();
  }

  @Test
  void multipleIntervalsAndSingleNumbers() {
    String uuid2 = "3e4f0000-0000-0000-0000-000000000001";
    GtidSet s = g("MySQL56/" + A + ":1-100," + uuid2 + ":1-5000:5002-5010");
    assertThat(s.toString()).isEqualTo("MySQL56/" + A + ":1-100," + uuid2 + ":1-5000:5002-5010");
    assertThat(s.contains(g(uuid2 + ":5001"))).isFalse();
    assertThat(s.contains(g(uuid2 + ":5002:5010:4999"))).isTrue();
    assertThat(g(U + ":7").toString()).isEqualTo("MySQL56/" + U + ":7");
    assertThat(g(U + ":7-7").toString()).isEqualTo("MySQL56/" + U + ":7");
  }

  @Test
  void whitespaceAndNewlinesAroundUuidSetsAreTrimmed() {
    GtidSet s = g("MySQL56/ " + A + ":1-2,\n" + B + ":1-2 ,\r\n\t" + C + ":1-2\n");
    assertThat(s).isEqualTo(g(P2));
  }

  @Test
  void repeatedUuidIsMerged() {
    assertThat(g(U + ":1-5," + U + ":8-9").toString()).isEqualTo("MySQL56/" + U + ":1-5:8-9");
    assertThat(g(U + ":1-5," + U + ":6-9").toString()).isEqualTo("MySQL56/" + U + ":1-9");
  }

  @Test
  void upperCaseUuidIsCanonicalizedToLowerCase() {
    GtidSet s = g("MySQL56/" + U.toUpperCase() + ":1-3");
    assertThat(s.toString()).isEqualTo("MySQL56/" + U + ":1-3");
    assertThat(s).isEqualTo(g(U + ":1-3"));
    assertThat(s.uuids()).containsExactly(U);
  }

  @Test
  void uuidsAreSortedInCanonicalText() {
    assertThat(g(C + ":1," + A + ":2," + B + ":3").toString())
        .isEqualTo("MySQL56/" + A + ":2," + B + ":3," + C + ":1");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1-5:6-10     | 1-10",
      "6-10:1-5     | 1-10",
      "1-5:3-8      | 1-8",
      "1-10:2-3     | 1-10",
      "9:1-3:4:7-8  | 1-4:7-9",
      "3:2:1        | 1-3",
      "1-2:4-5      | 1-2:4-5"})
  void intervalsAreSortedAndMerged(String input, String canonical) {
    assertThat(g(U + ":" + input).toString()).isEqualTo("MySQL56/" + U + ":" + canonical);
  }

  @Test
  void mergedAdjacentIntervalsContainASpanningInterval() {
    // Vitess keeps 1-5 and 6-10 apart and says no; normalizing gives the right answer.
    assertThat(g(U + ":1-5:6-10").contains(g(U + ":3-8"))).isTrue();
    assertThat(g(U + ":1-5:6-10")).isEqualTo(g(U + ":1-10"));
  }

  @Test
  void incomparableSetsAfterFailover() {
    GtidSet a = g(A + ":1-10," + B + ":1-3");
    GtidSet b = g(A + ":1-10," + C + ":1-2");
    assertThat(a.contains(b)).isFalse();
    assertThat(b.contains(a)).isFalse();
    assertThat(a.isAfter(b)).isFalse();
    assertThat(b.isAfter(a)).isFalse();
  }

  @Test
  void containmentFailsWhenAUuidIsMissing() {
    assertThat(g(A + ":1-100").contains(g(A + ":1-5," + B + ":1"))).isFalse();
    assertThat(GtidSet.empty().contains(g(A + ":1"))).isFalse();
  }

  @Test
  void emptyIsContainedByEverything() {
    assertThat(GtidSet.empty().contains(GtidSet.empty())).isTrue();
    assertThat(g(A + ":1").contains(GtidSet.empty())).isTrue();
    assertThat(GtidSet.empty().isAfter(GtidSet.empty())).isFalse();
  }

  @Test
  void containmentNeedsEachIntervalInsideOneInterval() {
    GtidSet s = g(U + ":1-5:10-20");
    assertThat(s.contains(g(U + ":2-4:10:15-20"))).isTrue();
    assertThat(s.contains(g(U + ":4-11"))).isFalse();
    assertThat(s.contains(g(U + ":21"))).isFalse();
    assertThat(s.contains(g(U + ":6"))).isFalse();
  }

  @Test
  void unionMergesUuidsAndIntervals() {
    GtidSet u = g(A + ":1-5," + B + ":1").union(g(A + ":6-9:12," + C + ":4"));
    assertThat(u.toString()).isEqualTo("MySQL56/" + A + ":1-9:12," + B + ":1," + C + ":4");
    assertThat(u.contains(g(A + ":1-5," + B + ":1"))).isTrue();
    assertThat(GtidSet.empty().union(g(A + ":1"))).isEqualTo(g(A + ":1"));
    assertThat(g(A + ":1-3").union(g(A + ":2"))).isEqualTo(g(A + ":1-3"));
  }

  @Test
  void largestIntervalNumberIsAccepted() {
    String max = Long.toString(Long.MAX_VALUE);
    assertThat(g(U + ":1-" + max + ":5").toString()).isEqualTo("MySQL56/" + U + ":1-" + max);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "MySQL56/" + U + ":1-8",
      "MySQL56/" + A + ":1-100,3e4f0000-0000-0000-0000-000000000001:1-5000:5002-5010",
      "MySQL56/" + U + ":3:5:7-9",
      ""})
  void canonicalTextRoundTrips(String text) {
    assertThat(g(text).toString()).isEqualTo(text);
    assertThat(g(g(text).toString())).isEqualTo(g(text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "THIS_IS_A_SHARD_GTID                         | is not uuid:interval",
      "MySQL56/MYGTID1:1-3                          | not 36 characters",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c | is not uuid:interval",
      "MySQL56/e4e20f06xe28f-11ec-8d20-8e7ac09cb64c:1 | at index 8",
      "MySQL56/g4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1 | non-hex character",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:0-5 | must start at 1 or more",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:0 | must start at 1 or more",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:a-5 | is not a decimal",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-x | is not a decimal",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-2-3 | is not a decimal",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c: 1 | is not a decimal",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:-5 | empty interval number",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1: | empty interval number",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-99999999999999999999 | too large",
      "MariaDB/0-1-1                                | unsupported flavor \"MariaDB\"",
      "FilePos/binlog.000123:4567                   | unsupported flavor \"FilePos\"",
      "mysql56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1 | unsupported flavor \"mysql56\"",
      "current                                      | is not uuid:interval"})
  void malformedInputIsRejectedWithAQuotedMessage(String input, String problem) {
    assertThatThrownBy(() -> GtidSet.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + input + "\"")
        .hasMessageContaining(problem);
    assertThat(GtidSet.tryParse(input)).isEmpty();
  }

  @Test
  void tryParseWrapsSuccessAndNull() {
    assertThat(GtidSet.tryParse(U + ":1")).contains(g(U + ":1"));
    assertThat(GtidSet.tryParse(null)).isEmpty();
    assertThatThrownBy(() -> GtidSet.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void uuidsViewIsUnmodifiable() {
    assertThatThrownBy(() -> g(U + ":1").uuids().add(A)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void equalityIsByContent() {
    assertThat(g(U + ":1-3")).isNotEqualTo(g(U + ":1-4")).isNotEqualTo(g(A + ":1-3")).isNotEqualTo("x");
    assertThat(g("MySQL56/" + U + ":1-3:4")).isEqualTo(g(U.toUpperCase() + ":1-4")).hasSameHashCodeAs(g(U + ":1-4"));
  }
}
