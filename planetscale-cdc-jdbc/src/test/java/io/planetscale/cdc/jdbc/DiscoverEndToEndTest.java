package io.planetscale.cdc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleSource;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PlanetScaleCdc#discover} over {@link JdbcMysqlAccess} against MariaDB, compared as catalog JSON. */
@ExtendWith(MariaDbExtension.class)
class DiscoverEndToEndTest {
  private static final String DB = "shop";
  private static MariaDbServer server;
  private static PlanetScaleSource source;
  private static JdbcMysqlAccess mysql;

  @BeforeAll
  static void createTables(MariaDbServer db) {
    server = db;
    server.execute("DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB,
        "CREATE TABLE shop.customers (id bigint unsigned NOT NULL PRIMARY KEY, name varchar(64) NOT NULL,"
            + " active tinyint(1), born date, created_at datetime(6) NOT NULL)",
        // Key (order_id, line) declared after the columns and in the other order.
        "CREATE TABLE shop.order_lines (line smallint NOT NULL, order_id int NOT NULL, price decimal(10,2),"
            + " PRIMARY KEY (order_id, line))",
        "CREATE TABLE shop.audit_log (at timestamp(3) NULL, message text)",
        "CREATE TABLE shop.secrets (id int PRIMARY KEY)",
        // Excluded by exact name only: excluding "secrets" must keep "secret".
        "CREATE TABLE shop.secret (id int PRIMARY KEY)",
        "CREATE TABLE shop._vt_hld_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_ (id int)");
    source = server.source(DB);
    mysql = JdbcMysqlAccess.open(source);
  }

  @AfterAll
  static void close() {
    mysql.close();
  }

  @Test
  void discoverProducesTheExpectedCatalogJson() {
    Catalog catalog = PlanetScaleCdc.discover(source, mysql, new DiscoverSettings(true, List.of("secrets"), true, true));

    assertThat(catalog.toJson()).isEqualTo(EXPECTED);
    assertThat(Catalog.fromJson(EXPECTED)).isEqualTo(catalog);
  }

  @Test
  void discoverWithDefaultsLeavesTablesUnselectedAndTinyIntAnInteger() {
    Catalog catalog = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults());

    assertThat(catalog.streams()).extracting(s -> s.name())
        .containsExactly("audit_log", "customers", "order_lines", "secret", "secrets");
    assertThat(catalog.stream("customers").orElseThrow().schema().properties().get("active").types())
        .containsExactly("null", "integer");
  }

  @Test
  void discoverWithAWrongPasswordFailsAtThePingAsAnAuthenticationError() {
    PlanetScaleSource wrong = source.toBuilder().password("Wrong-Pw-4711").build();
    try (JdbcMysqlAccess access = JdbcMysqlAccess.open(wrong)) {
      assertThatThrownBy(() -> PlanetScaleCdc.discover(wrong, access, DiscoverSettings.defaults()))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageStartingWith("unable to access PlanetScale Database: ")
          .satisfies(e -> ConnectionFailureTest.assertPasswordNowhere(e, "Wrong-Pw-4711"));
    }
  }

  private static final String EXPECTED =
      "{\"streams\":["
      + "{\"type\":\"\",\"stream\":\"audit_log\",\"tap_stream_id\":\"shop:audit_log\","
      + "\"schema\":{\"type\":[\"null\",\"object\"],\"additionalProperties\":false,\"properties\":{\"at\":{\"type\":[\"null\",\"string\"],\"format\":\"date-time\"},\"message\":{\"type\":[\"null\",\"string\"]}}},"
      + "\"table-name\":\"audit_log\","
      + "\"metadata\":[{\"metadata\":{\"selected\":true,\"replication-method\":\"INCREMENTAL\",\"inclusion\":\"available\",\"breadcrumb\":[]}},"
      + "{\"metadata\":{\"selected\":true,\"inclusion\":\"available\",\"breadcrumb\":[\"properties\",\"at\"]}},"
      + "{\"metadata\":{\"selected\":true,\"inclusion\":\"available\",\"breadcrumb\":[\"properties\",\"message\"]}}],"
      + "\"key_properties\":[],\"bookmark_properties\":[]},"
      + "{\"type\":\"\",\"stream\":\"customers\",\"tap_stream_id\":\"shop:customers\","
      + "\"schema\":{\"type\":[\"null\",\"object\"],\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":[\"integer\"]},\"name\":{\"type\":[\"string\"]},\"active\":{\"type\":[\"null\",\"boolean\"]},\"born\":{\"type\":[\"null\",\"string\"],\"format\":\"date\"},\"created_at\":{\"type\":[\"string\"],\"format\":\"date-time\"}}},"
      + "\"table-name\":\"customers\","
      + "\"metadata\":[{\"metadata\":{\"selected\":true,\"replication-method\":\"INCREMENTAL\",\"inclusion\":\"available\",\"valid-replication-keys\":[\"id\"],\"table-key-properties\":[\"id\"],\"breadcrumb\":[]}},"
      + "{\"metadata\":{\"selected\":true,\"inclusion\":\"automatic\",\"breadcrumb\":[\"properties\",\"id\"]}},"
      + "{\"metadata\":{\"selected\":true,\"inclusion\":\"available\",\"breadcrumb\":[\"properties\",\"name\"]}},"
      + "{\"metadata\":{\"selected\":true,\"inclusion\":\"available\",\"breadcrumb\":[\"properties\",\"active\"]}},"
      + "{\"metadata\":{\"selected\":true,\"inclusion\":\"available\",\"breadcrumb\":[\"properties\",\"born\"]}},"
      + "{\"metadata\":{\"selected\":true,\"inclusion\":\"available\",\"breadcrumb\":[\"properties\",\"created_at\"]}}],"
      + "\"key_properties\":[\"id\"],\"bookmark_properties\":[\"id\"]},"
      + "{\"type\":\"\",\"stream\":\"order_lines\",\"tap_stream_id\":\"shop:order_lines\","
      + "\"schema\":{\"type\":[\"null\",\"object\"],\"additionalProperties\":false,\"properties\":{\"line\":{\"type\":[\"integer\"]},\"order_id\":{\"type\":[\"integer\"]},\"price\":{\"type\":[\"null\",\"number\"]}}},"
      + "\"table-name\":\"order_lines\","
      + "\"metadata\":[{\"metadata\":{\"selected\":true,\"replication-method\":\"INCREMENTAL\",\"inclusion\":\"available\",\"valid-replication-keys\":[\"order_id\",\"line\"],\"table-key-properties\":[\"order_id\",\"line\"],\"breadcrumb\":[]}},"
      + "{\"metadata\":{\"selected\":true,\"inclusion\":\"automatic\",\"breadcrumb\":[\"properties\",\"line\"]}},"
      + "{\"metadata\":{\"selected\":true,\"inclusion\":\"automatic\",\"breadcrumb\":[\"properties\",\"order_id\"]}},"
      + "{\"metadata\":{\"selected\":true,\"inclusion\":\"available\",\"breadcrumb\":[\"properties\",\"price\"]}}],"
      + "\"key_properties\":[\"order_id\",\"line\"],\"bookmark_properties\":[\"order_id\",\"line\"]},"
      + "{\"type\":\"\",\"stream\":\"secret\",\"tap_stream_id\":\"shop:secret\","
      + "\"schema\":{\"type\":[\"null\",\"object\"],\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":[\"integer\"]}}},"
      + "\"table-name\":\"secret\","
      + "\"metadata\":[{\"metadata\":{\"selected\":true,\"replication-method\":\"INCREMENTAL\",\"inclusion\":\"available\",\"valid-replication-keys\":[\"id\"],\"table-key-properties\":[\"id\"],\"breadcrumb\":[]}},"
      + "{\"metadata\":{\"selected\":true,\"inclusion\":\"automatic\",\"breadcrumb\":[\"properties\",\"id\"]}}],"
      + "\"key_properties\":[\"id\"],\"bookmark_properties\":[\"id\"]}]}";
}
