package io.planetscale.cdc.examples.singer;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Metadata;
import io.planetscale.cdc.MetadataCollection;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.examples.CliProcess;
import io.planetscale.cdc.testkit.RecordedRequest;
import io.planetscale.cdc.testkit.RecordedVStreamRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Singer syncs against a FakePlanetScale with two shards, in the tap's own JVM. */
class SingerTapSyncTest {
  @TempDir
  Path dir;

  private TapFixture env;

  @BeforeEach
  void start() {
    env = new TapFixture(dir);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  /** A catalog of the customers table alone, everything selected. */
  private Path customersCatalog(String... flags) {
    List<String> args = new ArrayList<>(List.of("--auto-select", "--excluded-tables", "customer,orders"));
    args.addAll(List.of(flags));
    return env.discover(args.toArray(String[]::new));
  }

  private static List<Object> ids(Messages m) {
    return m.data().stream().map(r -> r.get("id")).toList();
  }

  @Test
  void fullSyncThenIncrementalWithTheLastStateEmitsOnlyTheChanges() throws IOException {
    for (long id = 1; id <= 4; id++) {
      env.insertCustomer(id, "customer " + id, id % 2 == 0);
    }
    Path catalog = customersCatalog();
    Path saved = dir.resolve("state-1.json");

    CliProcess.Result first = env.tap("--config", env.config.toString(), "--catalog", catalog.toString(),
        "--state-output", saved.toString());

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    Messages full = Messages.parse(first.stdout());
    assertThat(full.all().get(0)).containsEntry("type", "SCHEMA").containsEntry("stream", "customers");
    assertThat(full.all().get(full.all().size() - 1)).containsEntry("type", "STATE");
    assertThat(full.schemas()).hasSize(1);
    assertThat(full.states()).as("one per shard and a final one").hasSize(3);
    assertThat(ids(full)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    assertThat(full.data()).contains(Map.of("id", 2L, "name", "customer 2", "active", 1L));
    assertThat(Json.object(Files.readString(saved))).as("--state-output holds the final state")
        .isEqualTo(full.lastState());
    assertThat(first.stderr()).contains("PlanetScale Tap : INFO : Stream \"customers\" will be synced incrementally");

    env.fake.update("customers", 2L, Map.of("name", "renamed"));
    env.fake.delete("customers", 3L);
    env.insertCustomer(5, "customer 5", true);
    Path wrapped = env.write("state-wrapped.json", full.lastStateLine());

    Messages changes = env.sync("--config", env.config.toString(), "--catalog", catalog.toString(),
        "--state", wrapped.toString(), "--state-output", dir.resolve("state-2.json").toString());

    assertThat(changes.records()).hasSize(3);
    assertThat(changes.data()).contains(Map.of("id", 2L, "name", "renamed", "active", 1L));
    assertThat(changes.data()).contains(Map.of("id", 5L, "name", "customer 5", "active", 1L));
    Map<String, Object> deleteMessage = changes.records().stream()
        .filter(r -> Json.map(r.get("record")).get("id").equals(3L)).findFirst().orElseThrow();
    Map<String, Object> deleted = Json.map(deleteMessage.get("record"));
    assertThat(deleted).containsEntry("id", 3L)
        .containsEntry(SingerMessages.DELETED_AT, deleteMessage.get("time_extracted"));
    assertThat(deleted.keySet()).isSubsetOf("id", "name", "active", SingerMessages.DELETED_AT);
    assertThat(changes.states()).hasSize(3);

    Messages none = env.sync("--config", env.config.toString(), "--catalog", catalog.toString(),
        "--state", dir.resolve("state-2.json").toString());

    assertThat(none.records()).as("nothing changed").isEmpty();
    assertThat(none.schemas()).hasSize(1);
    assertThat(none.states()).hasSize(3);
    assertThat(none.lastState()).isEqualTo(changes.lastState());
  }

  /** A config naming {@code "transport": "psdbconnect"} discovers and syncs over psdbconnect's Sync. */
  @Test
  void discoversAndSyncsWithThePsdbconnectTransportTheConfigNames() {
    env.insertCustomer(1, "ann", true);
    env.insertCustomer(2, "bob", false);
    Path config = env.write("config-psdbconnect.json", env.config(",\"transport\":\"psdbconnect\""));
    CliProcess.Result discover = env.tap("--discover", "--config", config.toString(), "--auto-select",
        "--excluded-tables", "customer,orders");
    assertThat(discover.exitCode()).as(discover.stderr()).isZero();
    Path catalog = env.write("catalog-psdbconnect.json", discover.stdout());

    Messages m = env.sync("--config", config.toString(), "--catalog", catalog.toString());

    assertThat(m.data()).extracting(d -> d.get("id")).containsExactlyInAnyOrder(1L, 2L);
    assertThat(m.states()).isNotEmpty();
    assertThat(env.fake.requests()).as("psdbconnect Sync requests").isNotEmpty()
        .allSatisfy(r -> assertThat(r.tableName()).isEqualTo("customers"));
  }

  @Test
  void recordsOfAShardAreWrittenBeforeTheStateThatCoversThem() {
    for (long id = 1; id <= 12; id++) {
      env.insertCustomer(id, "c" + id, false);
    }
    Path catalog = customersCatalog();

    Messages m = env.sync("--config", env.config.toString(), "--catalog", catalog.toString());

    List<String> shardOrder = List.of("-80", "80-");
    int statesSeen = 0;
    Set<String> shardsSeen = new HashSet<>();
    for (Map<String, Object> line : m.all()) {
      if ("STATE".equals(line.get("type"))) {
        statesSeen++;
      } else if ("RECORD".equals(line.get("type"))) {
        String shard = env.fake.shardOf("customers", Json.map(line.get("record")).get("id"));
        shardsSeen.add(shard);
        assertThat(statesSeen).as("records of shard %s come before its STATE", shard)
            .isEqualTo(shardOrder.indexOf(shard));
      }
    }
    assertThat(shardsSeen).as("the rows span both shards").containsExactlyInAnyOrderElementsOf(shardOrder);
    Map<String, Object> bookmarks = Json.map(m.lastState().get("bookmarks"));
    assertThat(Json.map(Json.map(bookmarks.get("customers")).get("shards"))).containsOnlyKeys("-80", "80-");
  }

  @Test
  void schemaAndRecordsCarryOnlyTheSelectedColumnsAndUtcTimes() throws IOException {
    env.insertCustomer(1, "ann", true);
    Catalog discovered = Catalog.fromJson(Files.readString(customersCatalog()));
    Stream s = discovered.streams().get(0);
    List<Metadata> metadata = new ArrayList<>();
    for (Metadata m : s.metadata().entries()) {
      boolean name = m.breadcrumb().equals(List.of("properties", "name"));
      metadata.add(name ? new Metadata(m.metadata().withSelected(false)) : m);
    }
    Stream withoutName = new Stream(s.type(), s.name(), s.id(), s.schema(), s.tableName(),
        new MetadataCollection(metadata), s.keyProperties(), s.cursorProperties());
    Path catalog = env.write("catalog-no-name.json", new Catalog(List.of(withoutName)).toJson());

    Messages m = env.sync("--config", env.config.toString(), "--catalog", catalog.toString());

    Map<String, Object> schema = m.schemas().get(0);
    assertThat(schema).containsEntry("tap_stream_id", "shop:customers").containsEntry("key_properties", List.of("id"));
    Map<String, Object> properties = Json.map(Json.map(schema.get("schema")).get("properties"));
    assertThat(properties).containsOnlyKeys("id", "active", SingerMessages.DELETED_AT);
    assertThat(properties.get(SingerMessages.DELETED_AT))
        .isEqualTo(Map.of("type", List.of("null", "string"), "format", "date-time"));
    assertThat(m.data()).containsExactly(Map.of("id", 1L, "active", 1L));
    String extracted = (String) m.records().get(0).get("time_extracted");
    assertThat(extracted).endsWith("Z");
    assertThat(Instant.parse(extracted)).isBetween(Instant.now().minusSeconds(300), Instant.now());
    for (RecordedRequest r : env.fake.requests()) {
      assertThat(r.columns()).doesNotContain("name");
    }
  }

  @Test
  void everySelectedStreamGetsItsSchemaThenRecordsInCatalogOrder() {
    env.insertCustomer(1, "ann", true);
    env.fake.insert("customer", Map.of("id", 7L));
    env.fake.insert("orders", Map.of("id", 9L, "total", "12.50"));
    Path catalog = env.discover("--auto-select");

    Messages m = env.sync("--config", env.config.toString(), "--catalog", catalog.toString());

    List<String> order = new ArrayList<>();
    for (Map<String, Object> line : m.all()) {
      if (!"STATE".equals(line.get("type"))) {
        order.add(line.get("type") + " " + line.get("stream"));
      }
    }
    assertThat(order).containsExactly("SCHEMA customers", "RECORD customers", "SCHEMA customer", "RECORD customer",
        "SCHEMA orders", "RECORD orders");
    assertThat(m.states()).as("3 streams x 2 shards + 1").hasSize(7);
    assertThat(m.data()).contains(Map.of("id", 9L, "total", new java.math.BigDecimal("12.50")));
  }

  @Test
  void aFullTableStreamIgnoresTheSavedStateAndCopiesEverythingAgain() {
    env.insertCustomer(1, "ann", true);
    env.insertCustomer(2, "bob", false);
    Path catalog = customersCatalog("--incremental=false");
    Messages first = env.sync("--config", env.config.toString(), "--catalog", catalog.toString());
    Path state = env.write("state.json", first.lastStateLine());

    Messages second = env.sync("--config", env.config.toString(), "--catalog", catalog.toString(),
        "--state", state.toString());

    assertThat(ids(second)).containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void startingGtidsInTheConfigSkipTheCopyAndStartThere() {
    env.insertCustomer(1, "ann", true);
    env.insertCustomer(2, "bob", false);
    String gtids = ",\"starting_gtids\":{\"shop\":{\"-80\":\"" + env.fake.position("-80") + "\",\"80-\":\""
        + env.fake.position("80-") + "\"}}";
    Path config = env.write("config-gtids.json", env.config(gtids));
    env.insertCustomer(3, "cy", true);
    env.fake.update("customers", 1L, Map.of("name", "ann 2"));
    Path catalog = customersCatalog();

    Messages m = env.sync("--config", config.toString(), "--catalog", catalog.toString());

    assertThat(m.data()).containsExactlyInAnyOrder(Map.of("id", 3L, "name", "cy", "active", 1L),
        Map.of("id", 1L, "name", "ann 2", "active", 1L));
  }

  @Test
  void useReplicaAndUseRdonlyChooseTheTabletType() {
    env.insertCustomer(1, "ann", true);
    Path catalog = customersCatalog();

    env.sync("--config", env.config.toString(), "--catalog", catalog.toString(), "--use-replica");
    List<RecordedVStreamRequest> replica = env.fake.vstreamRequests();
    env.sync("--config", env.config.toString(), "--catalog", catalog.toString(), "--use-rdonly");
    List<RecordedVStreamRequest> all = env.fake.vstreamRequests();

    // VStream (the default transport) names tablet types with Vitess's numbers: REPLICA 2, RDONLY 3.
    assertThat(replica).isNotEmpty().allSatisfy(r -> assertThat(r.tabletType()).isEqualTo(2));
    assertThat(all.subList(replica.size(), all.size())).isNotEmpty()
        .allSatisfy(r -> assertThat(r.tabletType()).isEqualTo(3));
  }
}
