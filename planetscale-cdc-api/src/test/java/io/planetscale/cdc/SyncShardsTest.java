package io.planetscale.cdc;

import static io.planetscale.cdc.TestStreams.INTEGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shards: deterministic order, configured subsets, starting GTIDs, resharding, per-shard states. */
class SyncShardsTest {
  private final FakeMysqlAccess mysql = new FakeMysqlAccess("connect-test");
  private final CapturingSink sink = new CapturingSink();
  private final CapturingLogger logger = new CapturingLogger();
  private final Stream customers = TestStreams.named("customers").selected().key("id", INTEGER, true).build();

  SyncShardsTest() {
    mysql.shards = new ArrayList<>(List.of("c0-", "80-c0", "-40", "40-80"));
  }

  private State sync(PlanetScaleSource source, FakeEdgeDatabase edge, State state) {
    return PlanetScaleCdc.sync(mysql, edge, logger, source, new Catalog(List.of(customers)), state, sink,
        TabletType.PRIMARY);
  }

  private static PlanetScaleSource.Builder source() {
    return PlanetScaleSource.builder().host("useast.psdb.connect").database("connect-test");
  }

  @Test
  void shardsAreReadInKeyRangeOrderWithOneStateEach() {
    FakeEdgeDatabase edge = FakeEdgeDatabase.echo();
    sync(source().build(), edge, null);
    assertThat(edge.readShards()).containsExactly("customers/-40", "customers/40-80", "customers/80-c0",
        "customers/c0-");
    assertThat(sink.states).hasSize(5);
  }

  @Test
  void eachStateAddsTheShardJustRead() {
    FakeEdgeDatabase edge = new FakeEdgeDatabase(
        p -> SerializedCursor.of(p.lastKnownPosition().withPosition("MySQL56/done-" + p.lastKnownPosition().shard())));
    sync(source().build(), edge, null);
    assertThat(position(sink.states.get(0), "-40")).isEqualTo("MySQL56/done--40");
    assertThat(position(sink.states.get(0), "40-80")).isEmpty();
    assertThat(position(sink.states.get(1), "40-80")).isEqualTo("MySQL56/done-40-80");
    assertThat(position(sink.states.get(3), "c0-")).isEqualTo("MySQL56/done-c0-");
  }

  @Test
  void configuredShardsLimitTheSync() {
    FakeEdgeDatabase edge = FakeEdgeDatabase.echo();
    State end = sync(source().shards("80-c0").build(), edge, null);
    assertThat(edge.readShards()).containsExactly("customers/80-c0");
    assertThat(end.streams().get("customers").shards()).containsOnlyKeys("80-c0");
  }

  @Test
  void configuredShardThatDoesNotExistIsNamed() {
    assertThatThrownBy(() -> sync(source().shards("-80").build(), FakeEdgeDatabase.echo(), null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("shard \"-80\" does not exist");
  }

  @Test
  void startingGtidsSeedTheFirstSync() {
    PlanetScaleSource withGtids = source().startingGtids(Map.of("connect-test",
        Map.of("-40", "MySQL56/MYGTID1:1-3", "40-80", "MySQL56/MYGTID2:1-3"))).build();
    FakeEdgeDatabase edge = FakeEdgeDatabase.echo();
    sync(withGtids, edge, null);
    assertThat(edge.reads).extracting(p -> p.lastKnownPosition().position())
        .containsExactly("MySQL56/MYGTID1:1-3", "MySQL56/MYGTID2:1-3", "", "");
  }

  @Test
  void savedStateWinsOverStartingGtids() {
    PlanetScaleSource withGtids = source().shards("-40")
        .startingGtids(Map.of("connect-test", Map.of("-40", "MySQL56/MYGTID1:1-3"))).build();
    State saved = State.empty().with("customers", new ShardStates(Map.of("-40",
        SerializedCursor.of(TableCursor.of("-40", "connect-test", "MySQL56/MyOtherGTID:1-3")))));
    FakeEdgeDatabase edge = FakeEdgeDatabase.echo();
    sync(withGtids, edge, saved);
    assertThat(edge.reads.get(0).lastKnownPosition().position()).isEqualTo("MySQL56/MyOtherGTID:1-3");
  }

  @Test
  void aShardMissingFromTheSavedStateIsCopiedFromTheStart() {
    State saved = State.empty().with("customers", new ShardStates(Map.of(
        "-40", cursor("-40", "MySQL56/a"), "40-80", cursor("40-80", "MySQL56/b"),
        "80-c0", cursor("80-c0", "MySQL56/c"))));
    FakeEdgeDatabase edge = FakeEdgeDatabase.echo();
    State end = sync(source().build(), edge, saved);
    assertThat(edge.reads).extracting(p -> p.lastKnownPosition().position())
        .containsExactly("MySQL56/a", "MySQL56/b", "MySQL56/c", "");
    assertThat(end.streams().get("customers").shards()).hasSize(4);
  }

  @Test
  void cursorOfAnotherShardInTheStateIsRejected() {
    mysql.shards = new ArrayList<>(List.of("-"));
    State saved = State.empty().with("customers", new ShardStates(Map.of("-", cursor("-80", "MySQL56/a"))));
    assertThatThrownBy(() -> sync(source().build(), FakeEdgeDatabase.echo(), saved))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stream \"customers\" shard \"-\"")
        .hasMessageContaining("\"-80\"");
  }

  @Test
  void corruptCursorNamesStreamAndShard() {
    mysql.shards = new ArrayList<>(List.of("-"));
    State saved = State.empty().with("customers", new ShardStates(Map.of("-", new SerializedCursor("%%%not-base64"))));
    assertThatThrownBy(() -> sync(source().build(), FakeEdgeDatabase.echo(), saved))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("customers")
        .hasMessageContaining("\"-\"");
    assertThat(sink.states).isEmpty();
  }

  @Test
  void keyspaceWithoutShardsIsAnError() {
    mysql.shards = new ArrayList<>();
    assertThatThrownBy(() -> sync(source().build(), FakeEdgeDatabase.echo(), null))
        .isInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("has no shards");
  }

  private static SerializedCursor cursor(String shard, String position) {
    return SerializedCursor.of(TableCursor.of(shard, "connect-test", position));
  }

  private static String position(State state, String shard) {
    return state.streams().get("customers").shards().get(shard).toTableCursor().position();
  }
}
