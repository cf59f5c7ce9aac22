package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShardOrderTest {
  /** A deliberately awkward mix: ranges of several widths and cases, odd hex, and plain names. */
  static final List<String> MIXED = List.of(
      "c0-", "-40", "80-c0", "40-80", "-80", "80-", "-", "0", "customshard", "80-C0", "8000-c0",
      "40-", "-4000", "a-b", "zz-", "80-c0-", "", "00-40", "C0-", "ff-", "-10", "10-40", "Ab-");

  private static List<String> sorted(List<String> names) {
    List<String> copy = new ArrayList<>(names);
    copy.sort(ShardOrder.INSTANCE);
    return copy;
  }

  static Stream<Arguments> orders() {
    return Stream.of(
        Arguments.of(List.of("c0-", "-40", "80-c0", "40-80"), List.of("-40", "40-80", "80-c0", "c0-")),
        Arguments.of(List.of("80-", "-80"), List.of("-80", "80-")),
        Arguments.of(List.of("80-", "-"), List.of("-", "80-")),
        Arguments.of(List.of("C0-", "-40", "80-C0", "40-80"), List.of("-40", "40-80", "80-C0", "C0-")),
        Arguments.of(List.of("customshard", "0", "80-", "-80"), List.of("-80", "80-", "0", "customshard")),
        Arguments.of(List.of("-", "-80"), List.of("-80", "-")),
        Arguments.of(List.of("a0-", "0a-", "-0a"), List.of("-0a", "0a-", "a0-")),
        Arguments.of(List.of("8-", "80-"), List.of("80-", "8-")));
  }

  @ParameterizedTest
  @MethodSource("orders")
  void sortsByKeyRange(List<String> input, List<String> expected) {
    assertThat(sorted(input)).containsExactlyElementsOf(expected);
  }

  @Test
  void keysCompareAsUnsignedBytesNotText() {
    // Text order would put "C0-" before "a0-" (upper case first) and "-" before "-80".
    assertThat(ShardOrder.INSTANCE.compare("a0-", "C0-")).isNegative();
    assertThat(ShardOrder.INSTANCE.compare("-80", "-")).isNegative();
    assertThat(ShardOrder.INSTANCE.compare("f0-", "0f-")).isPositive();
    assertThat(ShardOrder.INSTANCE.compare("ff-", "-ff")).isPositive();
  }

  @Test
  void hexCaseIsIgnoredButDistinctNamesStayDistinct() {
    assertThat(ShardOrder.INSTANCE.compare("80-c0", "80-C0")).isNotZero();
    assertThat(ShardOrder.INSTANCE.compare("80-c0", "80-C0"))
        .isEqualTo(-ShardOrder.INSTANCE.compare("80-C0", "80-c0"));
    // Both sort between 40-80 and c0- regardless of case.
    assertThat(sorted(List.of("c0-", "80-C0", "40-80", "80-c0"))).startsWith("40-80").endsWith("c0-");
  }

  @Test
  void zeroPaddedKeysAreEqualKeyRangesTieBrokenByText() {
    assertThat(sorted(List.of("8000-c0", "80-c000", "80-c0"))).containsExactly("80-c0", "80-c000", "8000-c0");
  }

  @Test
  void equalOnlyForEqualStrings() {
    for (String a : MIXED) {
      for (String b : MIXED) {
        int c = ShardOrder.INSTANCE.compare(a, b);
        assertThat(c == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b));
        assertThat(Integer.signum(c)).as("antisymmetry %s vs %s", a, b)
            .isEqualTo(-Integer.signum(ShardOrder.INSTANCE.compare(b, a)));
      }
    }
  }

  @Test
  void isTransitive() {
    for (String a : MIXED) {
      for (String b : MIXED) {
        for (String c : MIXED) {
          if (ShardOrder.INSTANCE.compare(a, b) < 0 && ShardOrder.INSTANCE.compare(b, c) < 0) {
            assertThat(ShardOrder.INSTANCE.compare(a, c)).as("%s < %s < %s", a, b, c).isNegative();
          }
        }
      }
    }
  }

  @Test
  void everyShuffleSortsToTheSameOrder() {
    List<String> expected = sorted(MIXED);
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      List<String> shuffled = new ArrayList<>(MIXED);
      Collections.shuffle(shuffled, random);
      assertThat(sorted(shuffled)).containsExactlyElementsOf(expected);
    }
    // Ranges come first, then the non-range names in text order.
    assertThat(expected.subList(expected.size() - 6, expected.size()))
        .containsExactly("", "0", "80-c0-", "a-b", "customshard", "zz-");
  }

  @Test
  void treeMapKeepsEveryDistinctShard() {
    TreeMap<String, Integer> map = new TreeMap<>(ShardOrder.INSTANCE);
    MIXED.forEach(s -> map.put(s, 1));
    assertThat(map).hasSize(MIXED.size());
  }
}
