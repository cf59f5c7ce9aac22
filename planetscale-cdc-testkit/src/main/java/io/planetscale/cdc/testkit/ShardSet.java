package io.planetscale.cdc.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shards of a {@link FakeKeyspace}: those that serve (key ranges that tile the key space, in
 * key-range order), those a reshard took out of service (their history kept for VStreams that still
 * read them), and the names of those removed since. The serving set is replaced as a whole; callers
 * that need it stable across several reads (DML, reshard) hold the keyspace's schema lock.
 */
final class ShardSet {
  private volatile List<ShardData> serving;
  private volatile Map<String, ShardData> byName;
  private final Map<String, ShardData> retired = new ConcurrentHashMap<>();
  private final Set<String> removed = ConcurrentHashMap.newKeySet();

  /** @throws IllegalArgumentException if a shard is not a key range, or the shards do not tile the key space */
  ShardSet(List<String> shardNames) {
    List<KeyRange> ranges = new ArrayList<>();
    for (String s : shardNames) {
      ranges.add(KeyRange.parse(s));
    }
    KeyRange.checkTiling(ranges);
    List<ShardData> list = new ArrayList<>();
    for (KeyRange r : ranges) {
      list.add(new ShardData(r));
    }
    serve(list);
  }

  private void serve(List<ShardData> list) {
    Map<String, ShardData> names = new LinkedHashMap<>();
    for (ShardData s : list) {
      names.put(s.name(), s);
    }
    byName = Collections.unmodifiableMap(names);
    serving = List.copyOf(list);
  }

  /** The serving shards, in key-range order. */
  List<ShardData> serving() {
    return serving;
  }

  List<String> names() {
    return new ArrayList<>(byName.keySet());
  }

  /** A serving shard, or null. */
  ShardData get(String name) {
    return byName.get(name);
  }

  /** A serving shard, or one a reshard took out of service that still exists; null otherwise. */
  ShardData streamable(String name) {
    ShardData s = byName.get(name);
    return s != null ? s : retired.get(name);
  }

  /** True for a shard {@link #remove} removed (and no reshard created again). */
  boolean wasRemoved(String name) {
    return removed.contains(name);
  }

  Set<String> retiredNames() {
    return retired.keySet();
  }

  /** The serving shard whose key range holds {@code key}'s keyspace id. */
  ShardData shardFor(RowKey key) {
    long id = key.keyspaceId();
    for (ShardData s : serving) {
      if (s.range.contains(id)) {
        return s;
      }
    }
    throw new IllegalStateException("no shard covers keyspace id " + Long.toHexString(id)); // ranges are checked
  }

  /** A reshard ran: its sources retire, its serving set serves. */
  void resharded(Reshard reshard) {
    for (ShardData s : reshard.sources()) {
      retired.put(s.name(), s);
    }
    for (ShardData s : reshard.serving()) {
      removed.remove(s.name());
    }
    serve(reshard.serving());
  }

  /**
   * Deletes retired shards.
   *
   * @throws IllegalArgumentException if a name is not a retired shard (nothing is removed then)
   */
  void remove(List<String> names) {
    for (String n : names) {
      if (!retired.containsKey(n)) {
        throw new IllegalArgumentException("shard \"" + n + "\" is not a shard a reshard took out of service"
            + (byName.containsKey(n) ? " (it serves)" : "") + "; such shards are " + retired.keySet());
      }
    }
    for (String n : names) {
      retired.remove(n);
      removed.add(n);
    }
  }
}
