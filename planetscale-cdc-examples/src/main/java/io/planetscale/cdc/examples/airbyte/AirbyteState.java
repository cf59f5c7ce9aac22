package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.examples.cli.Json;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.ShardStates;
import io.planetscale.cdc.State;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Airbyte's state, {@code {"streams":{"<namespace>:<table>":{"shards":{"<shard>":{"cursor":"..."}}}}}},
 * as the Go airbyte-source writes it; the {@code {"type":"STATE","state":{"data":...}}} message and
 * the {@code {"data":...}} state wrappers are accepted too, and an empty object or array is an empty
 * state. Every cursor is decoded when read, so a corrupt one is reported naming its stream and shard
 * before anything is synced.
 *
 * @param streams {@code <namespace>:<table>} → shard → serialized cursor, in file order
 */
record AirbyteState(Map<String, Map<String, String>> streams) {

  /** @return a state with no streams */
  static AirbyteState empty() {
    return new AirbyteState(new LinkedHashMap<>());
  }

  /**
   * @param text the state file's JSON
   * @return the state
   * @throws ConfigurationException naming the stream and shard of a corrupt cursor, or what else is wrong
   */
  static AirbyteState parse(String text) {
    Object root = Json.parse("state", text);
    if (root instanceof List<?> list && list.isEmpty()) {
      return empty();
    }
    Map<String, Object> data = Json.object("state", root);
    if ("STATE".equals(data.get("type"))) {
      data = Json.object("state: \"state\"", data.get("state"));
    }
    if (data.containsKey("data") && !data.containsKey("streams")) {
      data = Json.object("state: \"data\"", data.get("data"));
    }
    Map<String, Map<String, String>> streams = new LinkedHashMap<>();
    if (!data.containsKey("streams")) {
      if (!data.isEmpty()) {
        throw new ConfigurationException("state: expected {\"streams\":{\"<namespace>:<table>\":{\"shards\":{...}}}},"
            + " found keys " + data.keySet());
      }
      return new AirbyteState(streams);
    }
    Map<String, Object> byStream = Json.object("state: \"streams\"", data.get("streams"));
    for (Map.Entry<String, Object> e : byStream.entrySet()) {
      String key = e.getKey();
      String at = "state: stream \"" + key + "\"";
      Map<String, Object> shards = Json.object(at + " \"shards\"", Json.object(at, e.getValue()).get("shards"));
      Map<String, String> cursors = new LinkedHashMap<>();
      for (Map.Entry<String, Object> s : shards.entrySet()) {
        String where = at + " shard \"" + s.getKey() + "\"";
        String cursor = Json.text(where + " \"cursor\"", Json.object(where, s.getValue()).get("cursor"));
        // Throws ConfigurationException "stream "..." shard "...": unable to decode table cursor: ..."
        new SerializedCursor(cursor).toTableCursor(key, s.getKey());
        cursors.put(s.getKey(), cursor);
      }
      streams.put(key, cursors);
    }
    return new AirbyteState(streams);
  }

  /**
   * The SDK state (keyed by table name) of the streams in {@code database}.
   *
   * @param database the source's database
   * @return the state
   */
  State toSdk(String database) {
    return toSdk(AirbyteNames.database(database));
  }

  /**
   * The SDK state of this source's streams.
   *
   * @param names how the source's streams are named in Airbyte
   * @return the state, keyed by SDK stream name
   */
  State toSdk(AirbyteNames names) {
    Map<String, ShardStates> out = new LinkedHashMap<>();
    streams.forEach((key, shards) -> {
      String stream = names.sdkStream(key);
      if (stream != null) {
        Map<String, SerializedCursor> cursors = new LinkedHashMap<>();
        shards.forEach((shard, cursor) -> cursors.put(shard, new SerializedCursor(cursor)));
        out.put(stream, new ShardStates(cursors));
      }
    });
    return new State(out);
  }

  /**
   * The Airbyte state of an SDK state, keeping the entries of this state that belong to another
   * namespace (the SDK cannot hold them) so that nothing stored is lost.
   *
   * @param state the SDK state
   * @param database the source's database
   * @return {@code <database>:<table>} → shard → cursor, plus the other namespaces' entries
   */
  Map<String, Map<String, String>> merge(State state, String database) {
    return merge(state, AirbyteNames.database(database));
  }

  /**
   * The Airbyte state of an SDK state, keeping the entries of this state that are not the source's streams.
   *
   * @param state the SDK state
   * @param names how the source's streams are named in Airbyte
   * @return {@code <namespace>:<name>} → shard → cursor, plus the stored entries of other streams
   */
  Map<String, Map<String, String>> merge(State state, AirbyteNames names) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    streams.forEach((key, shards) -> {
      if (names.sdkStream(key) == null) {
        out.put(key, shards);
      }
    });
    state.streams().forEach((table, shards) -> {
      Map<String, String> cursors = new LinkedHashMap<>();
      shards.shards().forEach((shard, cursor) -> cursors.put(shard, cursor.cursor()));
      out.put(names.key(table), cursors);
    });
    return out;
  }
}
