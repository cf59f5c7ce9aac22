package io.planetscale.cdc.examples.airbyte;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code check} on a PostgreSQL 18 server without logical replication says what to change. */
class PostgresAirbyteWalLevelTest extends PostgresAirbyteTestBase {
  @Override
  String binariesProperty() {
    return "postgres18.binaries";
  }

  @Override
  List<String> configuration() {
    return List.of("wal_level = replica");
  }

  @Test
  void checkFailsWithTheSettingToChange() {
    sql("CREATE SCHEMA w", "CREATE TABLE w.t (id int PRIMARY KEY)");
    Run r = run("check", "--config", write("w.json", config("w", "w_slot", "w_pub", "create_if_missing", true)));
    assertThat(r.exitCode()).as("a completed check exits 0 even when it failed").isZero();
    assertThat(r.connectionStatus()).containsEntry("status", "FAILED");
    assertThat((String) r.connectionStatus().get("message")).contains("wal_level is replica")
        .contains("wal_level = logical").contains("restart");
  }
}
