package io.planetscale.cdc;

import java.util.Arrays;

/**
 * The intervals of one UUID of a {@link GtidSet}, flattened {@code [start0, end0, start1, end1, ...]}:
 * normalizing them (sorted, disjoint, non-adjacent), and testing and merging normalized ones.
 */
final class GtidIntervals {
  private GtidIntervals() {}

  /** Sorts the pairs by start and merges overlapping or adjacent ones. */
  static long[] normalize(LongList list) {
    long[] a = list.values;
    int n = list.size;
    // Insertion sort on pairs: linear for the already-sorted input MySQL emits, and lists are short.
    for (int i = 2; i < n; i += 2) {
      long s = a[i];
      long e = a[i + 1];
      int j = i - 2;
      while (j >= 0 && a[j] > s) {
        a[j + 2] = a[j];
        a[j + 3] = a[j + 1];
        j -= 2;
      }
      a[j + 2] = s;
      a[j + 3] = e;
    }
    int w = 0;
    for (int r = 0; r < n; r += 2) {
      // start - 1 cannot overflow because start >= 1; this also merges adjacent intervals.
      if (w > 0 && a[r] - 1 <= a[w - 1]) {
        a[w - 1] = Math.max(a[w - 1], a[r + 1]);
      } else {
        a[w++] = a[r];
        a[w++] = a[r + 1];
      }
    }
    return Arrays.copyOf(a, w);
  }

  /** Both arrays are normalized, so one forward pass suffices. */
  static boolean containsAll(long[] mine, long[] theirs) {
    int m = 0;
    for (int t = 0; t < theirs.length; t += 2) {
      while (m < mine.length && mine[m + 1] < theirs[t]) {
        m += 2;
      }
      if (m == mine.length || mine[m] > theirs[t] || mine[m + 1] < theirs[t + 1]) {
        return false;
      }
    }
    return true;
  }

  /** The union of two normalized interval lists, normalized. */
  static long[] union(long[] a, long[] b) {
    LongList both = new LongList();
    both.addAll(a);
    both.addAll(b);
    return normalize(both);
  }

  /** A minimal growable {@code long[]} so parsing does not box. */
  static final class LongList {
    long[] values = new long[4];
    int size;

    void add(long start, long end) {
      if (size + 2 > values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[size++] = start;
      values[size++] = end;
    }

    void addAll(long[] pairs) {
      for (int i = 0; i < pairs.length; i += 2) {
        add(pairs[i], pairs[i + 1]);
      }
    }
  }
}
