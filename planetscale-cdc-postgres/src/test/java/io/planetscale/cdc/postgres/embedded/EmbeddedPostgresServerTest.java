package io.planetscale.cdc.postgres.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

@EachPostgresVersion
class EmbeddedPostgresServerTest {
  @Parameter
  SharedPostgresServer postgres;

  @Test
  void runsTheRequestedMajorWithLogicalWal() throws SQLException {
    EmbeddedPostgresServer server = postgres.get();
    String expected = System.getProperty("postgres" + postgres.major() + ".binaries")
        .replaceAll("^.*-(\\d+\\.\\d+)\\.\\d+\\.jar$", "$1");
    assertThat(server.version()).startsWith("PostgreSQL " + expected + " ");
    assertThat(server.major()).isEqualTo(postgres.major());
    assertThat(server.port()).isPositive();
    assertThat(setting(server, "wal_level")).isEqualTo("logical");
    assertThat(Integer.parseInt(setting(server, "max_replication_slots"))).isGreaterThanOrEqualTo(10);
    assertThat(Integer.parseInt(setting(server, "max_wal_senders"))).isGreaterThanOrEqualTo(10);
  }

  @Test
  void sharesOneServerPerMajor() {
    assertThat(postgres.get()).isSameAs(postgres.get());
  }

  @Test
  void createsAndDropsAFailoverSlot() throws SQLException {
    EmbeddedPostgresServer server = postgres.get();
    try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_create_logical_replication_slot('harness_failover', 'pgoutput', false, false, "
          + "true)");
      try (ResultSet rows = statement.executeQuery(
          "SELECT plugin, failover FROM pg_replication_slots WHERE slot_name = 'harness_failover'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("pgoutput");
        assertThat(rows.getBoolean(2)).isTrue();
      }
    }
    assertThat(server.dropInactiveSlots()).containsExactly("harness_failover");
    try (Connection connection = server.connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_replication_slots")) {
      rows.next();
      assertThat(rows.getInt(1)).isZero();
    }
  }

  private static String setting(EmbeddedPostgresServer server, String name) throws SQLException {
    try (Connection connection = server.connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
