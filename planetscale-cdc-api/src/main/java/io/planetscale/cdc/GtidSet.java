package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
  static final String MYSQL56_PREFIX = "MySQL56/";

  private static final GtidSet EMPTY = new GtidSet(new String[0], new long[0][]);

  /** Canonical lower-case UUIDs, sorted (text order equals 16-byte value order for this form). */
  private final String[] uuids;

  /** Per UUID, flattened {@code [start0, end0, start1, end1, ...]}: sorted, disjoint, non-adjacent. */
  private final long[][] intervals;

  /** Lazily built canonical text; a benign race since the result is always the same string. */
  private String text;

  /** For {@link GtidParser}: the arrays as the fields hold them (sorted UUIDs, normalized intervals). */
  GtidSet(String[] uuids, long[][] intervals) {
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
    return GtidParser.parse(position);
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
      if (i < 0 || !GtidIntervals.containsAll(intervals[i], other.intervals[o])) {
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
        ids.add(uuids[a]);
        ivs.add(GtidIntervals.union(intervals[a], other.intervals[b]));
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
}
