package io.planetscale.cdc;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a sync stands for every stream and shard: the singer-tap state
 * {@code {"bookmarks":{"<stream>":{"shards":{"<shard>":{"cursor":"<base64>"}}}}}}.
 *
 * @param streams the shard cursors by stream name, sorted by name
 */
public record State(Map<String, ShardStates> streams) {

  private static final State EMPTY = new State(Map.of());

  /**
   * Copies the map into name order and makes it unmodifiable.
   *
   * @param streams the shard cursors by stream name, sorted by name
   */
  public State {
    Objects.requireNonNull(streams, "streams");
    TreeMap<String, ShardStates> sorted = new TreeMap<>();
    for (Map.Entry<String, ShardStates> e : streams.entrySet()) {
      sorted.put(Objects.requireNonNull(e.getKey(), "stream"), Objects.requireNonNull(e.getValue(), "shard states"));
    }
    streams = Collections.unmodifiableMap(sorted);
  }

  /** @return a state with no streams */
  public static State empty() {
    return EMPTY;
  }

  /**
   * A copy with one stream's shard states replaced or added.
   *
   * @param stream the stream name
   * @param states its shard states
   * @return the copy
   */
  public State with(String stream, ShardStates states) {
    TreeMap<String, ShardStates> copy = new TreeMap<>(streams);
    copy.put(stream, states);
    return new State(copy);
  }

  /**
   * Reads a state: {@code {"bookmarks":{...}}} or the wrapped Singer message
   * {@code {"type":"STATE","value":{"bookmarks":{...}}}}.
   *
   * @param json the state JSON
   * @return the state
   * @throws ConfigurationException naming the position or field that is wrong
   */
  public static State fromJson(String json) {
    return StateJson.read(json);
  }

  /**
   * Writes {@code {"bookmarks":{...}}}.
   *
   * @return the JSON
   */
  public String toJson() {
    return StateJson.write(this);
  }
}
