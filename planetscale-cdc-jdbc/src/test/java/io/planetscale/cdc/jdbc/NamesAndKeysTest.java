package io.planetscale.cdc.jdbc;

import static io.planetscale.cdc.jdbc.Identifiers.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.StreamProperty;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Table names, columns and keys against MariaDB, with names that break naive SQL: spaces,
 * backticks, reserved words and non-ASCII, in the database, table and column names.
 */
@ExtendWith(MariaDbExtension.class)
class NamesAndKeysTest {
  /** Spaces, a backtick, a reserved word and non-ASCII in one database name. */
  static final String DB = "select `café` 表";
  static final String VT_HOLD = "_vt_hld_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_";
  static final String VT_VREPL = "_750a3e1f_e6f3_5249_82af_82f5d325ecab_20240528153135_vrepl";
  static final String WEIRD_TABLE = "my `tab` 表";

  private static MariaDbServer server;
  private static PlanetScaleSource source;
  private static JdbcMysqlAccess mysql;

  @BeforeAll
  static void createTables(MariaDbServer db) {
    server = db;
    String d = quote(DB) + ".";
    server.execute(
        "DROP DATABASE IF EXISTS " + quote(DB),
        "CREATE DATABASE " + quote(DB),
        // Key declared (c, a): key order differs from column order.
        "CREATE TABLE " + d + "`order` (a int NOT NULL, `select` varchar(8) NOT NULL, c bigint NOT NULL,"
            + " note text, PRIMARY KEY (c, a))",
        "CREATE TABLE " + d + quote(WEIRD_TABLE) + " (" + quote("col `x`") + " int NOT NULL PRIMARY KEY, `café` date,"
            + " `表` varchar(3), `from` tinyint(1))",
        "CREATE TABLE " + d + "no_key (x int, y varchar(4))",
        // Same name under MariaDB's case- and accent-insensitive information_schema collation.
        "CREATE TABLE " + d + "`cafe` (plain int NOT NULL PRIMARY KEY)",
        "CREATE TABLE " + d + "`café` (accented int NOT NULL PRIMARY KEY)",
        "CREATE TABLE " + d + "`Cafe` (upper int NOT NULL PRIMARY KEY)",
        "CREATE TABLE " + d + quote(VT_HOLD) + " (id int)",
        "CREATE TABLE " + d + quote(VT_VREPL) + " (id int)",
        "CREATE TABLE " + d + "orders_vt_archive (id int NOT NULL PRIMARY KEY)");
    source = server.source(DB);
    mysql = JdbcMysqlAccess.open(source);
  }

  @AfterAll
  static void close() {
    mysql.close();
  }

  @Test
  void pingAnswers() {
    mysql.ping(source);
  }

  @Test
  void tableNamesKeepsShowTablesOrderAndLeavesOutVitessInternalTables() throws Exception {
    List<String> all = new ArrayList<>();
    try (Connection c = server.adminConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW TABLES FROM " + quote(DB))) {
      while (rs.next()) {
        all.add(rs.getString(1));
      }
    }
    assertThat(all).contains(VT_HOLD, VT_VREPL);
    all.removeAll(List.of(VT_HOLD, VT_VREPL));

    List<String> names = mysql.tableNames(source);

    assertThat(names).containsExactlyElementsOf(all);
    assertThat(names).containsExactlyInAnyOrder("order", WEIRD_TABLE, "no_key", "cafe", "café", "Cafe", "orders_vt_archive");
  }

  @Test
  void columnsOfATableWithReservedAndNonAsciiNames() {
    Map<String, StreamProperty> schema = mysql.tableSchema(source, WEIRD_TABLE, true);

    assertThat(schema).containsExactly(
        Map.entry("col `x`", StreamProperty.of("integer")),
        Map.entry("café", StreamProperty.withFormat("date", "null", "string")),
        Map.entry("表", StreamProperty.of("null", "string")),
        Map.entry("from", StreamProperty.of("null", "boolean")));
    assertThat(mysql.primaryKeys(source, WEIRD_TABLE)).containsExactly("col `x`");
  }

  @Test
  void compositeKeyComesInKeyOrderNotColumnOrder() {
    assertThat(mysql.tableSchema(source, "order", false).keySet()).containsExactly("a", "select", "c", "note");
    assertThat(mysql.primaryKeys(source, "order")).containsExactly("c", "a");
  }

  @Test
  void tableWithoutPrimaryKeyHasNoKeys() {
    assertThat(mysql.primaryKeys(source, "no_key")).isEmpty();
    assertThat(mysql.tableSchema(source, "no_key", false)).containsOnlyKeys("x", "y");
  }

  @Test
  void namesDifferingOnlyInCaseOrAccentsAreDifferentTables() {
    assertThat(mysql.tableSchema(source, "café", false)).containsOnlyKeys("accented");
    assertThat(mysql.tableSchema(source, "cafe", false)).containsOnlyKeys("plain");
    assertThat(mysql.tableSchema(source, "Cafe", false)).containsOnlyKeys("upper");
    assertThat(mysql.primaryKeys(source, "café")).containsExactly("accented");
    assertThat(mysql.primaryKeys(source, "Cafe")).containsExactly("upper");
  }

  @Test
  void tablesNamedLikeVitessInternalsOnlyInTheMiddleAreKept() {
    assertThat(mysql.primaryKeys(source, "orders_vt_archive")).containsExactly("id");
    assertThat(mysql.tableNames(source)).contains("orders_vt_archive").doesNotContain(VT_HOLD, VT_VREPL);
  }

  @Test
  void unknownTableIsAnErrorNamingIt() {
    assertThatThrownBy(() -> mysql.tableSchema(source, "no such table", false))
        .isExactlyInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("`no such table`")
        .hasMessageContaining("does not exist");
    assertThat(mysql.primaryKeys(source, "no such table")).isEmpty();
  }

  @Test
  void aValueLookingLikeSqlIsBoundNotExecuted() {
    String injection = "x' OR '1'='1";
    assertThatThrownBy(() -> mysql.tableSchema(source, injection, false)).hasMessageContaining("does not exist");
    assertThat(mysql.primaryKeys(source, injection)).isEmpty();
  }

  @Test
  void vitessShardsOnMariaDbSaysTheServerIsNotVitess() {
    assertThatThrownBy(() -> mysql.vitessShards(source))
        .isExactlyInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("is not Vitess/PlanetScale")
        .hasMessageContaining("SHOW VITESS_SHARDS")
        .hasMessageContaining("MariaDB");
    // The failed statement leaves the connection usable.
    assertThat(mysql.primaryKeys(source, "order")).containsExactly("c", "a");
  }

  @Test
  void vitessTabletsOnMariaDbSaysTheServerIsNotVitess() {
    assertThatThrownBy(() -> mysql.vitessTablets(source))
        .isExactlyInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("is not Vitess/PlanetScale")
        .hasMessageContaining("SHOW VITESS_TABLETS");
  }

  @Test
  void aCallMayNameAnotherDatabaseOnTheSameConnection() {
    server.execute("CREATE DATABASE IF NOT EXISTS other_db", "CREATE TABLE IF NOT EXISTS other_db.t (k int PRIMARY KEY)");
    PlanetScaleSource other = source.toBuilder().database("other_db").build();

    assertThat(mysql.tableNames(other)).containsExactly("t");
    assertThat(mysql.primaryKeys(other, "t")).containsExactly("k");
  }

  @Test
  void aCallWithOtherCredentialsIsRejected() {
    PlanetScaleSource otherUser = source.toBuilder().password("Other-Pw-123").build();

    assertThatThrownBy(() -> mysql.tableNames(otherUser))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("open another one")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Other-Pw-123").doesNotContain(MariaDbServer.PASSWORD));
  }
}
