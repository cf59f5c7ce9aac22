package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable MySQL 5.6+ GTID set, the {@code MySQL56} flavor of a Vitess position: {@code
 * uuid:interval[:interval...][,uuid:...]}, where an interval is {@code N} or {@code N-M}.
 *
 * <p>Parsing follows Vitess {@code ParseMysql56GTIDSet}: whitespace around each uuid set is
 * trimmed, empty parts are skipped, UUIDs are 36 characters of hex (either case) with dashes at
 * 8/13/18/23, an interval start must be at least 1, an interval whose end is below its start (such
 * as {@code 1-0}) is discarded, a UUID left with no intervals is dropped, and a repeated UUID is
 * merged.
 *
 * <p><b>Deliberate difference from Vitess:</b> intervals are normalized, i.e. sorted and
 * overlapping or adjacent ones merged, so {@code u:1-5:6-10} becomes {@code u:1-10}. Vitess keeps
 * them apart, which makes {@code u:1-5:6-10} fail to contain {@code u:3-8} and makes two spellings
 * of the same transactions unequal. MySQL itself always emits merged sets, so this only matters for
 * hand-written or concatenated positions, and there it gives the mathematically right answer.
 *
 * <p>Equality is by content (after normalization). Two sets may be incomparable (neither contains
 * the other, e.g. after a failover with errant transactions), so there is no total order.
 */
public final class GtidSet {
  /** The only flavor PlanetScale uses, and the only one with set semantics here. */
  private static final String MYSQL56_PREFIX = "MySQL56/";

  private static final GtidSet EMPTY = new GtidSet(new String[0], new long[0][]);

  /** Canonical lower-case UUIDs, sorted (text order equals 16-byte value order for this form). */
  private final String[] uuids;

  /** Per UUID, flattened {@code [start0, end0, start1, end1, ...]}: sorted, disjoint, non-adjacent. */
  private final long[][] intervals;

  /** Lazily built canonical text; a benign race since the result is always the same string. */
  private String text;

  private GtidSet(String[] uuids, long[][] intervals) {
    this.uuids = uuids;
    this.intervals = intervals;
  }

  /**
   * The empty GTID set, written as {@code ""}.
   *
   * @return the empty set
   */
  public static GtidSet empty() {
    return EMPTY;
  }

  /**
   * Parses a position as {@code MySQL56/<set>} or a bare {@code <set>}. {@code ""} and {@code
   * MySQL56/} are the empty set.
   *
   * @param position the position text
   * @return the set
   * @throws IllegalArgumentException if the text has another flavor ({@code MariaDB/},
   *     {@code FilePos/}) or is malformed; the message quotes the input and says what is wrong
   * @throws NullPointerException if {@code position} is null
   */
  public static GtidSet parse(String position) {
    Objects.requireNonNull(position, "position");
    int from = 0;
    int slash = position.indexOf('/');
    if (slash >= 0) {
      if (!position.startsWith(MYSQL56_PREFIX)) {
        throw invalid(position, "unsupported flavor \"" + position.substring(0, slash)
            + "\"; only MySQL56 GTID sets are supported");
      }
      from = MYSQL56_PREFIX.length();
    }
    // TreeMap keeps UUIDs sorted and merges repeats; positions hold a handful of UUIDs at most.
    TreeMap<String, LongList> byUuid = new TreeMap<>();
    int end = position.length();
    while (from <= end) {
      int comma = position.indexOf(',', from);
      int partEnd = comma < 0 ? end : comma;
      parseUuidSet(position, from, partEnd, byUuid);
      from = partEnd + 1;
    }
    if (byUuid.isEmpty()) {
      return EMPTY;
    }
    String[] ids = new String[byUuid.size()];
    long[][] ivs = new long[ids.length][];
    int i = 0;
    for (var e : byUuid.entrySet()) {
      ids[i] = e.getKey();
      ivs[i] = normalize(e.getValue());
      i++;
    }
    return new GtidSet(ids, ivs);
  }

  /**
   * Parses like {@link #parse(String)} but reports failure as an empty optional.
   *
   * @param position the position text, may be null
   * @return the set, or empty if {@code position} is null, of another flavor or malformed
   */
  public static Optional<GtidSet> tryParse(String position) {
    if (position == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(position));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Parses one trimmed {@code uuid:interval[:interval...]} part in {@code [from, to)}. */
  private static void parseUuidSet(String s, int from, int to, TreeMap<String, LongList> out) {
    while (from < to && Character.isWhitespace(s.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
      to--;
    }
    if (from == to) {
      return; // Vitess skips empty parts, e.g. a trailing comma.
    }
    int colon = s.indexOf(':', from);
    if (colon < 0 || colon >= to) {
      throw invalid(s, "\"" + s.substring(from, to) + "\" is not uuid:interval");
    }
    String uuid = parseUuid(s, from, colon);
    LongList list = null;
    int p = colon + 1;
    while (true) {
      // One forward scan finds this interval's end and its dash, keeping parsing linear.
      int ivEnd = p;
      int dash = -1;
      while (ivEnd < to && s.charAt(ivEnd) != ':') {
        if (dash < 0 && s.charAt(ivEnd) == '-') {
          dash = ivEnd;
        }
        ivEnd++;
      }
      boolean range = dash >= 0;
      long start = parseNumber(s, p, range ? dash : ivEnd);
      long stop = range ? parseNumber(s, dash + 1, ivEnd) : start;
      if (start < 1) {
        throw invalid(s, "interval \"" + s.substring(p, ivEnd) + "\" must start at 1 or more");
      }
      if (stop >= start) { // MySQL and Vitess discard an interval whose end is below its start.
        if (list == null) {
          list = out.computeIfAbsent(uuid, k -> new LongList());
        }
        list.add(start, stop);
      }
      if (ivEnd == to) {
        return;
      }
      p = ivEnd + 1;
    }
  }

  /** Validates a UUID in {@code [from, to)} and returns it in lower case. */
  private static String parseUuid(String s, int from, int to) {
    if (to - from != 36) {
      throw invalid(s, "uuid \"" + s.substring(from, to) + "\" is not 36 characters");
    }
    char[] out = new char[36];
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(from + i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          throw invalid(s, "uuid \"" + s.substring(from, to) + "\" needs '-' at index " + i);
        }
      } else if (c >= 'A' && c <= 'F') {
        c = (char) (c + ('a' - 'A'));
      } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        throw invalid(s, "uuid \"" + s.substring(from, to) + "\" has non-hex character '" + c + "'");
      }
      out[i] = c;
    }
    return new String(out);
  }

  /** Parses a decimal in {@code [from, to)} up to {@link Long#MAX_VALUE} (Vitess: uint63). */
  private static long parseNumber(String s, int from, int to) {
    if (from == to) {
      throw invalid(s, "empty interval number at offset " + from);
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(s, "interval number \"" + s.substring(from, to) + "\" is not a decimal");
      }
      if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
        throw invalid(s, "interval number \"" + s.substring(from, to) + "\" is too large");
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static IllegalArgumentException invalid(String input, String what) {
    return new IllegalArgumentException("Invalid GTID position \"" + input + "\": " + what);
  }

  /** Sorts the pairs by start and merges overlapping or adjacent ones. */
  private static long[] normalize(LongList list) {
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

  /**
   * Whether this set has no transactions.
   *
   * @return true for the empty set
   */
  public boolean isEmpty() {
    return uuids.length == 0;
  }

  /**
   * Whether this set has seen every transaction of {@code other} (Vitess {@code Contains} /
   * {@code AtLeast}): each interval of {@code other} lies inside one interval of this set. A UUID
   * of {@code other} missing here means false; an empty {@code other} is always contained.
   *
   * @param other the set to test
   * @return true if this set is a superset of {@code other}
   */
  public boolean contains(GtidSet other) {
    for (int o = 0; o < other.uuids.length; o++) {
      int i = Arrays.binarySearch(uuids, other.uuids[o]);
      if (i < 0 || !containsAll(intervals[i], other.intervals[o])) {
        return false;
      }
    }
    return true;
  }

  /** Both arrays are normalized, so one forward pass suffices. */
  private static boolean containsAll(long[] mine, long[] theirs) {
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

  /**
   * Whether this set is strictly after {@code other}: not equal and containing it (airbyte's
   * {@code positionAfter}).
   *
   * @param other the earlier candidate
   * @return true if this set strictly contains {@code other}
   */
  public boolean isAfter(GtidSet other) {
    return !equals(other) && contains(other);
  }

  /**
   * The union of both sets, normalized.
   *
   * @param other the other set
   * @return a set with every transaction of either
   */
  public GtidSet union(GtidSet other) {
    if (other.isEmpty() || contains(other)) {
      return this;
    }
    if (isEmpty() || other.contains(this)) {
      return other;
    }
    List<String> ids = new ArrayList<>(uuids.length + other.uuids.length);
    List<long[]> ivs = new ArrayList<>(uuids.length + other.uuids.length);
    int a = 0;
    int b = 0;
    while (a < uuids.length || b < other.uuids.length) {
      int cmp = a == uuids.length ? 1 : b == other.uuids.length ? -1
          : uuids[a].compareTo(other.uuids[b]);
      if (cmp < 0) {
        ids.add(uuids[a]);
        ivs.add(intervals[a++]);
      } else if (cmp > 0) {
        ids.add(other.uuids[b]);
        ivs.add(other.intervals[b++]);
      } else {
        LongList both = new LongList();
        both.addAll(intervals[a]);
        both.addAll(other.intervals[b]);
        ids.add(uuids[a]);
        ivs.add(normalize(both));
        a++;
        b++;
      }
    }
    return new GtidSet(ids.toArray(new String[0]), ivs.toArray(new long[0][]));
  }

  /**
   * The UUIDs (source server ids) in this set, lower case.
   *
   * @return an unmodifiable sorted set
   */
  public Set<String> uuids() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(Arrays.asList(uuids)));
  }

  /**
   * Content equality: the same UUIDs with the same normalized intervals.
   *
   * @param o the other object
   * @return true if {@code o} is a GTID set with the same transactions
   */
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof GtidSet g && Arrays.equals(uuids, g.uuids) && Arrays.deepEquals(intervals, g.intervals);
  }

  /**
   * A hash consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(uuids) + Arrays.deepHashCode(intervals);
  }

  /**
   * The canonical text: {@code MySQL56/<uuid>:<N or N-M>[:...][,...]} with UUIDs sorted, or
   * {@code ""} for the empty set so that an empty position stays the empty string.
   *
   * @return the canonical position text; {@link #parse(String)} reads it back to an equal set
   */
  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      t = isEmpty() ? "" : render();
      text = t;
    }
    return t;
  }

  private String render() {
    StringBuilder sb = new StringBuilder(MYSQL56_PREFIX.length() + uuids.length * 48);
    sb.append(MYSQL56_PREFIX);
    for (int u = 0; u < uuids.length; u++) {
      if (u > 0) {
        sb.append(',');
      }
      sb.append(uuids[u]);
      long[] iv = intervals[u];
      for (int i = 0; i < iv.length; i += 2) {
        sb.append(':').append(iv[i]);
        if (iv[i + 1] != iv[i]) {
          sb.append('-').append(iv[i + 1]);
        }
      }
    }
    return sb.toString();
  }

  /** A minimal growable {@code long[]} so parsing does not box. */
  private static final class LongList {
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
