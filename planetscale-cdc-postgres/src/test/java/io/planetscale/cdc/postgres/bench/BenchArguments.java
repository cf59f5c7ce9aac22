package io.planetscale.cdc.postgres.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runner's arguments, {@code key=value} each, all optional: {@code rows} (snapshot table, default
 * 1,000,000), {@code small} (the second snapshot size, for the heap, default 200,000), {@code runs} (default 3),
 * {@code phases} (any of {@code snapshot,stream,latency}, default all), {@code readers} (any of
 * {@code limit,sdk,debezium}, default all), {@code changes} (back-log size, default 200,000), {@code seconds}
 * (live window, default 20), {@code rate} (live rows per second, default 5,000).
 */
record BenchArguments(long rows, long small, int runs, List<String> phases, List<String> readers, long changes,
    int seconds, int rate) {
  private static final Set<String> KEYS = Set.of("rows", "small", "runs", "phases", "readers", "changes",
      "seconds", "rate");
  private static final List<String> PHASES = List.of("snapshot", "stream", "latency");
  private static final List<String> READERS = List.of("limit", "sdk", "debezium");

  static BenchArguments parse(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals < 1 || !KEYS.contains(arg.substring(0, equals))) {
        throw new IllegalArgumentException("unknown argument '" + arg + "'; expected key=value with a key of "
            + KEYS);
      }
      values.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
    BenchArguments parsed = new BenchArguments(number(values, "rows", 1_000_000), number(values, "small", 200_000),
        (int) number(values, "runs", 3), list(values, "phases", PHASES), list(values, "readers", READERS),
        number(values, "changes", 200_000), (int) number(values, "seconds", 20), (int) number(values, "rate", 5_000));
    if (parsed.changes % BenchTable.CHANGES_PER_TRANSACTION != 0 || parsed.changes <= 0) {
      throw new IllegalArgumentException("changes=" + parsed.changes + " is not a positive multiple of "
          + BenchTable.CHANGES_PER_TRANSACTION);
    }
    return parsed;
  }

  boolean phase(String name) {
    return phases.contains(name);
  }

  boolean reader(String name) {
    return readers.contains(name);
  }

  private static long number(Map<String, String> values, String key, long fallback) {
    String value = values.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.replace("_", "").replace(",", ""));
      if (parsed <= 0) {
        throw new IllegalArgumentException(key + "=" + value + " is not positive");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + "=" + value + " is not a number", e);
    }
  }

  private static List<String> list(Map<String, String> values, String key, List<String> all) {
    String value = values.get(key);
    if (value == null || value.equals("all")) {
      return all;
    }
    List<String> chosen = List.of(value.split(","));
    for (String name : chosen) {
      if (!all.contains(name)) {
        throw new IllegalArgumentException(key + " lists '" + name + "'; expected some of " + all);
      }
    }
    return chosen;
  }
}
