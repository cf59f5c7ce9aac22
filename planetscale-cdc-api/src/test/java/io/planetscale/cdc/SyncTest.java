package io.planetscale.cdc;

import static io.planetscale.cdc.TestStreams.INTEGER;
import static io.planetscale.cdc.TestStreams.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.spi.ReadParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** singer-tap's sync_test.go, ported, with the corrected expectations of reference §7. */
class SyncTest {
  private final PlanetScaleSource source = PlanetScaleSource.builder().host("h").database("sync-test").build();
  private final FakeMysqlAccess mysql = new FakeMysqlAccess("sync-test");
  private final CapturingLogger logger = new CapturingLogger();
  private final CapturingSink sink = new CapturingSink();

  private State sync(FakeEdgeDatabase edge, Catalog catalog, State state) {
    return PlanetScaleCdc.sync(mysql, edge, logger, source, catalog, state, sink, TabletType.PRIMARY);
  }

  private static Stream employees() {
    return TestStreams.named("employees").selected().key("emp_no", INTEGER, true).column("first_name", STRING)
        .build();
  }

  private static State stateAt(String stream, String shard, String position) {
    return State.empty().with(stream, new ShardStates(Map.of(shard,
        SerializedCursor.of(TableCursor.of(shard, "sync-test", position)))));
  }

  @Test
  void canFilterSchema() {
    Stream departments = TestStreams.named("departments").build();
    Stream employees = TestStreams.named("employees").selected().build();
    FakeEdgeDatabase edge = FakeEdgeDatabase.echo();
    sync(edge, new Catalog(List.of(employees, departments)), null);
    assertThat(edge.reads).extracting(p -> p.table().name()).containsExactly("employees");
  }

  @Test
  void canStartFromEmptyState() {
    Stream customers = TestStreams.named("customers").selected().key("id", INTEGER, true).build();
    List<TableCursor> seen = new ArrayList<>();
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      assertThat(p.lastKnownPosition().position()).isEmpty();
      TableCursor moved = p.lastKnownPosition().withPosition("I-HAVE-MOVED");
      seen.add(moved);
      return SerializedCursor.of(moved);
    });
    State end = sync(edge, new Catalog(List.of(employees(), customers)), null);
    TableCursor last = seen.get(seen.size() - 1);
    assertThat(last.keyspace()).isEqualTo("sync-test");
    assertThat(last.shard()).isEqualTo("-");
    assertThat(end.streams().get("customers").shards().get("-").toTableCursor().position()).isEqualTo("I-HAVE-MOVED");
  }

  @Test
  void printsStreamSchemaWithAutomaticAndSelectedColumnsOnly() {
    Stream stream = TestStreams.named("employees").selected().key("emp_no", INTEGER, false)
        .column("first_name", STRING, false).column("last_name", STRING, true).build();
    FakeEdgeDatabase edge = FakeEdgeDatabase.echo();
    sync(edge, new Catalog(List.of(stream)), null);
    Stream announced = logger.schemas.get(0);
    assertThat(announced.type()).isEqualTo("SCHEMA");
    assertThat(announced.schema().properties()).containsOnlyKeys("emp_no", "last_name");
    // Fixed (7.S-11): the automatic key column is requested too, once.
    assertThat(edge.reads.get(0).columns()).containsExactly("emp_no", "last_name");
    assertThat(announced.metadata().entries()).hasSize(3);
    assertThat(announced.metadata().entries().get(2).breadcrumb()).isEmpty();
  }

  @Test
  void printsOneStatePerShardPlusTheFinalOne() {
    sync(FakeEdgeDatabase.echo(), new Catalog(List.of(employees())), null);
    assertThat(sink.states).hasSize(2);
    assertThat(sink.lastState().streams()).containsOnlyKeys("employees");
  }

  @Test
  void usesStateIfIncrementalSyncRequested() {
    State saved = stateAt("employees", "-", "i-know-what-you-synced-last-summer");
    FakeEdgeDatabase edge = FakeEdgeDatabase.echo();
    sync(edge, new Catalog(List.of(employees())), saved);
    TableCursor start = edge.reads.get(0).lastKnownPosition();
    assertThat(start.keyspace()).isEqualTo("sync-test");
    assertThat(start.shard()).isEqualTo("-");
    assertThat(start.position()).isEqualTo("i-know-what-you-synced-last-summer");
    assertThat(logger.infos.get(0)).isEqualTo("Stream \"employees\" will be synced incrementally");
  }

  @Test
  void useOrCreateState() {
    State saved = stateAt("employees", "-", "i-know-what-you-synced-last-summer");
    Stream customers = TestStreams.named("customers").selected().fullTable().key("id", INTEGER, true).build();
    FakeEdgeDatabase edge = FakeEdgeDatabase.echo();
    sync(edge, new Catalog(List.of(employees(), customers)), saved);
    assertThat(edge.reads.get(0).lastKnownPosition().position()).isEqualTo("i-know-what-you-synced-last-summer");
    assertThat(edge.reads.get(1).lastKnownPosition().position()).isEmpty();
    assertThat(logger.infos.get(0)).isEqualTo("Stream \"employees\" will be synced incrementally");
  }

  @Test
  void printsOldStateIfNoNewStateFound() {
    State saved = stateAt("employees", "-", "i-know-what-you-synced-last-summer");
    sync(FakeEdgeDatabase.echo(), new Catalog(List.of(employees())), saved);
    assertThat(sink.states).hasSize(2);
    assertThat(sink.lastState()).isEqualTo(saved);
  }

  @Test
  void printsNewStateIfFound() {
    State saved = stateAt("employees", "-", "i-know-what-you-synced-last-summer");
    SerializedCursor newer = SerializedCursor.of(TableCursor.of("-", "sync-test", "i-STILL-know-what-you-synced-last-summer"));
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> newer);
    State end = sync(edge, new Catalog(List.of(employees())), saved);
    assertThat(edge.reads.get(0).lastKnownPosition().position()).isEqualTo("i-know-what-you-synced-last-summer");
    assertThat(sink.states).hasSize(2);
    assertThat(sink.lastState().streams().get("employees").shards().get("-")).isEqualTo(newer);
    assertThat(end).isEqualTo(sink.lastState());
  }

  @Test
  void fullTableStreamIgnoresItsSavedCursor() {
    Stream customers = TestStreams.named("customers").selected().fullTable().key("id", INTEGER, true).build();
    FakeEdgeDatabase edge = FakeEdgeDatabase.echo();
    sync(edge, new Catalog(List.of(customers)), stateAt("customers", "-", "MySQL56/x"));
    assertThat(edge.reads.get(0).lastKnownPosition().position()).isEmpty();
    assertThat(logger.infos.get(0)).isEqualTo("Stream \"customers\" will be synced in full");
  }

  @Test
  void stateOfUnselectedStreamsIsKept() {
    State saved = stateAt("departments", "-", "MySQL56/kept");
    State end = sync(FakeEdgeDatabase.echo(), new Catalog(List.of(employees())), saved);
    assertThat(end.streams()).containsOnlyKeys("departments", "employees");
    assertThat(end.streams().get("departments")).isEqualTo(saved.streams().get("departments"));
  }

  @Test
  void firstStateAlreadyListsEverySelectedStream() {
    Stream customers = TestStreams.named("customers").selected().key("id", INTEGER, true).build();
    sync(FakeEdgeDatabase.echo(), new Catalog(List.of(employees(), customers)), null);
    assertThat(sink.states.get(0).streams()).containsOnlyKeys("employees", "customers");
    assertThat(sink.states).hasSize(3);
  }

  @Test
  void noSelectedStreamIsAConfigurationErrorThatSaysHowToSelect() {
    State saved = stateAt("departments", "-", "MySQL56/kept");
    assertThatThrownBy(() -> sync(FakeEdgeDatabase.echo(), new Catalog(List.of(TestStreams.named("x").build())), saved))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no stream of the catalog is selected")
        .hasMessageContaining("autoSelectTables");
    assertThat(sink.states).isEmpty();
    assertThat(sink.records).isEmpty();
  }

  @Test
  void streamWithoutTableMetadataIsAConfigurationError() {
    Stream broken = TestStreams.named("broken").withoutTableMetadata().column("a", STRING).build();
    assertThatThrownBy(() -> sync(FakeEdgeDatabase.echo(), new Catalog(List.of(broken)), null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"broken\"")
        .hasMessageContaining("table metadata");
  }

  @Test
  void readsGetTabletTypeCellsAndOptions() {
    mysql.tablets.add(new VitessTablet("zone-b", "sync-test", "-", "PRIMARY", "SERVING", "b", "h", ""));
    mysql.tablets.add(new VitessTablet("zone-a", "sync-test", "-", "primary", "SERVING", "c", "h", ""));
    mysql.tablets.add(new VitessTablet("zone-a", "sync-test", "-", "primary", "SERVING", "d", "h", ""));
    mysql.tablets.add(new VitessTablet("zone-x", "other-keyspace", "-", "primary", "SERVING", "e", "h", ""));
    FakeEdgeDatabase edge = FakeEdgeDatabase.echo();
    sync(edge, new Catalog(List.of(employees())), null);
    ReadParams p = edge.reads.get(0);
    assertThat(p.tabletType()).isEqualTo(TabletType.PRIMARY);
    assertThat(p.cells()).containsExactly("zone-a", "zone-b");
    assertThat(p.source()).isEqualTo(source);
    assertThat(p.options()).as("no options: the edge database's own apply").isNull();
  }

  @Test
  void noTabletOfTheTypeIsAnError() {
    assertThatThrownBy(() -> PlanetScaleCdc.sync(mysql, FakeEdgeDatabase.echo(), logger, source,
        new Catalog(List.of(employees())), null, sink, TabletType.BATCH))
        .isInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("unable to find any suitable tablets of type \"RDONLY\"");
  }
}
