package io.planetscale.cdc.examples.singer;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.examples.CliProcess;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code singer-tap --discover} against a FakePlanetScale, in its own JVM. */
class SingerTapDiscoverTest {
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

  private Map<String, Map<String, Object>> discover(String... flags) {
    String[] args = new String[flags.length + 3];
    args[0] = "--discover";
    args[1] = "--config";
    args[2] = env.config.toString();
    System.arraycopy(flags, 0, args, 3, flags.length);
    CliProcess.Result r = env.tap(args);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.lines()).as("one catalog line").hasSize(1);
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    for (Object s : Json.list(Json.object(r.stdout()).get("streams"))) {
      byName.put((String) Json.map(s).get("stream"), Json.map(s));
    }
    return byName;
  }

  private static Map<String, Object> tableMetadata(Map<String, Object> stream) {
    for (Object m : Json.list(stream.get("metadata"))) {
      Map<String, Object> node = Json.map(Json.map(m).get("metadata"));
      if (Json.list(node.get("breadcrumb")).isEmpty()) {
        return node;
      }
    }
    throw new AssertionError("no table metadata in " + stream);
  }

  private static Object propertyType(Map<String, Object> stream, String column) {
    return Json.map(Json.map(Json.map(stream.get("schema")).get("properties")).get(column)).get("type");
  }

  @Test
  void printsTheCatalogInSingerTapShapeWithIncrementalOnAndNothingSelected() {
    Map<String, Map<String, Object>> streams = discover();

    assertThat(streams).containsOnlyKeys("customers", "customer", "orders");
    Map<String, Object> customers = streams.get("customers");
    assertThat(customers).containsEntry("type", "").containsEntry("tap_stream_id", "shop:customers")
        .containsEntry("table-name", "customers").containsEntry("key_properties", List.of("id"))
        .containsEntry("bookmark_properties", List.of("id"));
    Map<String, Object> schema = Json.map(customers.get("schema"));
    assertThat(schema).containsEntry("type", List.of("null", "object")).containsEntry("additionalProperties", false);
    assertThat(Json.map(schema.get("properties"))).containsOnlyKeys("id", "name", "active");
    assertThat(propertyType(customers, "name")).isEqualTo(List.of("null", "string"));
    assertThat(propertyType(customers, "active")).as("tinyint(1) is an integer by default")
        .isEqualTo(List.of("null", "integer"));
    assertThat(tableMetadata(customers)).containsEntry("selected", false)
        .containsEntry("replication-method", "INCREMENTAL").containsEntry("inclusion", "available")
        .containsEntry("table-key-properties", List.of("id"));
    // Column entries: the key is automatic, the breadcrumb inside "metadata" (singer-tap's shape).
    assertThat(Json.list(customers.get("metadata"))).contains(Map.of("metadata",
        Map.of("selected", false, "inclusion", "automatic", "breadcrumb", List.of("properties", "id"))));
  }

  @Test
  void autoSelectMarksEveryTableAndColumnSelected() {
    Map<String, Object> customers = discover("--auto-select").get("customers");

    for (Object m : Json.list(customers.get("metadata"))) {
      assertThat(Json.map(Json.map(m).get("metadata"))).containsEntry("selected", true);
    }
  }

  @Test
  void excludedTablesAreExactTrimmedNamesNotSubstrings() {
    // Go's substring check would also drop "customer" (it is inside "customers").
    assertThat(discover("--excluded-tables", " customers , orders ,").keySet()).containsExactly("customer");
  }

  @Test
  void tinyintAsBooleanDescribesTinyint1AsBoolean() {
    Map<String, Object> customers = discover("--tinyint-as-boolean").get("customers");

    assertThat(propertyType(customers, "active")).isEqualTo(List.of("null", "boolean"));
    assertThat(propertyType(customers, "name")).isEqualTo(List.of("null", "string"));
  }

  @Test
  void incrementalFalseLeavesOutTheReplicationMethod() {
    Map<String, Object> customers = discover("--incremental=false").get("customers");

    assertThat(tableMetadata(customers)).doesNotContainKey("replication-method");
  }
}
