package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random valid values for the round-trip properties: GTID sets, cursors (with and without a last
 * primary key), states with several streams and shards, catalogs and sources with every key.
 */
final class ValidInputs {
  private static final String HEX = "0123456789abcdef";
  private static final String[] SHARDS = {"-", "0", "-80", "80-", "-40", "40-80", "80-c0", "c0-", "-4000", "4000-"};
  private static final VitessType[] PK_TYPES = {VitessType.INT64, VitessType.UINT64, VitessType.INT32,
    VitessType.VARCHAR, VitessType.VARBINARY, VitessType.DECIMAL, VitessType.DATETIME, VitessType.CHAR,
    VitessType.BINARY, VitessType.BLOB, VitessType.TEXT};

  private ValidInputs() {}

  /** A random lower-case UUID. */
  static String uuid(Random random) {
    StringBuilder b = new StringBuilder(36);
    for (int i = 0; i < 36; i++) {
      b.append(i == 8 || i == 13 || i == 18 || i == 23 ? '-' : HEX.charAt(random.nextInt(16)));
    }
    return b.toString();
  }

  /**
   * A GTID set as UUID → normalized intervals {@code [start, end]}: sorted, disjoint, not adjacent.
   * Intervals sometimes reach up to {@link Long#MAX_VALUE}.
   */
  static TreeMap<String, List<long[]>> gtidIntervals(Random random) {
    TreeMap<String, List<long[]>> set = new TreeMap<>();
    int uuids = 1 + random.nextInt(4);
    while (set.size() < uuids) {
      List<long[]> intervals = new ArrayList<>();
      boolean huge = random.nextInt(5) == 0;
      long next = huge ? Long.MAX_VALUE - 1_000 : 1 + random.nextInt(3);
      int count = 1 + random.nextInt(4);
      for (int i = 0; i < count && next > 0 && next < Long.MAX_VALUE; i++) {
        long start = next;
        long end = huge && i == count - 1 && random.nextBoolean() ? Long.MAX_VALUE
            : start + (huge ? random.nextInt(100) : random.nextInt(1_000_000));
        intervals.add(new long[] {start, end});
        next = end == Long.MAX_VALUE ? -1 : end + 2 + random.nextInt(huge ? 50 : 100_000);
      }
      set.put(uuid(random), intervals);
    }
    return set;
  }

  /** The canonical text of a GTID set: {@code MySQL56/} then UUIDs sorted, {@code N} or {@code N-M} intervals. */
  static String canonical(Map<String, List<long[]>> set) {
    StringBuilder b = new StringBuilder("MySQL56/");
    String sep = "";
    for (Map.Entry<String, List<long[]>> e : set.entrySet()) {
      b.append(sep).append(e.getKey());
      for (long[] iv : e.getValue()) {
        b.append(':').append(iv[0]);
        if (iv[1] != iv[0]) {
          b.append('-').append(iv[1]);
        }
      }
      sep = ",";
    }
    return b.toString();
  }

  /**
   * Another spelling of the same transactions, as hand-written or concatenated positions have:
   * no prefix, upper-case UUIDs, UUID parts in any order and repeated, intervals split into adjacent
   * or overlapping pieces and shuffled, discarded {@code N-M} with M below N, spaces and empty parts.
   */
  static String respell(Random random, Map<String, List<long[]>> set) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, List<long[]>> e : set.entrySet()) {
      List<String> pieces = new ArrayList<>();
      for (long[] iv : e.getValue()) {
        long s = iv[0];
        long end = iv[1];
        if (end - s >= 2 && random.nextBoolean()) {
          long cut = s + 1 + random.nextInt((int) Math.min(end - s - 1, 1_000));
          long overlap = random.nextBoolean() ? 0 : Math.min(cut - s, 1);
          pieces.add(s + "-" + cut);
          pieces.add((cut + 1 - overlap) + (end == cut + 1 - overlap ? "" : "-" + end));
        } else {
          pieces.add(end == s && random.nextBoolean() ? String.valueOf(s) : s + "-" + end);
        }
      }
      if (random.nextInt(4) == 0) {
        pieces.add("9-3"); // end below start: discarded
      }
      Collections.shuffle(pieces, random);
      String uuid = random.nextBoolean() ? e.getKey().toUpperCase() : e.getKey();
      if (pieces.size() > 1 && random.nextBoolean()) {
        int half = pieces.size() / 2;
        parts.add(uuid + ":" + String.join(":", pieces.subList(0, half)));
        parts.add(e.getKey() + ":" + String.join(":", pieces.subList(half, pieces.size())));
      } else {
        parts.add(uuid + ":" + String.join(":", pieces));
      }
    }
    Collections.shuffle(parts, random);
    StringBuilder b = new StringBuilder(random.nextBoolean() ? "MySQL56/" : "");
    for (int i = 0; i < parts.size(); i++) {
      b.append(i > 0 ? (random.nextBoolean() ? "," : " ,, ") : "").append(random.nextBoolean() ? " " : "").append(parts.get(i));
    }
    return b.toString();
  }

  /** Text of letters, digits, punctuation, JSON specials and non-ASCII (valid UTF-16 only). */
  static String text(Random random, int maxLength) {
    String pool = "abcxyzABC019 _-.:/,\"\\{}[]\t\néß€中😀";
    int n = random.nextInt(maxLength + 1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int cp = pool.codePointAt(pool.offsetByCodePoints(0, random.nextInt(pool.codePointCount(0, pool.length()))));
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  /** A non-empty name without surrounding spaces. */
  static String name(Random random) {
    String t = text(random, 12).strip();
    return t.isEmpty() ? "n" + random.nextInt(100) : t;
  }

  static String shard(Random random) {
    return SHARDS[random.nextInt(SHARDS.length)];
  }

  /** A position: empty, {@code current}, a GTID set, or opaque text as the Go tests use. */
  static String position(Random random) {
    switch (random.nextInt(4)) {
      case 0: return "";
      case 1: return TableCursor.CURRENT;
      case 2: return canonical(gtidIntervals(random));
      default: return text(random, 20);
    }
  }

  /** A cursor, copying (with a last primary key of one row, NULLs included) or not. */
  static TableCursor cursor(Random random) {
    QueryResult pk = null;
    if (random.nextBoolean()) {
      List<Field> fields = new ArrayList<>();
      List<Value> row = new ArrayList<>();
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        VitessType type = PK_TYPES[random.nextInt(PK_TYPES.length)];
        // Unsigned 32-bit attributes, as query.Field carries them.
        fields.add(new Field(name(random), type, text(random, 6), text(random, 10), random.nextInt(300),
            random.nextInt(Integer.MAX_VALUE) * 2L + random.nextInt(2), text(random, 4), text(random, 4),
            text(random, 4), random.nextInt(Integer.MAX_VALUE) * 2L + random.nextInt(2), random.nextInt(31)));
        row.add(random.nextInt(5) == 0 ? Value.NULL : Value.of(type, text(random, 10)));
      }
      pk = new QueryResult(fields, List.of(row));
    }
    return new TableCursor(random.nextInt(5) == 0 ? "" : shard(random), random.nextInt(5) == 0 ? "" : name(random),
        position(random), pk);
  }

  /** A state of zero to four streams, each with one to four shards. */
  static State state(Random random) {
    Map<String, ShardStates> streams = new LinkedHashMap<>();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      Map<String, SerializedCursor> shards = new LinkedHashMap<>();
      int m = 1 + random.nextInt(4);
      for (int j = 0; j < m; j++) {
        shards.put(shard(random), SerializedCursor.of(cursor(random)));
      }
      streams.put(name(random), new ShardStates(shards));
    }
    return new State(streams);
  }

  private static String orNull(Random random, String value) {
    return random.nextInt(3) == 0 ? null : value;
  }

  private static List<String> names(Random random, int max) {
    List<String> out = new ArrayList<>();
    int n = random.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      out.add(name(random));
    }
    return out;
  }

  private static NodeMetadata node(Random random, List<String> breadcrumb) {
    return new NodeMetadata(random.nextBoolean(), orNull(random, NodeMetadata.INCREMENTAL), orNull(random, name(random)),
        orNull(random, NodeMetadata.INCLUSION_AVAILABLE), random.nextBoolean(), names(random, 2),
        orNull(random, name(random)), names(random, 2), orNull(random, name(random)), random.nextBoolean(),
        orNull(random, name(random)), orNull(random, name(random)), breadcrumb);
  }

  /** A catalog of zero to three streams with properties and table and column metadata. */
  static Catalog catalog(Random random) {
    List<Stream> streams = new ArrayList<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      Map<String, StreamProperty> properties = new LinkedHashMap<>();
      List<Metadata> metadata = new ArrayList<>();
      metadata.add(new Metadata(node(random, List.of())));
      int columns = random.nextInt(4);
      for (int c = 0; c < columns; c++) {
        String column = name(random);
        properties.put(column, new StreamProperty(names(random, 2), orNull(random, "date-time")));
        metadata.add(new Metadata(node(random, List.of("properties", column))));
      }
      String name = name(random);
      streams.add(new Stream(random.nextBoolean() ? "" : "SCHEMA", name, orNull(random, name),
          new StreamSchema(names(random, 2), random.nextBoolean(), properties), orNull(random, name),
          new MetadataCollection(metadata), names(random, 2), names(random, 1)));
    }
    return new Catalog(streams);
  }

  /** A source with every key set to a random valid value. */
  static PlanetScaleSource source(Random random) {
    Map<String, Map<String, String>> gtids = new LinkedHashMap<>();
    int keyspaces = random.nextInt(3);
    for (int i = 0; i < keyspaces; i++) {
      Map<String, String> byShard = new LinkedHashMap<>();
      int shards = 1 + random.nextInt(3);
      for (int j = 0; j < shards; j++) {
        byShard.put(shard(random), position(random));
      }
      gtids.put(name(random), byShard);
    }
    List<String> shards = new ArrayList<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      String s = shard(random);
      if (!shards.contains(s)) {
        shards.add(s);
      }
    }
    String host = name(random).replace(":", "").strip();
    host = host.isEmpty() ? "h" : host;
    return PlanetScaleSource.builder()
        .host(random.nextBoolean() ? host : host + ":" + (1 + random.nextInt(65535)))
        .database(name(random))
        .username(text(random, 10))
        .password(text(random, 30))
        .shards(shards)
        .useReplica(random.nextBoolean())
        .useRdonly(random.nextBoolean())
        .startingGtids(gtids)
        .timeoutSeconds(1 + random.nextInt(Integer.MAX_VALUE))
        .maxRetries(random.nextInt(Integer.MAX_VALUE))
        .useGtidWithTablePks(random.nextBoolean())
        .doNotTreatTinyIntAsBoolean(random.nextBoolean())
        .plaintext(random.nextBoolean())
        .port(random.nextInt(65536))
        .trustedCertificatesPem(random.nextBoolean() ? null : "-----BEGIN CERTIFICATE-----\n" + text(random, 40)
            + "\n-----END CERTIFICATE-----\n")
        .build();
  }
}
