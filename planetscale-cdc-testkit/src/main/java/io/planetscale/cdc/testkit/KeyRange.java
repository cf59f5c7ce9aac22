package io.planetscale.cdc.testkit;

/**
 * A shard's key range, from its name: {@code -} is everything, {@code -80} is [0, 0x80..),
 * {@code 80-} is [0x80.., end). Keyspace ids are unsigned 64-bit values; hex bounds are left-aligned.
 */
final class KeyRange {
  final String shard;
  final long start; // inclusive
  final long end; // exclusive; meaningful only if hasEnd
  final boolean hasEnd;

  private KeyRange(String shard, long start, long end, boolean hasEnd) {
    this.shard = shard;
    this.start = start;
    this.end = end;
    this.hasEnd = hasEnd;
  }

  static KeyRange parse(String shard) {
    int dash = shard.indexOf('-');
    if (dash < 0 || shard.indexOf('-', dash + 1) >= 0) {
      throw new IllegalArgumentException("shard \"" + shard + "\" is not a key range like -, -80, 80- or 40-80");
    }
    String lo = shard.substring(0, dash);
    String hi = shard.substring(dash + 1);
    long start = bound(shard, lo);
    long end = hi.isEmpty() ? 0 : bound(shard, hi);
    if (!hi.isEmpty() && Long.compareUnsigned(start, end) >= 0) {
      throw new IllegalArgumentException("shard \"" + shard + "\": the key range start must be below its end");
    }
    return new KeyRange(shard, start, end, !hi.isEmpty());
  }

  private static long bound(String shard, String hex) {
    if (hex.isEmpty()) {
      return 0;
    }
    if (hex.length() > 16 || hex.length() % 2 != 0) {
      throw new IllegalArgumentException("shard \"" + shard + "\": key range bounds must be 2 to 16 hex digits");
    }
    try {
      return Long.parseUnsignedLong(hex, 16) << (4 * (16 - hex.length()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("shard \"" + shard + "\": \"" + hex + "\" is not hexadecimal");
    }
  }

  boolean contains(long keyspaceId) {
    return Long.compareUnsigned(keyspaceId, start) >= 0 && (!hasEnd || Long.compareUnsigned(keyspaceId, end) < 0);
  }

  /** Shards must tile the key space: from the lowest key, each starting where the previous ended. */
  static void checkTiling(java.util.List<KeyRange> ranges) {
    ranges.sort((a, b) -> Long.compareUnsigned(a.start, b.start));
    java.util.List<String> names = new java.util.ArrayList<>();
    for (KeyRange r : ranges) {
      names.add(r.shard);
    }
    long expected = 0;
    boolean open = true;
    for (KeyRange r : ranges) {
      if (!open || r.start != expected) {
        throw new IllegalArgumentException("shards " + names + " must cover the key space exactly once"
            + " (like -80, 80- or -40, 40-80, 80-c0, c0-): check \"" + r.shard + "\"");
      }
      open = r.hasEnd;
      expected = r.end;
    }
    if (open) {
      throw new IllegalArgumentException("shards " + names + " must cover the key space up to the end");
    }
  }
}
