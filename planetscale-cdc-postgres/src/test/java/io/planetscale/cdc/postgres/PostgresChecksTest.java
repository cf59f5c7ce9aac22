package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.postgres.PostgresChecks.Requirements;
import io.planetscale.cdc.postgres.PostgresChecks.ServerFacts;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * The prerequisite checks on real servers: the shared ones (wal_level logical), a role without REPLICATION,
 * publications, and a server started with {@code wal_level = replica} for the one setting that needs a restart.
 */
@EachPostgresVersion
class PostgresChecksTest {
  private static final String ROLE = "Reader \"No\" Repl";
  private static final Requirements FAILOVER_ONLY = new Requirements(null, false, true);

  @Parameter
  SharedPostgresServer postgres;

  private PostgresSource superuser;

  @BeforeEach
  void createDatabaseAndRole() throws SQLException {
    superuser = TestDatabase.recreate(postgres.get(), "checks_test");
    TestDatabase.execute(superuser, "DROP ROLE IF EXISTS " + PgNames.quoteIdentifier(ROLE),
        "CREATE ROLE " + PgNames.quoteIdentifier(ROLE) + " LOGIN");
  }

  @Test
  void aLogicalServerAndASuperuserPassWithFailoverSlots() throws SQLException {
    try (Connection c = TestDatabase.connect(superuser)) {
      ServerFacts facts = PostgresChecks.check(c, FAILOVER_ONLY);

      assertThat(facts.walLevel()).isEqualTo("logical");
      assertThat(facts.versionNum() / 10000).isEqualTo(postgres.major());
      assertThat(facts.version()).startsWith(postgres.major() + ".");
      assertThat(facts.superuser()).isTrue();
    }
  }

  @Test
  void aRoleWithoutReplicationIsToldToGetIt() throws SQLException {
    PostgresSource reader = TestDatabase.source(postgres.get(), "checks_test").user(ROLE).build();
    try (Connection c = TestDatabase.connect(reader)) {
      assertThatThrownBy(() -> PostgresChecks.check(c, FAILOVER_ONLY)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("user \"" + ROLE + "\" lacks the REPLICATION privilege")
          .hasMessageContaining("ALTER ROLE \"Reader \"\"No\"\" Repl\" WITH REPLICATION")
          .hasMessageNotContaining("wal_level");
    }

    TestDatabase.execute(superuser, "ALTER ROLE " + PgNames.quoteIdentifier(ROLE) + " WITH REPLICATION");

    try (Connection c = TestDatabase.connect(reader)) {
      ServerFacts facts = PostgresChecks.check(c, FAILOVER_ONLY);
      assertThat(facts.replication()).isTrue();
      assertThat(facts.superuser()).isFalse();
    }
  }

  @Test
  void aMissingPublicationIsReportedUnlessItWillBeCreated() throws SQLException {
    try (Connection c = TestDatabase.connect(superuser)) {
      assertThatThrownBy(() -> PostgresChecks.check(c, new Requirements("Orders Pub", false, true)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("publication \"Orders Pub\" does not exist")
          .hasMessageContaining("CREATE PUBLICATION \"Orders Pub\"");
      PostgresChecks.check(c, new Requirements("Orders Pub", true, true));

      TestDatabase.execute(superuser, "CREATE PUBLICATION \"Orders Pub\" FOR ALL TABLES");

      assertThat(PostgresChecks.check(c, new Requirements("Orders Pub", false, true)).publicationExists())
          .isTrue();
      // Names are exact: another case is another publication.
      assertThatThrownBy(() -> PostgresChecks.check(c, new Requirements("orders pub", false, true)))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("\"orders pub\" does not exist");
    }
  }

  @Test
  void aServerWithoutLogicalWalIsToldToChangeWalLevel() throws Exception {
    // wal_level only changes with a restart: a server of its own, not the shared one.
    try (EmbeddedPostgresServer replicaOnly = EmbeddedPostgresServer.start(postgres.major(),
        List.of("wal_level = replica"))) {
      PostgresSource source = TestDatabase.source(replicaOnly, "postgres").build();
      try (Connection c = TestDatabase.connect(source)) {
        assertThatThrownBy(() -> PostgresChecks.check(c, FAILOVER_ONLY)).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("PostgreSQL " + postgres.major() + ".")
            .hasMessageContaining("wal_level is replica, logical replication needs wal_level = logical")
            .hasMessageContaining("ALTER SYSTEM SET wal_level = logical, then restart the server");
      }
    }
  }

  @Test
  void failoverSlotsBeforePostgres17AreRefusedNamingTheVersionAndTheOption() {
    // No PostgreSQL 16 server in the tests (PlanetScale runs 17 and 18): the decision on the facts.
    ServerFacts pg16 = new ServerFacts(160004, "16.4", "logical", 10, 10, "u", true, false, false);

    List<String> problems = PostgresChecks.problems(pg16, new Requirements(null, false, true));

    assertThat(problems).singleElement().asString()
        .contains("failover slots need PostgreSQL 17 or later and this server is 16.4")
        .contains("failoverSlot(false)");
    assertThat(PostgresChecks.problems(pg16, new Requirements(null, false, false))).isEmpty();
    ServerFacts pg17 = new ServerFacts(170000, "17.0", "logical", 10, 10, "u", true, false, false);
    assertThat(PostgresChecks.problems(pg17, new Requirements(null, false, true))).isEmpty();
  }

  @Test
  void everyProblemIsListedAtOnce() {
    ServerFacts bad = new ServerFacts(160004, "16.4", "minimal", 0, 0, "app", false, false, false);

    List<String> problems = PostgresChecks.problems(bad, new Requirements("pub", false, true));

    assertThat(problems).hasSize(6);
    assertThat(String.join("\n", problems)).contains("wal_level is minimal", "max_replication_slots is 0",
        "max_wal_senders is 0", "user \"app\" lacks the REPLICATION privilege", "publication \"pub\"",
        "failover slots");
  }
}
