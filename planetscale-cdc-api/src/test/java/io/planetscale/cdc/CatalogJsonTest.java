package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogJsonTest {

  /** Reference §1.3b discover output, with the document's line wrapping removed. */
  static final String DISCOVER_EXAMPLE = "{\"streams\":[{\"type\":\"\",\"stream\":\"employees\","
      + "\"tap_stream_id\":\"employees:employees\",\"schema\":{\"type\":[\"null\",\"object\"],"
      + "\"additionalProperties\":false,"
      + "\"properties\":{\"emp_no\":{\"type\":[\"null\",\"integer\"]},\"first_name\":{\"type\":[\"null\",\"string\"]}}},"
      + "\"table-name\":\"employees\","
      + "\"metadata\":[{\"metadata\":{\"selected\":false,\"replication-method\":\"INCREMENTAL\","
      + "\"inclusion\":\"available\",\"valid-replication-keys\":[\"emp_no\"],\"table-key-properties\":[\"emp_no\"],"
      + "\"breadcrumb\":[]}},"
      + "{\"metadata\":{\"selected\":false,\"inclusion\":\"automatic\",\"breadcrumb\":[\"properties\",\"emp_no\"]}},"
      + "{\"metadata\":{\"selected\":false,\"inclusion\":\"available\",\"breadcrumb\":[\"properties\",\"first_name\"]}}],"
      + "\"key_properties\":[\"emp_no\"],\"bookmark_properties\":[\"emp_no\"]}]}";

  /** The catalog discover builds for the example, through the records' factories. */
  static Catalog discoverExampleCatalog() {
    Map<String, StreamProperty> props = new LinkedHashMap<>();
    props.put("emp_no", StreamProperty.of("null", "integer"));
    props.put("first_name", StreamProperty.of("null", "string"));
    MetadataCollection metadata = new MetadataCollection(List.of(
        new Metadata(NodeMetadata.forTable(false, true, List.of("emp_no"))),
        new Metadata(NodeMetadata.forColumn("emp_no", false, true)),
        new Metadata(NodeMetadata.forColumn("first_name", false, false))));
    return new Catalog(List.of(new Stream("", "employees", "employees:employees", StreamSchema.of(props),
        "employees", metadata, List.of("emp_no"), List.of("emp_no"))));
  }

  @Test
  void readsTheDiscoverExample() {
    assertThat(Catalog.fromJson(DISCOVER_EXAMPLE)).isEqualTo(discoverExampleCatalog());
  }

  @Test
  void writesTheDiscoverExampleExactly() {
    assertThat(discoverExampleCatalog().toJson()).isEqualTo(DISCOVER_EXAMPLE);
  }

  @Test
  void discoverExampleRoundTrips() {
    Catalog read = Catalog.fromJson(DISCOVER_EXAMPLE);
    assertThat(read.toJson()).isEqualTo(DISCOVER_EXAMPLE);
    assertThat(Catalog.fromJson(read.toJson())).isEqualTo(read);
  }

  @Test
  void readsTheExampleWithTheDocumentsWhitespace() {
    String wrapped = DISCOVER_EXAMPLE.replace(",\"table-name\"", ",\n \"table-name\"")
        .replace("},{\"metadata\"", "},\n             {\"metadata\"");
    assertThat(Catalog.fromJson(wrapped)).isEqualTo(discoverExampleCatalog());
  }

  @Test
  void parsedCatalogAnswersStreamQueries() {
    Catalog catalog = Catalog.fromJson(DISCOVER_EXAMPLE);
    Stream employees = catalog.stream("employees").orElseThrow();
    assertThat(employees.incrementalSyncRequested()).isTrue();
    assertThat(employees.isSelected()).isFalse();
    assertThat(employees.tableMetadata().metadata().tableKeyProperties()).containsExactly("emp_no");
    assertThat(employees.metadata().propertyMap()).containsOnlyKeys("emp_no", "first_name");
    assertThat(employees.metadata().propertyMap().get("emp_no").metadata().isAutomatic()).isTrue();
    assertThat(employees.metadata().selectedProperties()).isEmpty();
    assertThat(employees.schema().properties().get("emp_no").isInteger()).isTrue();
    assertThat(catalog.stream("missing")).isEmpty();
  }

  @Test
  void selectedPropertiesOfAUserEditedCatalog() {
    String json = DISCOVER_EXAMPLE.replace("\"selected\":false,\"inclusion\":\"available\",\"breadcrumb\":[\"prop",
        "\"selected\":true,\"inclusion\":\"available\",\"breadcrumb\":[\"prop");
    Stream s = Catalog.fromJson(json).streams().get(0);
    assertThat(s.metadata().selectedProperties()).containsExactly("first_name");
    assertThat(s.metadata().propertyMap().get("first_name").metadata().selected()).isTrue();
  }

  @Test
  void readsTheStandardSingerShapeWithSiblingBreadcrumbs() {
    String json = "{\"streams\":[{\"tap_stream_id\":\"db:users\",\"stream\":\"users\","
        + "\"schema\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
        + "\"created\":{\"type\":[\"null\",\"string\"],\"format\":\"date-time\"}}},"
        + "\"metadata\":["
        + "{\"breadcrumb\":[],\"metadata\":{\"selected\":true,\"replication-method\":\"INCREMENTAL\","
        + "\"table-key-properties\":[\"id\"]}},"
        + "{\"breadcrumb\":[\"properties\",\"id\"],\"metadata\":{\"inclusion\":\"automatic\"}},"
        + "{\"breadcrumb\":[\"properties\",\"created\"],\"metadata\":{\"selected\":true,\"inclusion\":\"available\"}}"
        + "],\"key_properties\":[\"id\"]}]}";
    Stream users = Catalog.fromJson(json).streams().get(0);
    assertThat(users.type()).isEmpty();
    assertThat(users.tableName()).isEmpty();
    assertThat(users.cursorProperties()).isEmpty();
    assertThat(users.schema().type()).containsExactly("object");
    assertThat(users.schema().properties().get("id").types()).containsExactly("integer");
    assertThat(users.schema().properties().get("created").isDateTime()).isTrue();
    assertThat(users.tableMetadata().breadcrumb()).isEmpty();
    assertThat(users.isSelected()).isTrue();
    assertThat(users.incrementalSyncRequested()).isTrue();
    assertThat(users.metadata().propertyMap()).containsOnlyKeys("id", "created");
    assertThat(users.metadata().selectedProperties()).containsExactly("created");
  }

  @Test
  void standardSingerShapeIsWrittenBackInSingerTapShape() {
    String json = "{\"streams\":[{\"stream\":\"t\",\"schema\":{\"type\":[\"null\",\"object\"],\"properties\":{}},"
        + "\"metadata\":[{\"breadcrumb\":[\"properties\",\"c\"],\"metadata\":{\"selected\":true}}]}]}";
    assertThat(Catalog.fromJson(json).toJson()).isEqualTo(
        "{\"streams\":[{\"type\":\"\",\"stream\":\"t\",\"tap_stream_id\":\"\",\"schema\":{\"type\":[\"null\",\"object\"],"
            + "\"additionalProperties\":false,\"properties\":{}},\"table-name\":\"\",\"metadata\":[{\"metadata\":"
            + "{\"selected\":true,\"breadcrumb\":[\"properties\",\"c\"]}}],\"key_properties\":[],"
            + "\"bookmark_properties\":[]}]}");
  }

  @Test
  void innerBreadcrumbWinsOverSibling() {
    String json = "{\"streams\":[{\"stream\":\"t\",\"metadata\":[{\"breadcrumb\":[\"properties\",\"outer\"],"
        + "\"metadata\":{\"breadcrumb\":[\"properties\",\"inner\"]}}]}]}";
    assertThat(Catalog.fromJson(json).streams().get(0).metadata().entries().get(0).breadcrumb())
        .containsExactly("properties", "inner");
  }

  @Test
  void nullKeyPropertiesAndMissingTypeAreAccepted() {
    String json = "{\"streams\":[{\"stream\":\"nokey\",\"tap_stream_id\":\"db:nokey\",\"schema\":{\"properties\":{}},"
        + "\"table-name\":\"nokey\",\"metadata\":[{\"metadata\":{\"selected\":true,\"breadcrumb\":[]}}],"
        + "\"key_properties\":null,\"bookmark_properties\":null,\"unknown\":{\"x\":[1]}}],\"extra\":1}";
    Stream s = Catalog.fromJson(json).streams().get(0);
    assertThat(s.keyProperties()).isEmpty();
    assertThat(s.cursorProperties()).isEmpty();
    assertThat(s.type()).isEmpty();
    assertThat(s.schema().type()).isEmpty();
    assertThat(s.isSelected()).isTrue();
    assertThat(s.incrementalSyncRequested()).isFalse();
  }

  @Test
  void emptyCatalogOmitsStreams() {
    assertThat(new Catalog(List.of()).toJson()).isEqualTo("{}");
    assertThat(Catalog.fromJson("{}").streams()).isEmpty();
    assertThat(Catalog.fromJson("{\"streams\":null}").streams()).isEmpty();
    assertThat(Catalog.fromJson("{\"streams\":[]}").streams()).isEmpty();
    assertThat(Catalog.fromJson("null").streams()).isEmpty();
  }

  @Test
  void everyNodeMetadataFieldRoundTripsInGoOrder() {
    NodeMetadata full = new NodeMetadata(true, "INCREMENTAL", "updated_at", "available", true, List.of("id"),
        "FULL_TABLE", List.of("id", "ts"), "public", true, "db", "int(11)", List.of());
    Stream s = new Stream("SCHEMA", "t", "db:t", StreamSchema.of(Map.of()), "t",
        new MetadataCollection(List.of(new Metadata(full))), List.of("id"), List.of("id"));
    String json = new Catalog(List.of(s)).toJson();
    assertThat(json).contains("{\"metadata\":{\"selected\":true,\"replication-method\":\"INCREMENTAL\","
        + "\"replication-key\":\"updated_at\",\"inclusion\":\"available\",\"selected-by-default\":true,"
        + "\"valid-replication-keys\":[\"id\"],\"forced-replication-method\":\"FULL_TABLE\","
        + "\"table-key-properties\":[\"id\",\"ts\"],\"schema-name\":\"public\",\"is-view\":true,"
        + "\"database-name\":\"db\",\"sql-datatype\":\"int(11)\",\"breadcrumb\":[]}}");
    assertThat(Catalog.fromJson(json)).isEqualTo(new Catalog(List.of(s)));
  }

  @Test
  void emptyNodeMetadataWritesOnlySelectedAndBreadcrumb() {
    NodeMetadata bare = new NodeMetadata(false, null, null, null, false, null, null, null, null, false, null, null,
        List.of("properties", "c"));
    Stream s = new Stream("", "t", "", StreamSchema.of(Map.of()), "", new MetadataCollection(List.of(new Metadata(bare))),
        null, null);
    assertThat(new Catalog(List.of(s)).toJson())
        .contains("\"metadata\":[{\"metadata\":{\"selected\":false,\"breadcrumb\":[\"properties\",\"c\"]}}]");
  }

  @Test
  void propertiesKeepColumnOrderAndFormat() {
    Map<String, StreamProperty> props = new LinkedHashMap<>();
    props.put("zeta", StreamProperty.of("null", "string"));
    props.put("alpha", StreamProperty.withFormat("date-time", "null", "string"));
    props.put("mid", StreamProperty.of("null", "boolean"));
    Stream s = new Stream("", "t", "db:t", StreamSchema.of(props), "t", new MetadataCollection(List.of()),
        List.of(), List.of());
    String json = new Catalog(List.of(s)).toJson();
    assertThat(json).contains("\"properties\":{\"zeta\":{\"type\":[\"null\",\"string\"]},"
        + "\"alpha\":{\"type\":[\"null\",\"string\"],\"format\":\"date-time\"},"
        + "\"mid\":{\"type\":[\"null\",\"boolean\"]}}");
    Catalog back = Catalog.fromJson(json);
    assertThat(back.streams().get(0).schema().properties().keySet()).containsExactly("zeta", "alpha", "mid");
    assertThat(back.streams().get(0).schema().properties().get("mid").isBoolean()).isTrue();
  }

  @Test
  void schemaMessageOfOneStream() {
    Stream s = discoverExampleCatalog().streams().get(0).withType("SCHEMA");
    String json = CatalogJson.writeStream(s);
    assertThat(json).startsWith("{\"type\":\"SCHEMA\",\"stream\":\"employees\",");
    assertThat(json).endsWith("\"key_properties\":[\"emp_no\"],\"bookmark_properties\":[\"emp_no\"]}");
  }

  @Test
  void streamWithoutTableMetadataIsReportedByName() {
    String json = "{\"streams\":[{\"stream\":\"orphans\",\"metadata\":[{\"metadata\":{\"breadcrumb\":[\"properties\",\"a\"]}}]}]}";
    Stream s = Catalog.fromJson(json).streams().get(0);
    assertThat(s.incrementalSyncRequested()).isFalse();
    assertThatThrownBy(s::tableMetadata)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"orphans\"");
  }

  @Test
  void wrongTypeNamesThePath() {
    String json = "{\"streams\":[{\"stream\":\"a\"},{\"stream\":\"b\",\"metadata\":[{\"metadata\":{\"selected\":\"yes\"}}]}]}";
    assertThatThrownBy(() -> Catalog.fromJson(json))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("catalog: streams[1].metadata[0].metadata.selected: expected a boolean, got \"yes\"");
  }

  @Test
  void otherWrongTypesNameTheirPaths() {
    assertThatThrownBy(() -> Catalog.fromJson("{\"streams\":{}}"))
        .hasMessage("catalog: streams: expected an array, got an object");
    assertThatThrownBy(() -> Catalog.fromJson("[]"))
        .hasMessage("catalog: expected an object, got an array");
    assertThatThrownBy(() -> Catalog.fromJson("{\"streams\":[{\"stream\":\"a\",\"key_properties\":[\"id\",1]}]}"))
        .hasMessage("catalog: streams[0].key_properties[1]: expected a string, got 1");
    assertThatThrownBy(() -> Catalog.fromJson(
        "{\"streams\":[{\"stream\":\"a\",\"schema\":{\"properties\":{\"c\":{\"type\":[\"null\"],\"format\":3}}}}]}"))
        .hasMessage("catalog: streams[0].schema.properties.c.format: expected a string, got 3");
    assertThatThrownBy(() -> Catalog.fromJson("{\"streams\":[{\"stream\":\"a\",\"metadata\":[\"x\"]}]}"))
        .hasMessage("catalog: streams[0].metadata[0]: expected an object, got \"x\"");
    assertThatThrownBy(() -> Catalog.fromJson("{\"streams\":[{\"stream\":\"a\",\"schema\":{\"additionalProperties\":\"no\"}}]}"))
        .hasMessage("catalog: streams[0].schema.additionalProperties: expected a boolean, got \"no\"");
  }

  @Test
  void streamNameIsRequired() {
    assertThatThrownBy(() -> Catalog.fromJson("{\"streams\":[{\"tap_stream_id\":\"db:t\"}]}"))
        .hasMessage("catalog: streams[0].stream: missing, expected a string");
    assertThatThrownBy(() -> Catalog.fromJson("{\"streams\":[{\"stream\":\"\"}]}"))
        .hasMessage("catalog: streams[0].stream: the stream name is empty");
  }

  @Test
  void invalidCatalogJsonNamesLineAndColumn() {
    assertThatThrownBy(() -> Catalog.fromJson("{\"streams\":[\n  {\"stream\": \"a\",}\n]}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("catalog: invalid JSON at line 2, column ");
  }

  @Test
  void multipleStreamsKeepTheirOrder() {
    Stream a = discoverExampleCatalog().streams().get(0);
    Stream b = new Stream("", "aaa_first_alphabetically", "employees:aaa", StreamSchema.of(Map.of()), "aaa",
        new MetadataCollection(List.of(new Metadata(NodeMetadata.forTable(true, false, List.of())))), null, null);
    Catalog two = new Catalog(List.of(a, b));
    Catalog back = Catalog.fromJson(two.toJson());
    assertThat(back).isEqualTo(two);
    assertThat(back.streams()).extracting(Stream::name).containsExactly("employees", "aaa_first_alphabetically");
    assertThat(back.stream("aaa_first_alphabetically").orElseThrow().isSelected()).isTrue();
  }

  @Test
  void htmlCharactersAreEscapedLikeGo() {
    Map<String, StreamProperty> props = Map.of("a<b", StreamProperty.of("string"));
    Stream s = new Stream("", "t&u", "", StreamSchema.of(props), "", new MetadataCollection(List.of()), null, null);
    String json = new Catalog(List.of(s)).toJson();
    assertThat(json).contains("\"stream\":\"t\\u0026u\"").contains("\"a\\u003cb\":");
    assertThat(Catalog.fromJson(json).streams().get(0)).isEqualTo(s);
  }
}
