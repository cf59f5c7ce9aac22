package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.examples.cli.Json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code spec}, {@code check} and {@code discover}, each run as a process. */
class AirbyteCommandsTest extends AirbyteTestBase {

  @Test
  void specPrintsOneSpecMessageWithTheConfigKeys() {
    Run r = run("spec");
    assertThat(r.exitCode()).isZero();
    assertThat(r.messages()).hasSize(1);
    Map<String, Object> spec = Json.object("spec", r.messages().get(0).get("spec"));
    Map<String, Object> connection = Json.object("cs", spec.get("connectionSpecification"));
    assertThat(connection.get("required")).isEqualTo(List.of("host", "database", "username", "password"));
    Map<String, Object> properties = Json.object("properties", connection.get("properties"));
    assertThat(properties).containsKeys("host", "database", "username", "password", "use_replica", "use_rdonly",
        "shards", "starting_gtids", "max_retries", "timeout_seconds", "use_gtid_with_table_pks", "options",
        "plaintext", "port", "trusted_certificates_pem", "transport", "binlog_row_image");
    Map<String, Object> rowImage = Json.object("binlog_row_image", properties.get("binlog_row_image"));
    assertThat(rowImage).containsEntry("type", "string").containsEntry("enum", List.of("full", "noblob", "minimal"))
        .containsEntry("default", "full");
    assertThat((String) rowImage.get("description")).contains("absent").contains("vstream");
    Map<String, Object> transport = Json.object("transport", properties.get("transport"));
    assertThat(transport).containsEntry("type", "string").containsEntry("enum", List.of("vstream", "psdbconnect"))
        .as("no default: leaving it out means the SDK client's default").doesNotContainKey("default");
    assertThat((String) transport.get("description")).contains("vstream").contains("psdbconnect")
        .contains("default");
    assertThat(Json.object("password", properties.get("password"))).containsEntry("airbyte_secret", true);
    assertThat((String) Json.object("plaintext", properties.get("plaintext")).get("description"))
        .contains("testing or self-hosted");
  }

  @Test
  void checkSucceedsWithGoodCredentials() {
    Run r = run("check", "--config", write("config.json", config()));
    assertThat(r.exitCode()).isZero();
    Map<String, Object> status = connectionStatus(r);
    assertThat(status).containsEntry("status", "SUCCEEDED");
    assertThat((String) status.get("message")).contains("database shop at host " + fake.host())
        .contains("username shop-user");
  }

  @Test
  void checkReportsFailedWithAWrongPasswordAndNeverPrintsIt() {
    Run r = run("check", "--config", write("config.json", config("password", "wrong-password-123")));
    assertThat(r.exitCode()).as("a completed check exits 0 even when it failed").isZero();
    Map<String, Object> status = connectionStatus(r);
    assertThat(status).containsEntry("status", "FAILED");
    assertThat((String) status.get("message")).contains("Unable to connect to PlanetScale database shop");
    assertThat(r.stdout() + r.stderr()).doesNotContain("wrong-password-123").doesNotContain(PASSWORD);
  }

  @Test
  void checkWithoutConfigExitsOneWithFailedStatusAndAClearMessage() {
    Run r = run("check");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("--config");
    assertThat(connectionStatus(r)).containsEntry("status", "FAILED");
  }

  @Test
  void discoverPrintsTheCatalogInAirbytesShape() {
    fake.createTable(io.planetscale.cdc.testkit.TableSpec.builder("lines").column("order_id", "bigint")
        .column("line_no", "int").column("created", "datetime").column("paid", "tinyint(1)")
        .primaryKey("order_id", "line_no").build());
    Run r = run("discover", "--config", write("config.json", config()));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    List<Map<String, Object>> catalogs = r.ofType("CATALOG");
    assertThat(catalogs).hasSize(1);
    List<Object> streams = Json.array("streams", Json.object("catalog", catalogs.get(0).get("catalog")).get("streams"));
    assertThat(streams).hasSize(2);
    Map<String, Object> orders = streams.stream().map(s -> Json.object("s", s))
        .filter(s -> "orders".equals(s.get("name"))).findFirst().orElseThrow();
    assertThat(orders).containsEntry("namespace", KEYSPACE)
        .containsEntry("supported_sync_modes", List.of("full_refresh", "incremental"))
        .containsEntry("source_defined_primary_key", List.of(List.of("id")))
        .containsEntry("source_defined_cursor", true)
        .containsEntry("default_cursor_field", List.of("id"));
    Map<String, Object> schema = Json.object("json_schema", orders.get("json_schema"));
    assertThat(schema).containsEntry("type", "object");
    Map<String, Object> props = Json.object("properties", schema.get("properties"));
    assertThat(props.keySet()).containsExactly("id", "total", "note", "_ab_cdc_updated_at", "_ab_cdc_deleted_at");
    assertThat(Json.object("id", props.get("id"))).containsEntry("type", List.of("integer"));
    assertThat(Json.object("total", props.get("total"))).containsEntry("type", List.of("null", "number"));
    assertThat(Json.object("deleted", props.get("_ab_cdc_deleted_at"))).containsEntry("format", "date-time");

    Map<String, Object> lines = streams.stream().map(s -> Json.object("s", s))
        .filter(s -> "lines".equals(s.get("name"))).findFirst().orElseThrow();
    assertThat(lines).containsEntry("source_defined_primary_key", List.of(List.of("order_id"), List.of("line_no")))
        .containsEntry("default_cursor_field", List.of("line_no"));
    Map<String, Object> lineProps = Json.object("p", Json.object("js", lines.get("json_schema")).get("properties"));
    assertThat(Json.object("created", lineProps.get("created"))).containsEntry("format", "date-time");
    assertThat(Json.object("paid", lineProps.get("paid"))).containsEntry("type", List.of("null", "boolean"));
  }

  @Test
  void discoverWithAWrongPasswordLogsAnErrorAndExitsOne() {
    Run r = run("discover", "--config", write("config.json", config("password", "not-the-password")));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.ofType("CATALOG")).isEmpty();
    assertThat(r.logs("ERROR")).singleElement().asString().contains("Unable to discover database, failed with [");
    assertThat(r.ofType("TRACE")).hasSize(1);
    assertThat(r.stderr()).contains("Unable to discover database");
  }

  @Test
  void anUnknownCommandExitsOneWithOnlyProtocolMessagesOnStdout() {
    Run r = run("sync", "--config", "x.json");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.logs("ERROR")).singleElement().asString().contains("unknown command \"sync\"").contains("usage:");
    assertThat(r.stderr()).contains("unknown command");
  }

  private static Map<String, Object> connectionStatus(Run r) {
    List<Map<String, Object>> statuses = r.ofType("CONNECTION_STATUS");
    assertThat(statuses).as("stdout: %s stderr: %s", r.stdout(), r.stderr()).hasSize(1);
    return Json.object("connectionStatus", statuses.get(0).get("connectionStatus"));
  }
}
