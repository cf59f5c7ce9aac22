package io.planetscale.cdc;

import io.planetscale.cdc.GtidIntervals.LongList;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads the text of a {@link GtidSet} as Vitess {@code ParseMysql56GTIDSet} does, in one linear
 * pass; the rules, and the one deliberate difference (normalized intervals), are in the class
 * comment of {@link GtidSet}.
 */
final class GtidParser {
  private GtidParser() {}

  /** See {@link GtidSet#parse(String)}. */
  static GtidSet parse(String position) {
    Objects.requireNonNull(position, "position");
    int from = 0;
    int slash = position.indexOf('/');
    if (slash >= 0) {
      if (!position.startsWith(GtidSet.MYSQL56_PREFIX)) {
        throw invalid(position, "unsupported flavor \"" + position.substring(0, slash)
            + "\"; only MySQL56 GTID sets are supported");
      }
      from = GtidSet.MYSQL56_PREFIX.length();
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
      return GtidSet.empty();
    }
    String[] ids = new String[byUuid.size()];
    long[][] ivs = new long[ids.length][];
    int i = 0;
    for (var e : byUuid.entrySet()) {
      ids[i] = e.getKey();
      ivs[i] = GtidIntervals.normalize(e.getValue());
      i++;
    }
    return new GtidSet(ids, ivs);
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
}
