package io.planetscale.cdc;

import java.util.Comparator;

/**
 * Orders shard names by key range, the way Vitess lays shards out: {@code -40 < 40-80 < 80-c0 <
 * c0-}. A key-range name is {@code start-end} where each side is empty or an even number of hex
 * digits (Vitess rejects odd-length keys, so such names are treated as plain text). Start keys are
 * compared as unsigned byte strings, an empty start first; ties go to the end key, an empty end
 * meaning +infinity (so {@code -80 < -}); hex is case-insensitive and a shorter key compares as
 * if padded with zero bytes ({@code 80 == 8000}), as Vitess does. Names that are not key ranges
 * ({@code 0}, {@code customshard}) sort after every range, by text.
 *
 * <p>The order is total and consistent with {@link String#equals}: whatever the key ranges say,
 * remaining ties are broken by the raw string, so a {@code TreeMap} never merges distinct names.
 */
final class ShardOrder implements Comparator<String> {
  /** The shared, stateless instance. */
  static final ShardOrder INSTANCE = new ShardOrder();

  private ShardOrder() {}

  /**
   * Compares two shard names; see the class description.
   *
   * @param a one shard name
   * @param b the other
   * @return negative, zero or positive as {@code a} sorts before, equal to or after {@code b}
   */
  @Override
  public int compare(String a, String b) {
    int dashA = keyRangeDash(a);
    int dashB = keyRangeDash(b);
    if (dashA >= 0 && dashB >= 0) {
      int c = compareKeys(a, 0, dashA, b, 0, dashB, false);
      if (c == 0) {
        c = compareKeys(a, dashA + 1, a.length(), b, dashB + 1, b.length(), true);
      }
      if (c != 0) {
        return c;
      }
    } else if (dashA >= 0) {
      return -1; // ranges before non-range names
    } else if (dashB >= 0) {
      return 1;
    }
    return a.compareTo(b);
  }

  /** The index of the single dash if {@code s} is a key-range name, else -1. */
  private static int keyRangeDash(String s) {
    int dash = s.indexOf('-');
    if (dash < 0 || s.indexOf('-', dash + 1) >= 0 || dash % 2 != 0 || (s.length() - dash - 1) % 2 != 0) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (i != dash && hex(s.charAt(i)) < 0) {
        return -1;
      }
    }
    return dash;
  }

  /**
   * Compares hex keys {@code a[aFrom, aTo)} and {@code b[bFrom, bTo)} digit by digit, padding the
   * shorter with zeros. For end keys an empty key is +infinity; for start keys it is the minimum,
   * which zero padding already gives.
   */
  private static int compareKeys(String a, int aFrom, int aTo, String b, int bFrom, int bTo, boolean emptyIsMax) {
    if (emptyIsMax) {
      boolean aEmpty = aFrom == aTo;
      boolean bEmpty = bFrom == bTo;
      if (aEmpty || bEmpty) {
        return Boolean.compare(aEmpty, bEmpty);
      }
    }
    int n = Math.max(aTo - aFrom, bTo - bFrom);
    for (int i = 0; i < n; i++) {
      int x = aFrom + i < aTo ? hex(a.charAt(aFrom + i)) : 0;
      int y = bFrom + i < bTo ? hex(b.charAt(bFrom + i)) : 0;
      if (x != y) {
        return Integer.compare(x, y);
      }
    }
    return 0;
  }

  /** ASCII hex digit value, or -1 ({@link Character#digit} would also accept non-ASCII digits). */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
