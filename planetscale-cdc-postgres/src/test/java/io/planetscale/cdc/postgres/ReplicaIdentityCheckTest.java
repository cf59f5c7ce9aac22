package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.postgres.ReplicaIdentityCheck.TableName;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * The replica identity check on real servers, and the failure it prevents: a table without a replica identity
 * in a publication makes the application's UPDATE fail.
 */
@EachPostgresVersion
class ReplicaIdentityCheckTest {
  private static final TableName KEYED = new TableName("public", "Keyed");
  private static final TableName NO_KEY = new TableName("My Schema", "no \"key\"");
  private static final TableName NOTHING = new TableName("public", "nothing");
  private static final TableName FULL = new TableName("public", "full_no_key");
  private static final TableName BY_INDEX = new TableName("public", "by_index");
  private static final String NO_KEY_SQL = "\"My Schema\".\"no \"\"key\"\"\"";

  @Parameter
  SharedPostgresServer postgres;

  private PostgresSource source;

  @BeforeEach
  void createTables() throws SQLException {
    source = TestDatabase.recreate(postgres.get(), "identity_test");
    TestDatabase.execute(source,
        "CREATE SCHEMA \"My Schema\"",
        "CREATE TABLE \"Keyed\" (id int PRIMARY KEY)",
        "CREATE TABLE " + NO_KEY_SQL + " (v int)",
        "CREATE TABLE nothing (id int PRIMARY KEY)",
        "ALTER TABLE nothing REPLICA IDENTITY NOTHING",
        "CREATE TABLE full_no_key (v int)",
        "ALTER TABLE full_no_key REPLICA IDENTITY FULL",
        "CREATE TABLE by_index (v int NOT NULL)",
        "CREATE UNIQUE INDEX by_index_v ON by_index (v)",
        "ALTER TABLE by_index REPLICA IDENTITY USING INDEX by_index_v");
  }

  @Test
  void tablesWithoutAReplicaIdentityAreNamedWithTheFix() throws SQLException {
    try (Connection c = TestDatabase.connect(source)) {
      List<String> problems = ReplicaIdentityCheck.problems(c, List.of(KEYED, NO_KEY, NOTHING, FULL, BY_INDEX,
          new TableName("public", "missing")));

      assertThat(problems).containsExactly(
          "table " + NO_KEY_SQL + " has no primary key and REPLICA IDENTITY DEFAULT: add a primary key or ALTER"
              + " TABLE " + NO_KEY_SQL + " REPLICA IDENTITY FULL",
          "table \"public\".\"nothing\" has REPLICA IDENTITY NOTHING: ALTER TABLE \"public\".\"nothing\""
              + " REPLICA IDENTITY FULL (or DEFAULT with a primary key)");
      assertThatThrownBy(() -> ReplicaIdentityCheck.requireReplicaIdentity(c, List.of(KEYED, NO_KEY)))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("UPDATE and DELETE")
          .hasMessageContaining("no primary key");
      ReplicaIdentityCheck.requireReplicaIdentity(c, List.of(KEYED, FULL, BY_INDEX));
      assertThat(ReplicaIdentityCheck.problems(c, List.of())).isEmpty();
    }
  }

  @Test
  void theFailureItPreventsIsReal() throws SQLException {
    TestDatabase.execute(source, "INSERT INTO " + NO_KEY_SQL + " VALUES (1)",
        "CREATE PUBLICATION breaks_updates FOR TABLE " + NO_KEY_SQL);
    try (Connection c = TestDatabase.connect(source); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("UPDATE " + NO_KEY_SQL + " SET v = 2"))
          .isInstanceOf(SQLException.class).hasMessageContaining("replica identity");

      s.execute("ALTER TABLE " + NO_KEY_SQL + " REPLICA IDENTITY FULL");

      assertThat(ReplicaIdentityCheck.problems(c, List.of(NO_KEY))).isEmpty();
      assertThat(s.executeUpdate("UPDATE " + NO_KEY_SQL + " SET v = 2")).isEqualTo(1);
    }
  }
}
