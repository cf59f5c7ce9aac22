package io.planetscale.cdc.examples.airbyte;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.examples.cli.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code spec} documents the Postgres config next to the Vitess one. */
class PostgresSpecTest {

  @Test
  void specAdvertisesThePostgresKeys() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = AirbyteSource.run(new String[] {"spec"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(1);
    Map<String, Object> message = Json.object("message", Json.parse("spec", lines[0]));
    Map<String, Object> spec = Json.object("spec", message.get("spec"));
    Map<String, Object> connection = Json.object("cs", spec.get("connectionSpecification"));
    assertThat(connection.get("required")).as("the Vitess config keeps its required keys")
        .isEqualTo(List.of("host", "database", "username", "password"));
    Map<String, Object> properties = Json.object("properties", connection.get("properties"));

    Map<String, Object> type = Json.object("source_type", properties.get("source_type"));
    assertThat(type).containsEntry("enum", List.of("postgres"));
    assertThat((String) type.get("description")).contains("leave it out for PlanetScale (Vitess)");

    Map<String, Object> schemas = Json.object("schemas", properties.get("schemas"));
    assertThat(schemas).containsEntry("type", "array").containsEntry("default", List.of("public"));

    Map<String, Object> ssl = Json.object("ssl_mode", properties.get("ssl_mode"));
    assertThat(ssl).containsEntry("default", Map.of("mode", "verify-full"));
    Map<String, Object> sslProperties = Json.object("ssl_mode.properties", ssl.get("properties"));
    assertThat(Json.object("mode", sslProperties.get("mode")))
        .containsEntry("enum", List.of("verify-full", "disable"));
    assertThat(sslProperties).containsKey("ca_certificate");

    Map<String, Object> method = Json.object("replication_method", properties.get("replication_method"));
    assertThat(method).containsEntry("required", List.of("method", "replication_slot", "publication"));
    Map<String, Object> methodProperties = Json.object("replication_method.properties", method.get("properties"));
    assertThat(methodProperties).containsKeys("method", "replication_slot", "publication", "plugin",
        "create_if_missing", "failover_slot", "invalid_cdc_cursor_position_behavior");
    assertThat(Json.object("failover_slot", methodProperties.get("failover_slot"))).containsEntry("default", true);
    assertThat(Json.object("create_if_missing", methodProperties.get("create_if_missing")))
        .containsEntry("default", false);
    assertThat((String) Json.object("port", properties.get("port")).get("description")).contains("5432");
  }
}
