package io.planetscale.cdc;

import java.util.Optional;

/**
 * The position comparisons the sync engine uses to make ordering decisions (stop detection,
 * "is there anything new?").
 *
 * <p>Positions are compared as {@link GtidSet}s, not as strings, because the same transactions can
 * be spelled differently and a stream can skip past the exact stop position (reference §7.S-28,
 * §7.A-4). When a position does not parse, comparisons fall back to plain string equality: the
 * ported singer-tap tests use flavorless or non-GTID positions such as {@code THIS_IS_A_GTID} and
 * {@code THIS_IS_A_SHARD_GTID}, and with the fallback they keep their original meaning.
 *
 * <p>All methods treat {@code null} as the empty position {@code ""}. Transports (the grpc module)
 * use these to decide when a read has caught up.
 */
public final class Positions {
  private Positions() {}

  /**
   * Whether a stream at {@code current} has reached {@code stop}: as GTID sets, {@code current}
   * contains {@code stop} (so passing the stop without ever seeing it exactly still ends the
   * sync). An empty {@code stop} is reached by anything; an empty {@code current} reaches only an
   * empty {@code stop}. If either does not parse, plain string equality decides, which keeps the
   * singer-tap tests' opaque positions ({@code THIS_IS_A_SHARD_GTID}) working.
   *
   * @param current the position the stream has got to
   * @param stop the position to stop at
   * @return true if the stream should stop
   */
  public static boolean reached(String current, String stop) {
    current = orEmpty(current);
    stop = orEmpty(stop);
    if (stop.isEmpty()) {
      return true;
    }
    if (current.isEmpty()) {
      return false;
    }
    Optional<GtidSet> c = GtidSet.tryParse(current);
    Optional<GtidSet> s = GtidSet.tryParse(stop);
    if (c.isPresent() && s.isPresent()) {
      return c.get().contains(s.get());
    }
    return current.equals(stop);
  }

  /**
   * Whether two positions denote the same transactions: GTID-set equality when both parse (so
   * {@code u:1-5:6-10} equals {@code u:1-10} and UUID case does not matter), otherwise string
   * equality, so opaque test positions such as {@code THIS_IS_A_GTID} still compare sensibly.
   *
   * @param a one position
   * @param b the other
   * @return true if they are the same position
   */
  public static boolean equal(String a, String b) {
    a = orEmpty(a);
    b = orEmpty(b);
    if (a.equals(b)) {
      return true;
    }
    Optional<GtidSet> x = GtidSet.tryParse(a);
    Optional<GtidSet> y = GtidSet.tryParse(b);
    return x.isPresent() && y.isPresent() && x.get().equals(y.get());
  }

  /**
   * Airbyte's {@code positionAfter}: both positions non-empty, both parse, and {@code a} strictly
   * contains {@code b}. Anything unparsable is never "after" (there is no string fallback for an
   * ordering, only for equality), which is what makes airbyte's opaque-position tests peek once and
   * return the original cursor.
   *
   * @param a the candidate later position
   * @param b the earlier position
   * @return true if {@code a} is strictly after {@code b}
   */
  public static boolean after(String a, String b) {
    a = orEmpty(a);
    b = orEmpty(b);
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    Optional<GtidSet> x = GtidSet.tryParse(a);
    Optional<GtidSet> y = GtidSet.tryParse(b);
    return x.isPresent() && y.isPresent() && x.get().isAfter(y.get());
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
