package io.planetscale.cdc;

import static io.planetscale.cdc.TestStreams.INTEGER;
import static io.planetscale.cdc.TestStreams.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Discover end to end: the catalog JSON singer-tap would print for reference §1.3b's database. */
class DiscoverCatalogJsonTest {
  private static final String EXPECTED = "{\"streams\":[{\"type\":\"\",\"stream\":\"employees\","
      + "\"tap_stream_id\":\"employees:employees\",\"schema\":{\"type\":[\"null\",\"object\"],"
      + "\"additionalProperties\":false,\"properties\":{\"emp_no\":{\"type\":[\"null\",\"integer\"]},"
      + "\"first_name\":{\"type\":[\"null\",\"string\"]}}},\"table-name\":\"employees\",\"metadata\":["
      + "{\"metadata\":{\"selected\":false,\"replication-method\":\"INCREMENTAL\",\"inclusion\":\"available\","
      + "\"valid-replication-keys\":[\"emp_no\"],\"table-key-properties\":[\"emp_no\"],\"breadcrumb\":[]}},"
      + "{\"metadata\":{\"selected\":false,\"inclusion\":\"automatic\",\"breadcrumb\":[\"properties\",\"emp_no\"]}},"
      + "{\"metadata\":{\"selected\":false,\"inclusion\":\"available\","
      + "\"breadcrumb\":[\"properties\",\"first_name\"]}}],"
      + "\"key_properties\":[\"emp_no\"],\"bookmark_properties\":[\"emp_no\"]}]}";

  @Test
  void discoveredCatalogPrintsAsSingerTapDoes() {
    FakeMysqlAccess mysql = new FakeMysqlAccess("employees");
    Map<String, StreamProperty> schema = new LinkedHashMap<>();
    schema.put("emp_no", INTEGER);
    schema.put("first_name", STRING);
    mysql.table("employees", schema, "emp_no");
    PlanetScaleSource source = PlanetScaleSource.builder().host("h").database("employees").build();

    Catalog catalog = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults());

    assertThat(catalog.toJson()).isEqualTo(EXPECTED);
    assertThat(Catalog.fromJson(EXPECTED)).isEqualTo(catalog);
  }
}
