package io.planetscale.cdc;

import java.util.Map;
import java.util.TreeMap;

/**
 * The state of a sync in progress. It only ever holds cursors whose records the sink has accepted
 * and flushed, so a snapshot taken at any moment is a state it is safe to resume from.
 */
final class SyncProgress {
  private final TreeMap<String, TreeMap<String, SerializedCursor>> streams = new TreeMap<>();

  SyncProgress(State start) {
    for (Map.Entry<String, ShardStates> e : start.streams().entrySet()) {
      shardsOf(e.getKey()).putAll(e.getValue().shards());
    }
  }

  /** Adds the shards of {@code initial} that {@code stream} does not have yet. */
  void addMissing(String stream, ShardStates initial) {
    TreeMap<String, SerializedCursor> shards = shardsOf(stream);
    for (Map.Entry<String, SerializedCursor> e : initial.shards().entrySet()) {
      shards.putIfAbsent(e.getKey(), e.getValue());
    }
  }

  void put(String stream, String shard, SerializedCursor cursor) {
    shardsOf(stream).put(shard, cursor);
  }

  State snapshot() {
    TreeMap<String, ShardStates> copy = new TreeMap<>();
    streams.forEach((name, shards) -> copy.put(name, new ShardStates(shards)));
    return new State(copy);
  }

  private TreeMap<String, SerializedCursor> shardsOf(String stream) {
    return streams.computeIfAbsent(stream, k -> new TreeMap<>(ShardOrder.INSTANCE));
  }
}
