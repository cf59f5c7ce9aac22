package io.planetscale.cdc.examples.airbyte;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.examples.cli.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code check}, {@code discover} and {@code read} with a Postgres config on a real server; the subclasses pick
 * the PostgreSQL version.
 */
abstract class PostgresAirbyteSourceTests extends PostgresAirbyteTestBase {

  @Test
  void checkSucceedsWhenTheServerIsReady() {
    sql("CREATE SCHEMA c_ok", "CREATE TABLE c_ok.t (id int PRIMARY KEY)");
    Run r = run("check", "--config", write("ok.json", config("c_ok", "c_ok_slot", "c_ok_pub",
        "create_if_missing", true)));
    assertThat(r.exitCode()).isZero();
    assertThat(r.connectionStatus()).containsEntry("status", "SUCCEEDED");
    assertThat((String) r.connectionStatus().get("message"))
        .contains("PlanetScale Postgres database postgres at host " + postgres.host() + ":" + postgres.port());
  }

  @Test
  void checkReportsAMissingPublicationOrSlotWithWhatToDo() {
    sql("CREATE SCHEMA c_missing", "CREATE TABLE c_missing.t (id int PRIMARY KEY)");
    Run noPublication = run("check", "--config", write("nopub.json", config("c_missing", "c_missing_slot",
        "c_missing_pub")));
    assertThat(noPublication.exitCode()).as("a completed check exits 0 even when it failed").isZero();
    assertThat(noPublication.connectionStatus()).containsEntry("status", "FAILED");
    assertThat((String) noPublication.connectionStatus().get("message"))
        .contains("publication \"c_missing_pub\" does not exist").contains("CREATE PUBLICATION");

    sql("CREATE PUBLICATION c_missing_pub FOR TABLE c_missing.t");
    Run noSlot = run("check", "--config", write("noslot.json", config("c_missing", "c_missing_slot",
        "c_missing_pub")));
    assertThat(noSlot.connectionStatus()).containsEntry("status", "FAILED");
    assertThat((String) noSlot.connectionStatus().get("message"))
        .contains("replication slot \"c_missing_slot\" does not exist")
        .contains("pg_create_logical_replication_slot").contains("create_if_missing");

    sql("SELECT pg_create_logical_replication_slot('c_missing_slot', 'pgoutput')");
    Run ready = run("check", "--config", write("ready.json", config("c_missing", "c_missing_slot",
        "c_missing_pub")));
    assertThat(ready.connectionStatus()).containsEntry("status", "SUCCEEDED");
  }

  @Test
  void discoverListsTheSchemasTablesWithKeysAndIncrementalModes() {
    sql("CREATE SCHEMA d", "CREATE TABLE d.orders (id bigint PRIMARY KEY, total numeric(10,2), note text)",
        "CREATE TABLE d.lines (order_id bigint, line_no int, sku text NOT NULL, PRIMARY KEY (order_id, line_no))",
        "CREATE TABLE d.nokey (x int)", "CREATE SCHEMA d_other", "CREATE TABLE d_other.hidden (id int PRIMARY KEY)");
    Run r = run("discover", "--config", write("d.json", config("d", "d_slot", "d_pub")));
    assertThat(r.exitCode()).as("stderr: %s", r.stderr()).isZero();
    List<Object> streams = Json.array("streams",
        Json.object("catalog", r.ofType("CATALOG").get(0).get("catalog")).get("streams"));
    assertThat(streams).hasSize(3);
    Map<String, Object> lines = Json.object("lines", streams.get(0));
    Map<String, Object> nokey = Json.object("nokey", streams.get(1));
    Map<String, Object> orders = Json.object("orders", streams.get(2));
    assertThat(List.of(lines.get("name"), nokey.get("name"), orders.get("name")))
        .containsExactly("lines", "nokey", "orders");
    for (Map<String, Object> s : List.of(lines, nokey, orders)) {
      assertThat(s).containsEntry("namespace", "d").containsEntry("source_defined_cursor", true)
          .containsEntry("supported_sync_modes", List.of("full_refresh", "incremental"));
    }
    assertThat(orders.get("source_defined_primary_key")).isEqualTo(List.of(List.of("id")));
    assertThat(lines.get("source_defined_primary_key")).isEqualTo(List.of(List.of("order_id"), List.of("line_no")));
    assertThat(nokey.get("source_defined_primary_key")).isEqualTo(List.of());
    Map<String, Object> properties = Json.object("properties",
        Json.object("json_schema", orders.get("json_schema")).get("properties"));
    assertThat(properties).containsOnlyKeys("id", "total", "note", AirbyteCatalogs.UPDATED_AT,
        AirbyteCatalogs.DELETED_AT);
    assertThat(Json.object("id", properties.get("id"))).containsEntry("airbyte_type", "integer");
    assertThat(Json.array("type", Json.object("note", properties.get("note")).get("type")))
        .contains("null", "string");
  }

  @Test
  void readSnapshotsThenContinuesFromTheEmittedState() {
    sql("CREATE SCHEMA r", "CREATE TABLE r.orders (id bigint PRIMARY KEY, total numeric(10,2), note text)",
        "CREATE TABLE r.events (id int PRIMARY KEY, kind text)",
        "INSERT INTO r.orders VALUES (1, 10.50, 'a'), (2, 20.00, 'b'), (3, 30.25, NULL)",
        "INSERT INTO r.events VALUES (1, 'x'), (2, 'y')");
    String config = write("r.json", config("r", "r_slot", "r_pub", "create_if_missing", true));
    String catalog = write("r-catalog.json", catalog("r", "incremental", "orders", "events"));

    Run first = run("read", "--config", config, "--catalog", catalog);
    assertThat(first.exitCode()).as("stderr: %s", first.stderr()).isZero();
    assertThat(changes(first)).containsExactlyInAnyOrder("r:orders 1", "r:orders 2", "r:orders 3", "r:events 1",
        "r:events 2");
    Map<String, Object> order2 = first.records().stream().map(m -> Json.object("data", m.get("data")))
        .filter(d -> Long.valueOf(2).equals(d.get("id"))).filter(d -> d.containsKey("total")).findFirst()
        .orElseThrow();
    assertThat(order2).containsEntry("total", new java.math.BigDecimal("20.00")).containsEntry("note", "b")
        .containsEntry(AirbyteCatalogs.DELETED_AT, null).containsKey(AirbyteCatalogs.UPDATED_AT);
    Map<String, Object> state = first.lastState();
    Map<String, Object> streams = Json.object("streams", state.get("streams"));
    assertThat(streams).containsOnlyKeys("r:orders", "r:events");
    String cursor = (String) Json.object("-", Json.object("shards",
        Json.object("r:orders", streams.get("r:orders")).get("shards")).get("-")).get("cursor");
    assertThat(cursor).isNotBlank();

    sql("INSERT INTO r.orders VALUES (4, 40.00, 'd')", "UPDATE r.orders SET total = 22.00 WHERE id = 2",
        "DELETE FROM r.orders WHERE id = 3", "TRUNCATE r.events", "INSERT INTO r.events VALUES (3, 'z')");
    Run second = run("read", "--config", config, "--catalog", catalog, "--state", write("r-state1.json", state));
    assertThat(second.exitCode()).as("stderr: %s", second.stderr()).isZero();
    assertThat(changes(second)).as("exactly the changes since the state, in commit order")
        .containsExactly("r:orders 4", "r:orders 2", "r:orders 3 deleted", "r:events 3");
    Map<String, Object> update = Json.object("data", second.records().get(1).get("data"));
    assertThat(update).containsEntry("total", new java.math.BigDecimal("22.00")).containsEntry("note", "b");
    assertThat(second.logs("WARN")).anySatisfy(w -> assertThat(w).contains("Stream r:events was truncated")
        .contains("full refresh"));

    Run third = run("read", "--config", config, "--catalog", catalog, "--state",
        write("r-state2.json", second.lastState()));
    assertThat(third.exitCode()).as("stderr: %s", third.stderr()).isZero();
    assertThat(third.records()).as("nothing changed since the second read").isEmpty();
    assertThat(Json.object("streams", third.lastState().get("streams"))).containsOnlyKeys("r:orders", "r:events");
  }

  @Test
  void fullRefreshIgnoresTheStoredCursor() {
    sql("CREATE SCHEMA f", "CREATE TABLE f.t (id int PRIMARY KEY)", "INSERT INTO f.t VALUES (1), (2)");
    String config = write("f.json", config("f", "f_slot", "f_pub", "create_if_missing", true));
    Run first = run("read", "--config", config, "--catalog", write("f-inc.json", catalog("f", "incremental", "t")));
    assertThat(changes(first)).containsExactlyInAnyOrder("f:t 1", "f:t 2");
    sql("INSERT INTO f.t VALUES (3)");
    Run full = run("read", "--config", config, "--catalog", write("f-full.json", catalog("f", "full_refresh", "t")),
        "--state", write("f-state.json", first.lastState()));
    assertThat(full.exitCode()).as("stderr: %s", full.stderr()).isZero();
    assertThat(changes(full)).as("the whole table again").containsExactlyInAnyOrder("f:t 1", "f:t 2", "f:t 3");
    assertThat(full.logs("INFO")).anySatisfy(l -> assertThat(l).contains("f:t").contains("ignoring its stored"));
  }

  @Test
  void aStateBehindTheSlotFailsOrIsSyncedAgainWhenAsked() {
    sql("CREATE SCHEMA s", "CREATE TABLE s.t (id int PRIMARY KEY)", "INSERT INTO s.t VALUES (1)");
    String config = write("s.json", config("s", "s_slot", "s_pub", "create_if_missing", true));
    String catalog = write("s-cat.json", catalog("s", "incremental", "t"));
    Run first = run("read", "--config", config, "--catalog", catalog);
    String oldState = write("s-state1.json", first.lastState());
    sql("INSERT INTO s.t VALUES (2)");
    Run second = run("read", "--config", config, "--catalog", catalog, "--state", oldState);
    assertThat(changes(second)).containsExactly("s:t 2");

    Run behind = run("read", "--config", config, "--catalog", catalog, "--state", oldState);
    assertThat(behind.exitCode()).as("the slot confirmed past the first state").isEqualTo(1);
    assertThat(behind.records()).isEmpty();
    assertThat(behind.stderr()).contains("stream s:t is at pg:").contains("replication slot \"s_slot\"")
        .contains("invalid_cdc_cursor_position_behavior");

    Run resync = run("read", "--config", write("s-resync.json", config("s", "s_slot", "s_pub", "create_if_missing",
        true, "invalid_cdc_cursor_position_behavior", "Re-sync data")), "--catalog", catalog, "--state", oldState);
    assertThat(resync.exitCode()).as("stderr: %s", resync.stderr()).isZero();
    assertThat(changes(resync)).as("snapshotted again").containsExactlyInAnyOrder("s:t 1", "s:t 2");
  }

  @Test
  void unchangedToastedValuesComeFromTheBeforeImageOrAreLeftOut() {
    String big = "(SELECT string_agg(md5(i::text), '') FROM generate_series(1, 400) i)"; // 12,800 characters
    sql("CREATE SCHEMA u", "CREATE TABLE u.full_doc (id int PRIMARY KEY, body text, n int)",
        "ALTER TABLE u.full_doc REPLICA IDENTITY FULL",
        "CREATE TABLE u.key_doc (id int PRIMARY KEY, body text, n int)",
        // Out of line and uncompressed, so that the value is TOASTed and an update that leaves it is sent 'u'.
        "ALTER TABLE u.full_doc ALTER body SET STORAGE EXTERNAL", "ALTER TABLE u.key_doc ALTER body SET STORAGE EXTERNAL",
        "INSERT INTO u.full_doc VALUES (1, " + big + ", 0)", "INSERT INTO u.key_doc VALUES (1, " + big + ", 0)");
    String config = write("u.json", config("u", "u_slot", "u_pub", "create_if_missing", true));
    String catalog = write("u-catalog.json", catalog("u", "incremental", "full_doc", "key_doc"));
    Run first = run("read", "--config", config, "--catalog", catalog);
    assertThat(first.exitCode()).as("stderr: %s", first.stderr()).isZero();
    String body = (String) Json.object("data", first.records().get(0).get("data")).get("body");
    assertThat(body).hasSize(12_800);

    sql("UPDATE u.full_doc SET n = 1", "UPDATE u.key_doc SET n = 1");
    Run second = run("read", "--config", config, "--catalog", catalog, "--state", write("u-state.json",
        first.lastState()));
    assertThat(second.exitCode()).as("stderr: %s", second.stderr()).isZero();
    assertThat(changes(second)).containsExactly("u:full_doc 1", "u:key_doc 1");
    Map<String, Object> full = Json.object("data", second.records().get(0).get("data"));
    assertThat(full).as("REPLICA IDENTITY FULL: the old row has the value").containsEntry("body", body)
        .containsEntry("n", 1L);
    Map<String, Object> keyOnly = Json.object("data", second.records().get(1).get("data"));
    assertThat(keyOnly).as("not sent and not known: left out, never null").doesNotContainKey("body")
        .containsEntry("n", 1L);
    assertThat(second.logs("WARN")).anySatisfy(w -> assertThat(w).contains("u:key_doc").contains("[body]")
        .contains("REPLICA IDENTITY FULL"));
  }

  @Test
  void severalSchemasAreReadThroughThePublication() {
    sql("CREATE SCHEMA m_a", "CREATE SCHEMA m_b", "CREATE TABLE m_a.t (id int PRIMARY KEY)",
        "CREATE TABLE m_b.t (id int PRIMARY KEY)", "CREATE TABLE m_b.unpublished (id int PRIMARY KEY)",
        "INSERT INTO m_a.t VALUES (1)", "INSERT INTO m_b.t VALUES (2)",
        "CREATE PUBLICATION m_pub FOR TABLE m_a.t, m_b.t");
    Map<String, Object> c = config("m_a", "m_slot", "m_pub", "create_if_missing", true);
    c.put("schemas", List.of("m_a", "m_b"));
    String config = write("m.json", c);
    Run discover = run("discover", "--config", config);
    assertThat(discover.exitCode()).as("stderr: %s", discover.stderr()).isZero();
    List<Object> streams = Json.array("streams",
        Json.object("catalog", discover.ofType("CATALOG").get(0).get("catalog")).get("streams"));
    assertThat(streams).extracting(s -> Json.object("s", s).get("namespace") + "." + Json.object("s", s).get("name"))
        .containsExactly("m_a.t", "m_b.t");

    Map<String, Object> configured = catalog("m_a", "incremental", "t");
    @SuppressWarnings("unchecked")
    List<Object> entries = (List<Object>) configured.get("streams");
    entries.add(Json.object("b", Json.array("x", catalog("m_b", "incremental", "t").get("streams")).get(0)));
    String catalog = write("m-catalog.json", configured);
    Run first = run("read", "--config", config, "--catalog", catalog);
    assertThat(first.exitCode()).as("stderr: %s", first.stderr()).isZero();
    assertThat(changes(first)).containsExactlyInAnyOrder("m_a:t 1", "m_b:t 2");
    sql("INSERT INTO m_b.t VALUES (3)", "INSERT INTO m_a.t VALUES (4)");
    Run second = run("read", "--config", config, "--catalog", catalog, "--state", write("m-state.json",
        first.lastState()));
    assertThat(changes(second)).containsExactly("m_b:t 3", "m_a:t 4");
    assertThat(Json.object("streams", second.lastState().get("streams"))).containsOnlyKeys("m_a:t", "m_b:t");
  }

  @Test
  void aVitessCursorInTheStateIsAConfigErrorNamingTheStream() {
    sql("CREATE SCHEMA v", "CREATE TABLE v.t (id int PRIMARY KEY)");
    String config = write("v.json", config("v", "v_slot", "v_pub", "create_if_missing", true));
    Run first = run("read", "--config", config, "--catalog", write("v-cat.json", catalog("v", "incremental", "t")));
    Map<String, Object> state = first.lastState();
    String cursor = (String) Json.object("-", Json.object("shards", Json.object("v:t",
        Json.object("streams", state.get("streams")).get("v:t")).get("shards")).get("-")).get("cursor");
    String vitess = SerializedCursor.of(new SerializedCursor(cursor).toTableCursor("t", "-")
        .withPosition("MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5")).cursor();
    Map<String, Object> bad = Map.of("streams", Map.of("v:t", Map.of("shards", Map.of("-", Map.of("cursor",
        vitess)))));
    Run r = run("read", "--config", config, "--catalog", write("v-cat2.json", catalog("v", "incremental", "t")),
        "--state", write("v-bad.json", bad));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.records()).isEmpty();
    assertThat(r.stderr()).contains("the state of stream \"t\"").contains("Vitess");
    Map<String, Object> trace = Json.object("trace", r.ofType("TRACE").get(0).get("trace"));
    assertThat(Json.object("error", trace.get("error"))).containsEntry("failure_type", "config_error");
  }
}
