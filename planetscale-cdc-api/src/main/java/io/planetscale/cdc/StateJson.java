package io.planetscale.cdc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON of {@link State}: {@code {"bookmarks":{"<stream>":{"shards":{"<shard>":{"cursor":"..."}}}}}}.
 * Reads that and the wrapped Singer message {@code {"type":"STATE","value":{"bookmarks":...}}} the
 * way Go's {@code parseSavedStateContents} does: the plain form first, the wrapped one when the plain
 * form has no bookmarks. Cursors stay opaque strings here; they are decoded when a sync uses them.
 */
final class StateJson {

  private static final String WHAT = "state";

  private StateJson() {}

  /**
   * Reads a state; {@code {}}, {@code {"bookmarks":{}}} and {@code null} give the empty state.
   *
   * @param json the state JSON
   * @return the state
   * @throws ConfigurationException naming the line/column, or the stream and shard, that is wrong
   */
  static State read(String json) {
    JsonValue root = JsonValue.root(WHAT, JsonTree.parse(WHAT, json));
    if (!root.isNull() && !root.isObject()) {
      throw root.expected("an object");
    }
    JsonValue bookmarks = root.get("bookmarks");
    if (bookmarks.fields().isEmpty()) {
      JsonValue wrapped = root.get("value");
      if (!wrapped.isNull() && !wrapped.isObject()) {
        throw wrapped.expected("an object");
      }
      bookmarks = wrapped.get("bookmarks");
    }
    Map<String, ShardStates> streams = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> stream : bookmarks.fields().entrySet()) {
      streams.put(stream.getKey(), readShards(stream.getKey(), stream.getValue()));
    }
    return streams.isEmpty() ? State.empty() : new State(streams);
  }

  private static ShardStates readShards(String stream, JsonValue value) {
    if (!value.isNull() && !value.isObject()) {
      throw value.expected("an object");
    }
    Map<String, SerializedCursor> cursors = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> shard : value.get("shards").fields().entrySet()) {
      JsonValue entry = shard.getValue();
      String who = "stream " + JsonValue.quote(stream) + ", shard " + JsonValue.quote(shard.getKey());
      if (!entry.isObject()) {
        throw entry.error(who + ": expected an object {\"cursor\":\"...\"}, got " + entry.describe());
      }
      JsonValue cursor = entry.get("cursor");
      if (cursor.isNull()) {
        throw cursor.error(who + ": the cursor is missing");
      }
      if (!cursor.isString()) {
        throw cursor.error(who + ": expected the cursor as a string, got " + cursor.describe());
      }
      cursors.put(shard.getKey(), new SerializedCursor((String) cursor.raw()));
    }
    return new ShardStates(cursors);
  }

  /**
   * Writes {@code {"bookmarks":{...}}} in the state's order (streams by name, shards by key range).
   *
   * @param state the state
   * @return compact JSON
   */
  static String write(State state) {
    JsonOutput out = new JsonOutput().startObject();
    writeBookmarks(out, state);
    return out.endObject().finish();
  }

  /**
   * Writes the {@code "bookmarks"} member, e.g. inside a Singer {@code STATE} message's {@code value}.
   *
   * @param out the output, positioned inside an object
   * @param state the state
   */
  static void writeBookmarks(JsonOutput out, State state) {
    out.name("bookmarks").startObject();
    for (Map.Entry<String, ShardStates> stream : state.streams().entrySet()) {
      out.name(stream.getKey()).startObject().name("shards").startObject();
      for (Map.Entry<String, SerializedCursor> shard : stream.getValue().shards().entrySet()) {
        out.name(shard.getKey()).startObject().field("cursor", shard.getValue().cursor()).endObject();
      }
      out.endObject().endObject();
    }
    out.endObject();
  }
}
