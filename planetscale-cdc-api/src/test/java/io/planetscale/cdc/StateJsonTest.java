package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateJsonTest {

  private static final String CURSOR = "CgEtEhBpbXBvcnQtb24tc2NhbGVy";
  private static final String SHARD = "{\"shards\":{\"-\":{\"cursor\":\"" + CURSOR + "\"}}}";

  /** The bookmarks of reference §6.1 TestCanUnMarshalState / TestCanUnMarshalWrappedState. */
  private static final String GO_BOOKMARKS =
      "{\"bookmarks\":{\"employees\":" + SHARD + ",\"salaries\":" + SHARD + ",\"titles\":" + SHARD + "}}";

  @Test
  void canUnmarshalState() {
    State state = State.fromJson(GO_BOOKMARKS);
    assertThat(state.streams()).hasSize(3).containsOnlyKeys("employees", "salaries", "titles");
    assertThat(state.streams().get("titles").shards().get("-").cursor()).isEqualTo(CURSOR);
  }

  @Test
  void canUnmarshalWrappedState() {
    State state = State.fromJson("{\"type\":\"STATE\",\"value\":" + GO_BOOKMARKS + "}");
    assertThat(state.streams()).hasSize(3);
    assertThat(state).isEqualTo(State.fromJson(GO_BOOKMARKS));
  }

  @Test
  void writesBookmarksAndRoundTrips() {
    State state = State.fromJson(GO_BOOKMARKS);
    assertThat(state.toJson()).isEqualTo(GO_BOOKMARKS);
    assertThat(State.fromJson(state.toJson())).isEqualTo(state);
  }

  @Test
  void readsTheStateLineOfTheSyncExample() {
    // Reference §1.3b / §3.7: the Singer STATE message singer-tap prints.
    String line = "{\"type\":\"STATE\",\"value\":{\"bookmarks\":{\"employees\":{\"shards\":{\"-\":"
        + "{\"cursor\":\"CgEtEgllbXBsb3llZXM=\"}}}}}}";
    State state = State.fromJson(line);
    assertThat(state.streams().get("employees").shards().get("-").cursor()).isEqualTo("CgEtEgllbXBsb3llZXM=");
    assertThat(state.toJson()).isEqualTo(line.substring("{\"type\":\"STATE\",\"value\":".length(), line.length() - 1));
  }

  @Test
  void emptyStates() {
    assertThat(State.fromJson("{}")).isEqualTo(State.empty());
    assertThat(State.fromJson("{\"bookmarks\":{}}")).isEqualTo(State.empty());
    assertThat(State.fromJson("{\"bookmarks\":null}")).isEqualTo(State.empty());
    assertThat(State.fromJson("{\"type\":\"STATE\",\"value\":{}}")).isEqualTo(State.empty());
    assertThat(State.fromJson("null")).isEqualTo(State.empty());
    assertThat(State.empty().toJson()).isEqualTo("{\"bookmarks\":{}}");
  }

  @Test
  void nullShardsGiveAnEmptyStreamState() {
    State state = State.fromJson("{\"bookmarks\":{\"a\":{\"shards\":null},\"b\":{},\"c\":null}}");
    assertThat(state.streams()).containsOnlyKeys("a", "b", "c");
    assertThat(state.streams().values()).allSatisfy(s -> assertThat(s.shards()).isEmpty());
    assertThat(state.toJson())
        .isEqualTo("{\"bookmarks\":{\"a\":{\"shards\":{}},\"b\":{\"shards\":{}},\"c\":{\"shards\":{}}}}");
  }

  @Test
  void writesStreamsByNameAndShardsByKeyRange() {
    Map<String, SerializedCursor> shards = new LinkedHashMap<>();
    shards.put("80-", new SerializedCursor("C3"));
    shards.put("40-80", new SerializedCursor("C2"));
    shards.put("-40", new SerializedCursor("C1"));
    Map<String, ShardStates> streams = new LinkedHashMap<>();
    streams.put("zebra", new ShardStates(Map.of("-", new SerializedCursor("Z"))));
    streams.put("apple", new ShardStates(shards));
    String json = new State(streams).toJson();
    assertThat(json).isEqualTo("{\"bookmarks\":{\"apple\":{\"shards\":{\"-40\":{\"cursor\":\"C1\"},"
        + "\"40-80\":{\"cursor\":\"C2\"},\"80-\":{\"cursor\":\"C3\"}}},\"zebra\":{\"shards\":{\"-\":{\"cursor\":\"Z\"}}}}}");
    assertThat(State.fromJson(json)).isEqualTo(new State(streams));
  }

  @Test
  void plainBookmarksWinOverAWrappedValue() {
    String json = "{\"bookmarks\":{\"a\":" + SHARD + "},\"value\":{\"bookmarks\":{\"b\":" + SHARD + "}}}";
    assertThat(State.fromJson(json).streams()).containsOnlyKeys("a");
  }

  @Test
  void unknownKeysAreIgnored() {
    String json = "{\"type\":\"STATE\",\"value\":{\"bookmarks\":{\"a\":{\"shards\":{\"-\":{\"cursor\":\"X\","
        + "\"last_record\":\"ignored\"}},\"other\":1}},\"currently_syncing\":null}}";
    assertThat(State.fromJson(json).streams().get("a").shards().get("-").cursor()).isEqualTo("X");
  }

  @Test
  void missingCursorNamesStreamAndShard() {
    assertThatThrownBy(() -> State.fromJson("{\"bookmarks\":{\"employees\":{\"shards\":{\"-80\":{}}}}}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("state: bookmarks.employees.shards[\"-80\"].cursor: stream \"employees\", shard \"-80\": "
            + "the cursor is missing");
  }

  @Test
  void nonStringCursorNamesStreamAndShard() {
    assertThatThrownBy(() -> State.fromJson("{\"bookmarks\":{\"employees\":{\"shards\":{\"-\":{\"cursor\":42}}}}}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stream \"employees\", shard \"-\"")
        .hasMessageEndingWith("expected the cursor as a string, got 42");
  }

  @Test
  void nullShardEntryNamesStreamAndShard() {
    assertThatThrownBy(() -> State.fromJson("{\"bookmarks\":{\"t\":{\"shards\":{\"80-\":null}}}}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stream \"t\", shard \"80-\"")
        .hasMessageContaining("got null");
  }

  @Test
  void wrongContainerTypesNameThePath() {
    assertThatThrownBy(() -> State.fromJson("{\"bookmarks\":[]}"))
        .hasMessage("state: bookmarks: expected an object, got an array");
    assertThatThrownBy(() -> State.fromJson("{\"bookmarks\":{\"t\":{\"shards\":\"-\"}}}"))
        .hasMessage("state: bookmarks.t.shards: expected an object, got \"-\"");
    assertThatThrownBy(() -> State.fromJson("{\"bookmarks\":{\"t\":[]}}"))
        .hasMessage("state: bookmarks.t: expected an object, got an array");
    assertThatThrownBy(() -> State.fromJson("\"STATE\""))
        .hasMessage("state: expected an object, got \"STATE\"");
  }

  @Test
  void invalidStateJsonNamesLineAndColumn() {
    assertThatThrownBy(() -> State.fromJson("{\"bookmarks\":{\n\"a\": {\"shards\": {\"-\": {\"cursor\": 'x'}}}}}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("state: invalid JSON at line 2, column ");
  }
}
