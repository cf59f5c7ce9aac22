package io.planetscale.cdc;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The cursors of one stream, by shard: {@code {"shards":{"-80":{"cursor":"..."},...}}}.
 *
 * @param shards the cursors, in shard key-range order
 */
public record ShardStates(Map<String, SerializedCursor> shards) {

  /**
   * Copies the map into key-range order and makes it unmodifiable.
   *
   * @param shards the cursors, in shard key-range order
   */
  public ShardStates {
    Objects.requireNonNull(shards, "shards");
    TreeMap<String, SerializedCursor> sorted = new TreeMap<>(ShardOrder.INSTANCE);
    for (Map.Entry<String, SerializedCursor> e : shards.entrySet()) {
      sorted.put(Objects.requireNonNull(e.getKey(), "shard"), Objects.requireNonNull(e.getValue(), "cursor"));
    }
    shards = Collections.unmodifiableMap(sorted);
  }

  /**
   * A copy with one shard's cursor replaced or added.
   *
   * @param shard the shard
   * @param cursor its cursor
   * @return the copy
   */
  public ShardStates with(String shard, SerializedCursor cursor) {
    TreeMap<String, SerializedCursor> copy = new TreeMap<>(ShardOrder.INSTANCE);
    copy.putAll(shards);
    copy.put(shard, cursor);
    return new ShardStates(copy);
  }

  /**
   * The order of shard names used here, in states and in syncs: by key range, as Vitess lays shards
   * out ({@code -40 < 40-80 < 80-c0 < c0-}), names that are not key ranges last, by text.
   *
   * @return the comparator, consistent with {@link String#equals}
   */
  public static Comparator<String> shardOrder() {
    return ShardOrder.INSTANCE;
  }
}
