package io.planetscale.cdc;

import static io.planetscale.cdc.TestStreams.INTEGER;
import static io.planetscale.cdc.TestStreams.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** singer-tap's discover_test.go, ported, plus the fixed behaviours. */
class DiscoverTest {
  private final PlanetScaleSource source = PlanetScaleSource.builder().host("h").database("employees").build();
  private final FakeMysqlAccess mysql = new FakeMysqlAccess("employees");

  DiscoverTest() {
    Map<String, StreamProperty> schema = new LinkedHashMap<>();
    schema.put("emp_no", STRING);
    schema.put("first_name", STRING);
    schema.put("last_name", STRING);
    mysql.table("employees", schema, "emp_no");
  }

  @Test
  void canFailIfCredentialsInvalid() {
    mysql.pingFailure = new AuthenticationException("Access Denied");
    assertThatThrownBy(() -> PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("unable to access PlanetScale Database: Access Denied");
    assertThat(mysql.calls).containsExactly("ping");
  }

  @Test
  void canFailIfCannotQuery() {
    mysql.tableNamesFailure = new PlanetScaleCdcException("read prohibited");
    assertThatThrownBy(() -> PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults()))
        .hasMessageContaining("unable to retrieve table names: read prohibited");
    assertThat(mysql.count("vitessTablets")).isZero();
  }

  @Test
  void schemaHasPrimaryKeysAndCursorProperties() {
    Catalog catalog = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults());
    assertThat(catalog.streams()).hasSize(1);
    Stream s = catalog.streams().get(0);
    assertThat(s.keyProperties()).containsExactly("emp_no");
    assertThat(s.cursorProperties()).containsExactly("emp_no");
    assertThat(s.id()).isEqualTo("employees:employees");
    assertThat(s.tableName()).isEqualTo("employees");
    assertThat(s.type()).isEmpty();
    assertThat(s.schema().type()).containsExactly("null", "object");
    assertThat(s.schema().additionalProperties()).isFalse();
  }

  @Test
  void canSelectAllTables() {
    Catalog catalog = PlanetScaleCdc.discover(source, mysql, new DiscoverSettings(true, List.of(), true, false));
    Map<String, Metadata> byColumn = catalog.streams().get(0).metadata().propertyMap();
    assertThat(byColumn.get("emp_no").metadata()).isEqualTo(NodeMetadata.forColumn("emp_no", true, true));
    assertThat(byColumn.get("emp_no").metadata().inclusion()).isEqualTo("automatic");
    assertThat(byColumn.get("first_name").metadata()).isEqualTo(NodeMetadata.forColumn("first_name", true, false));
    assertThat(byColumn.get("last_name").metadata().selected()).isTrue();
    assertThat(catalog.streams().get(0).isSelected()).isTrue();
  }

  @Test
  void schemaHasValidMetadata() {
    Catalog catalog = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults());
    Stream s = catalog.streams().get(0);
    Map<String, Metadata> byColumn = s.metadata().propertyMap();
    assertThat(byColumn.get("emp_no").metadata().inclusion()).isEqualTo("automatic");
    assertThat(byColumn.get("emp_no").metadata().selected()).isFalse();
    assertThat(byColumn.get("first_name").metadata().inclusion()).isEqualTo("available");
    NodeMetadata table = s.tableMetadata().metadata();
    assertThat(table.replicationMethod()).isEqualTo("INCREMENTAL");
    assertThat(table.tableKeyProperties()).containsExactly("emp_no");
    assertThat(table.validReplicationKeys()).containsExactly("emp_no");
    assertThat(table.breadcrumb()).isEmpty();
    assertThat(s.incrementalSyncRequested()).isTrue();
  }

  @Test
  void metadataIsTableFirstThenColumnsInColumnOrder() {
    Stream s = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults()).streams().get(0);
    assertThat(s.metadata().entries()).extracting(Metadata::breadcrumb).containsExactly(
        List.of(), List.of("properties", "emp_no"), List.of("properties", "first_name"),
        List.of("properties", "last_name"));
  }

  @Test
  void canExcludeTablesByExactName() {
    mysql.table("customers", Map.of("id", INTEGER), "id");
    mysql.table("employee", Map.of("id", INTEGER), "id");
    Catalog catalog = PlanetScaleCdc.discover(source, mysql,
        new DiscoverSettings(true, List.of(" employees "), true, false));
    // Go's substring check would also have dropped "employee".
    assertThat(catalog.streams()).extracting(Stream::name).containsExactly("customers", "employee");
  }

  @Test
  void incrementalOffLeavesNoReplicationMethod() {
    Stream s = PlanetScaleCdc.discover(source, mysql, new DiscoverSettings(false, List.of(), false, false))
        .streams().get(0);
    assertThat(s.tableMetadata().metadata().replicationMethod()).isNull();
    assertThat(s.incrementalSyncRequested()).isFalse();
  }

  @Test
  void tinyIntSettingReachesTheSchemaQuery() {
    PlanetScaleCdc.discover(source, mysql, new DiscoverSettings(false, List.of(), true, true));
    assertThat(mysql.lastTreatTinyIntAsBoolean).isTrue();
    PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults());
    assertThat(mysql.lastTreatTinyIntAsBoolean).isFalse();
  }

  @Test
  void tableWithoutPrimaryKeyHasEmptyKeys() {
    mysql.table("events", Map.of("payload", STRING));
    Stream s = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults()).stream("events").orElseThrow();
    assertThat(s.keyProperties()).isEmpty();
    assertThat(s.tableMetadata().metadata().tableKeyProperties()).isEmpty();
    assertThat(s.metadata().propertyMap().get("payload").metadata().inclusion()).isEqualTo("available");
  }

  @Test
  void schemaFailureNamesTheTableAndKeepsItsKind() {
    mysql.schemaFailure = new ConnectionException("connection reset");
    assertThatThrownBy(() -> PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults()))
        .isInstanceOf(ConnectionException.class)
        .hasMessage("unable to retrieve schema for table \"employees\": connection reset");
  }

  @Test
  void primaryKeyFailureNamesTheTable() {
    mysql.keysFailure = new IllegalStateException("boom");
    assertThatThrownBy(() -> PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults()))
        .isExactlyInstanceOf(PlanetScaleCdcException.class)
        .hasMessage("unable to retrieve primary keys for table \"employees\": boom")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void discoverNeverAsksForShardsOrTablets() {
    PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults());
    assertThat(mysql.calls).doesNotContain("vitessTablets", "vitessShards");
  }
}
