package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.examples.cli.Json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code read}: full then incremental, starting GTIDs, state precedence, full refresh. */
class AirbyteReadTest extends AirbyteTestBase {

  @Test
  void readsEverythingThenOnlyTheChangesThenNothing() {
    for (long id = 1; id <= 6; id++) {
      fake.insert("orders", order(id, id + ".00"));
    }
    String config = write("config.json", config());
    String catalog = write("catalog.json", catalog("incremental"));

    Run first = run("read", "--config", config, "--catalog", catalog);
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(ids(first)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
    for (Map<String, Object> record : first.records()) {
      assertThat(record).containsEntry("stream", "orders").containsEntry("namespace", KEYSPACE);
      assertThat(record.get("emitted_at")).isInstanceOf(Long.class);
    }
    Map<String, Object> one = first.data().stream().filter(d -> d.get("id").equals(1L)).findFirst().orElseThrow();
    assertThat(one).containsEntry("total", new java.math.BigDecimal("1.00")).containsEntry("note", null)
        .containsEntry("_ab_cdc_deleted_at", null);
    assertThat(one.get("_ab_cdc_updated_at")).isInstanceOf(String.class);
    // A STATE after every shard and one at the end, each in the Go airbyte-source shape.
    assertThat(first.ofType("STATE")).hasSizeGreaterThanOrEqualTo(3);
    Map<String, Object> state = first.lastState();
    Map<String, Object> shards = shards(state, "shop:orders");
    assertThat(shards.keySet()).containsExactly("-80", "80-");
    assertThat(Json.object("c", shards.get("-80")).get("cursor")).isInstanceOf(String.class);

    fake.insert("orders", order(7, "7.00"));
    fake.update("orders", 2L, Map.of("total", new java.math.BigDecimal("20.50"), "note", "changed"));
    fake.delete("orders", 3L);
    Run second = run("read", "--config", config, "--catalog", catalog, "--state", stateFile("state1.json", state));
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(ids(second)).containsExactlyInAnyOrder(7L, 2L, 3L);
    Map<String, Object> updated = byId(second, 2L);
    assertThat(updated).containsEntry("total", new java.math.BigDecimal("20.50")).containsEntry("note", "changed")
        .containsEntry("_ab_cdc_deleted_at", null);
    Map<String, Object> deleted = byId(second, 3L);
    assertThat(deleted).as("a delete carries at least the primary key").containsEntry("id", 3L);
    assertThat(deleted.get("_ab_cdc_deleted_at")).isInstanceOf(String.class).isEqualTo(deleted.get("_ab_cdc_updated_at"));
    assertThat(byId(second, 7L)).containsEntry("_ab_cdc_deleted_at", null);

    Run third = run("read", "--config", config, "--catalog", catalog, "--state",
        stateFile("state2.json", second.lastState()));
    assertThat(third.exitCode()).as(third.stderr()).isZero();
    assertThat(third.records()).isEmpty();
    assertThat(shards(third.lastState(), "shop:orders")).isEqualTo(shards(second.lastState(), "shop:orders"));
  }

  /** A config naming {@code "transport": "psdbconnect"} checks, discovers and reads over psdbconnect's Sync. */
  @Test
  void checksDiscoversAndReadsWithThePsdbconnectTransportTheConfigNames() {
    fake.insert("orders", order(1, "1.00"));
    fake.insert("orders", order(2, "2.00"));
    String config = write("config.json", config("transport", "psdbconnect"));

    Run check = run("check", "--config", config);
    assertThat(check.exitCode()).as(check.stderr()).isZero();
    assertThat(check.stdout()).contains("\"status\":\"SUCCEEDED\"");
    Run discover = run("discover", "--config", config);
    assertThat(discover.exitCode()).as(discover.stderr()).isZero();
    assertThat(discover.ofType("CATALOG")).hasSize(1);
    Run read = run("read", "--config", config, "--catalog", write("catalog.json", catalog("incremental")));

    assertThat(read.exitCode()).as(read.stderr()).isZero();
    assertThat(ids(read)).containsExactlyInAnyOrder(1L, 2L);
    assertThat(shards(read.lastState(), "shop:orders").keySet()).containsExactly("-80", "80-");
    // check's probe is a Sync without a table; read's are Syncs of orders
    assertThat(fake.requests()).as("psdbconnect Sync requests").extracting(r -> r.tableName())
        .containsOnly("", "orders").contains("", "orders");
  }

  @Test
  void startingGtidsSkipEverythingBeforeThem() {
    fake.insert("orders", order(1, "1.00"));
    fake.insert("orders", order(2, "2.00"));
    fake.insert("orders", order(3, "3.00"));
    String gtids = startingGtidsNow();
    fake.insert("orders", order(4, "4.00"));
    fake.update("orders", 1L, Map.of("note", "later"));

    Run r = run("read", "--config", write("config.json", config("starting_gtids", gtids)),
        "--catalog", write("catalog.json", catalog("incremental")));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(ids(r)).containsExactlyInAnyOrder(4L, 1L);
    assertThat(byId(r, 1L)).containsEntry("note", "later");
  }

  @Test
  void aStoredCursorWinsOverStartingGtidsForIncrementalStreams() {
    fake.insert("orders", order(1, "1.00"));
    String catalog = write("catalog.json", catalog("incremental"));
    Run first = run("read", "--config", write("config.json", config()), "--catalog", catalog);
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    String state = stateFile("state.json", first.lastState());

    fake.insert("orders", order(2, "2.00"));
    String gtids = startingGtidsNow();
    fake.insert("orders", order(3, "3.00"));
    Run r = run("read", "--config", write("config2.json", config("starting_gtids", gtids)), "--catalog", catalog,
        "--state", state);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(ids(r)).as("the state's position, not starting_gtids, decides").containsExactlyInAnyOrder(2L, 3L);
  }

  @Test
  void fullRefreshIgnoresTheStoredState() {
    fake.insert("orders", order(1, "1.00"));
    fake.insert("orders", order(2, "2.00"));
    String config = write("config.json", config());
    Run first = run("read", "--config", config, "--catalog", write("inc.json", catalog("incremental")));
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    fake.insert("orders", order(3, "3.00"));

    Run r = run("read", "--config", config, "--catalog", write("full.json", catalog("full_refresh")),
        "--state", stateFile("state.json", first.lastState()));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(ids(r)).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(r.logs("INFO")).anyMatch(m -> m.contains("full_refresh; ignoring its stored cursor"));
  }

  @Test
  void readsTheCatalogThatDiscoverPrintedWithOnlyItsSelectedColumns() {
    fake.insert("orders", Map.of("id", 1L, "total", new java.math.BigDecimal("1.00"), "note", "hello"));
    String config = write("config.json", config());
    Run discovered = run("discover", "--config", config);
    Map<String, Object> stream = Json.object("s", Json.array("streams",
        Json.object("c", discovered.ofType("CATALOG").get(0).get("catalog")).get("streams")).get(0));
    // The user deselects "note" in Airbyte: the configured json_schema no longer lists it.
    Json.object("p", Json.object("js", stream.get("json_schema")).get("properties")).remove("note");
    String catalog = write("catalog.json", Messages.map("streams",
        List.of(Messages.map("stream", stream, "sync_mode", "incremental", "destination_sync_mode", "append"))));

    Run r = run("read", "--config", config, "--catalog", catalog);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.data()).singleElement().satisfies(d -> assertThat(d.keySet())
        .containsExactly("id", "total", "_ab_cdc_updated_at", "_ab_cdc_deleted_at"));
  }

  @Test
  void keepsStateEntriesOfOtherStreamsAndAcceptsTheStateMessageWrapper() {
    fake.insert("orders", order(1, "1.00"));
    String catalog = write("catalog.json", catalog("incremental"));
    Run first = run("read", "--config", write("config.json", config()), "--catalog", catalog);
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    Map<String, Object> data = first.lastState();
    Map<String, Object> streams = Json.object("streams", data.get("streams"));
    streams.put("other:table", streams.get("shop:orders"));
    String wrapped = write("state.json", Messages.map("type", "STATE", "state", Messages.map("data", data)));

    Run r = run("read", "--config", write("config.json", config()), "--catalog", catalog, "--state", wrapped);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.records()).isEmpty();
    assertThat(Json.object("streams", r.lastState().get("streams"))).containsKeys("shop:orders", "other:table");
  }

  private String startingGtidsNow() {
    Map<String, Object> byShard = Messages.map("-80", fake.position("-80"), "80-", fake.position("80-"));
    return Json.write(Messages.map(KEYSPACE, byShard));
  }

  private static Map<String, Object> shards(Map<String, Object> stateData, String key) {
    Map<String, Object> streams = Json.object("streams", stateData.get("streams"));
    return Json.object("shards", Json.object(key, streams.get(key)).get("shards"));
  }

  private static Map<String, Object> byId(Run r, long id) {
    return r.data().stream().filter(d -> d.get("id").equals(id)).findFirst().orElseThrow();
  }
}
