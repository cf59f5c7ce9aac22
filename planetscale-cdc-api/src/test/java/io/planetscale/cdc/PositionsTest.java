package io.planetscale.cdc;

import static io.planetscale.cdc.GtidSetTest.B;
import static io.planetscale.cdc.GtidSetTest.P2;
import static io.planetscale.cdc.GtidSetTest.U;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PositionsTest {
  static final String ONE_TO_ZERO = "MySQL56/" + U + ":1-0";
  static final String ONE_TO_EIGHT = "MySQL56/" + U + ":1-8";
  static final String ONE_TO_NINE = "MySQL56/" + U + ":1-9";
  static final String MIDDLE = P2.replace(B + ":1-2", B + ":1-3");
  static final String STOP = P2.replace(B + ":1-2", B + ":1-4");

  @Test
  void reachedWhenCurrentContainsStop() {
    assertThat(Positions.reached(ONE_TO_NINE, ONE_TO_EIGHT)).isTrue();
    assertThat(Positions.reached(ONE_TO_EIGHT, ONE_TO_EIGHT)).isTrue();
    assertThat(Positions.reached(ONE_TO_EIGHT, ONE_TO_NINE)).isFalse();
    assertThat(Positions.reached(STOP, MIDDLE)).isTrue();
    assertThat(Positions.reached(MIDDLE, STOP)).isFalse();
    assertThat(Positions.reached(P2, P2)).isTrue();
  }

  @Test
  void reachedComparesSetsNotSpellings() {
    assertThat(Positions.reached("MySQL56/" + U.toUpperCase() + ":1-5:6-10", U + ":1-10")).isTrue();
    assertThat(Positions.reached(U + ":1-8", ONE_TO_EIGHT)).isTrue();
  }

  @Test
  void reachedIsFalseForIncomparableSets() {
    String a = "MySQL56/" + U + ":1-10," + B + ":1";
    String b = "MySQL56/" + U + ":1-10," + GtidSetTest.C + ":1";
    assertThat(Positions.reached(a, b)).isFalse();
    assertThat(Positions.reached(b, a)).isFalse();
  }

  @Test
  void emptyStopIsReachedByAnythingAndEmptyCurrentOnlyReachesEmpty() {
    assertThat(Positions.reached("", "")).isTrue();
    assertThat(Positions.reached(ONE_TO_EIGHT, "")).isTrue();
    assertThat(Positions.reached("THIS_IS_A_SHARD_GTID", "")).isTrue();
    assertThat(Positions.reached("", ONE_TO_EIGHT)).isFalse();
    assertThat(Positions.reached("", "THIS_IS_A_SHARD_GTID")).isFalse();
    assertThat(Positions.reached(null, null)).isTrue();
    assertThat(Positions.reached(null, ONE_TO_EIGHT)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
      "THIS_IS_A_SHARD_GTID, THIS_IS_A_SHARD_GTID, true",
      "THIS_IS_A_SHARD_GTID, THIS_IS_A_GTID, false",
      "THIS_IS_A_GTID, MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-8, false",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-9, THIS_IS_A_GTID, false",
      "MySQL56/MYGTID1:1-3, MySQL56/MYGTID1:1-3, true",
      "MySQL56/MYGTID1:1-4, MySQL56/MYGTID1:1-3, false",
      "MariaDB/0-1-5, MariaDB/0-1-5, true",
      "current, current, true"})
  void reachedFallsBackToStringEqualityWhenUnparsable(String current, String stop, boolean expected) {
    assertThat(Positions.reached(current, stop)).isEqualTo(expected);
  }

  @Test
  void singerFlavorlessPositionsAreComparedAsSets() {
    // Bare sets parse (unlike in Vitess), so singer's e4e20f06-…:1-N positions get containment.
    assertThat(Positions.reached(U + ":1-9", U + ":1-8")).isTrue();
    assertThat(Positions.reached(U + ":1-7", U + ":1-8")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-5:6-9 | e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-9 | true",
      "MySQL56/E4E20F06-E28F-11EC-8D20-8E7AC09CB64C:1-9 | MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-9 | true",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-9 | MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-8 | false",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-0 | MySQL56/ | true",
      "THIS_IS_A_GTID | THIS_IS_A_GTID | true",
      "THIS_IS_A_GTID | this_is_a_gtid | false",
      "THIS_IS_A_GTID | MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-9 | false"})
  void equalUsesSetsThenStrings(String a, String b, boolean expected) {
    assertThat(Positions.equal(a, b)).isEqualTo(expected);
    assertThat(Positions.equal(b, a)).isEqualTo(expected);
  }

  @Test
  void equalTreatsNullAsEmpty() {
    assertThat(Positions.equal(null, "")).isTrue();
    assertThat(Positions.equal(null, null)).isTrue();
    assertThat(Positions.equal(null, ONE_TO_EIGHT)).isFalse();
    assertThat(Positions.equal(P2, P2)).isTrue();
  }

  @Test
  void afterFollowsAirbytePositionAfter() {
    assertThat(Positions.after(ONE_TO_NINE, ONE_TO_ZERO)).isTrue();
    assertThat(Positions.after(ONE_TO_ZERO, ONE_TO_NINE)).isFalse();
    assertThat(Positions.after(P2, P2)).isFalse();
    assertThat(Positions.after(MIDDLE, P2)).isTrue();
    assertThat(Positions.after(STOP, P2)).isTrue();
    assertThat(Positions.after(STOP, MIDDLE)).isTrue();
    assertThat(Positions.after(P2, STOP)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(value = {
      "'', MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-8",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-8, ''",
      "'', ''",
      "THIS_IS_A_SHARD_GTID, THIS_IS_A_SHARD_GTID",
      "THIS_IS_A_SHARD_GTID, MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-8",
      "MySQL56/e4e20f06-e28f-11ec-8d20-8e7ac09cb64c:1-8, THIS_IS_A_SHARD_GTID",
      "MySQL56/MYGTID1:1-4, MySQL56/MYGTID1:1-3",
      "MariaDB/0-1-6, MariaDB/0-1-5"})
  void afterIsFalseForEmptyOrUnparsable(String a, String b) {
    assertThat(Positions.after(a, b)).isFalse();
  }

  @Test
  void afterTreatsNullAsEmpty() {
    assertThat(Positions.after(null, ONE_TO_EIGHT)).isFalse();
    assertThat(Positions.after(ONE_TO_EIGHT, null)).isFalse();
  }
}
