package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.Metadata;
import io.planetscale.cdc.NodeMetadata;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** Discovery on real servers: a table of every supported type, keys, awkward names, schemas and publications. */
@EachPostgresVersion
class PostgresCatalogTest {
  private static final String EVERY_TYPE = "Every Type";

  @Parameter
  SharedPostgresServer postgres;

  private PostgresSource source;

  @BeforeEach
  void createTables() throws SQLException {
    source = TestDatabase.recreate(postgres.get(), "catalog_test");
    TestDatabase.execute(source, TestDatabase.USER_TYPES);
    TestDatabase.execute(source,
        "CREATE TABLE \"Every Type\" (\"Id\" bigint PRIMARY KEY, i2 int2, i4 int4 NOT NULL, i8 int8,"
            + " num numeric(10,2), num_any numeric NOT NULL, f4 float4, f8 float8 NOT NULL, b bool NOT NULL,"
            + " t text NOT NULL, vc varchar(20), c char(3), bp bpchar, nm name, ci citext, u uuid, j json,"
            + " jb jsonb, by bytea, d date NOT NULL, tm time NOT NULL, ttz timetz, ts timestamp, tstz timestamptz,"
            + " iv interval, ia int4[], ta text[] NOT NULL, \"quoted \"\"col\"\" Name\" text, m mood,"
            + " pi positive_int, sp small_positive, st short_text, ma mood[], da positive_int[])",
        "ALTER TABLE \"Every Type\" DROP COLUMN i8", // a dropped column leaves a hole in attnum
        "ALTER TABLE \"Every Type\" ADD COLUMN i8_again int8",
        "CREATE TABLE \"Order Items\" (order_id int, \"Line\" int, qty int NOT NULL,"
            + " PRIMARY KEY (\"Line\", order_id))",
        "CREATE TABLE no_key (v text)",
        "CREATE VIEW a_view AS SELECT 1 AS one",
        "CREATE TABLE measurements (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)",
        "CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
        "CREATE SCHEMA \"Sales\"",
        "CREATE TABLE \"Sales\".\"Deals\" (id int PRIMARY KEY, amount numeric, secret text)",
        "CREATE TABLE \"Sales\".no_key (v text)");
  }

  @Test
  void describesEveryTypeInColumnOrder() throws SQLException {
    Stream stream = discover(source, DiscoverSettings.defaults()).stream(EVERY_TYPE).orElseThrow();

    Map<String, StreamProperty> expected = new LinkedHashMap<>();
    expected.put("Id", StreamProperty.of("integer"));
    expected.put("i2", StreamProperty.of("null", "integer"));
    expected.put("i4", StreamProperty.of("integer"));
    expected.put("num", StreamProperty.of("null", "number"));
    expected.put("num_any", StreamProperty.of("null", "number")); // NaN and Infinity become null
    expected.put("f4", StreamProperty.of("null", "number"));
    expected.put("f8", StreamProperty.of("null", "number"));
    expected.put("b", StreamProperty.of("boolean"));
    expected.put("t", StreamProperty.of("string"));
    expected.put("vc", StreamProperty.of("null", "string"));
    expected.put("c", StreamProperty.of("null", "string"));
    expected.put("bp", StreamProperty.of("null", "string"));
    expected.put("nm", StreamProperty.of("null", "string"));
    expected.put("ci", StreamProperty.of("null", "string"));
    expected.put("u", StreamProperty.of("null", "string"));
    expected.put("j", StreamProperty.of("null", "string"));
    expected.put("jb", StreamProperty.of("null", "string"));
    expected.put("by", StreamProperty.of("null", "string"));
    expected.put("d", StreamProperty.withFormat("date", "null", "string")); // ±infinity and BC become null
    expected.put("tm", StreamProperty.withFormat("time", "string"));
    expected.put("ttz", StreamProperty.withFormat("time", "null", "string"));
    expected.put("ts", StreamProperty.withFormat("date-time", "null", "string"));
    expected.put("tstz", StreamProperty.withFormat("date-time", "null", "string"));
    expected.put("iv", StreamProperty.of("null", "string"));
    expected.put("ia", StreamProperty.of("null", "array"));
    expected.put("ta", StreamProperty.of("array"));
    expected.put("quoted \"col\" Name", StreamProperty.of("null", "string"));
    expected.put("m", StreamProperty.of("null", "string"));
    expected.put("pi", StreamProperty.of("null", "integer"));
    expected.put("sp", StreamProperty.of("null", "integer"));
    // A NOT NULL domain does not make the column NOT NULL in pg_attribute: nullability is the column's.
    expected.put("st", StreamProperty.of("null", "string"));
    expected.put("ma", StreamProperty.of("null", "array"));
    expected.put("da", StreamProperty.of("null", "array"));
    expected.put("i8_again", StreamProperty.of("null", "integer"));
    assertThat(stream.schema().properties()).containsExactlyEntriesOf(expected);
    assertThat(stream.keyProperties()).containsExactly("Id");
    assertThat(stream.cursorProperties()).containsExactly("Id");
    assertThat(stream.id()).isEqualTo("catalog_test:Every Type");
    assertThat(stream.tableName()).isEqualTo(EVERY_TYPE);
  }

  @Test
  void resolvesDomainsEnumsAndArrayElementsForTheConverter() throws SQLException {
    PgTable table;
    try (Connection c = TestDatabase.connect(source)) {
      table = PostgresCatalog.tables(c, source, new PgTypeResolver()).stream()
          .filter(t -> t.name().equals(EVERY_TYPE)).findFirst().orElseThrow();
    }
    Map<String, PgColumnType> types = new LinkedHashMap<>();
    table.columns().forEach(col -> types.put(col.name(), col.type()));

    assertThat(types.get("sp").kind()).isEqualTo(PgValueKind.INTEGER);
    assertThat(types.get("sp").name()).isEqualTo("small_positive");
    assertThat(types.get("m").kind()).isEqualTo(PgValueKind.TEXT);
    assertThat(types.get("ci").kind()).isEqualTo(PgValueKind.TEXT);
    assertThat(types.get("jb").kind()).isEqualTo(PgValueKind.JSON);
    assertThat(types.get("ia").kind()).isEqualTo(PgValueKind.ARRAY);
    assertThat(types.get("ia").elementKind()).isEqualTo(PgValueKind.INTEGER);
    assertThat(types.get("da").elementKind()).isEqualTo(PgValueKind.INTEGER);
    assertThat(types.get("ma").elementKind()).isEqualTo(PgValueKind.TEXT);
    assertThat(types.get("tstz").kind()).isEqualTo(PgValueKind.TIMESTAMPTZ);
    assertThat(table.qualifiedName()).isEqualTo("\"public\".\"Every Type\"");
  }

  @Test
  void listsTheSchemasTablesWithCompositeKeysInKeyOrder() throws SQLException {
    Catalog catalog = discover(source, DiscoverSettings.defaults());

    // Ordinary and partitioned tables by name; no views, no partitions of a partitioned table.
    assertThat(catalog.streams()).extracting(Stream::name)
        .containsExactly(EVERY_TYPE, "Order Items", "measurements", "no_key");
    Stream orderItems = catalog.stream("Order Items").orElseThrow();
    assertThat(orderItems.keyProperties()).containsExactly("Line", "order_id");
    assertThat(orderItems.schema().properties().keySet()).containsExactly("order_id", "Line", "qty");
    assertThat(orderItems.schema().properties().get("order_id")).isEqualTo(StreamProperty.of("integer"));
    assertThat(catalog.stream("no_key").orElseThrow().keyProperties()).isEmpty();
  }

  @Test
  void honoursDiscoverSettings() throws SQLException {
    Catalog defaults = discover(source, DiscoverSettings.defaults());
    Stream unselected = defaults.stream("Order Items").orElseThrow();
    assertThat(unselected.isSelected()).isFalse();
    assertThat(unselected.incrementalSyncRequested()).isTrue();

    Catalog chosen = discover(source, new DiscoverSettings(true, List.of(" no_key ", "Order Items"), false, true));

    assertThat(chosen.streams()).extracting(Stream::name).containsExactly(EVERY_TYPE, "measurements");
    Stream every = chosen.stream(EVERY_TYPE).orElseThrow();
    assertThat(every.isSelected()).isTrue();
    assertThat(every.incrementalSyncRequested()).isFalse();
    for (Metadata m : every.metadata().entries()) {
      assertThat(m.metadata().selected()).isTrue();
    }
    NodeMetadata idColumn = every.metadata().entries().get(1).metadata();
    assertThat(idColumn.inclusion()).isEqualTo(NodeMetadata.INCLUSION_AUTOMATIC);
    NodeMetadata i2Column = every.metadata().entries().get(2).metadata();
    assertThat(i2Column.inclusion()).isEqualTo(NodeMetadata.INCLUSION_AVAILABLE);
    assertThat(Catalog.fromJson(chosen.toJson())).isEqualTo(chosen);
  }

  @Test
  void discoversAnotherSchemaByItsExactName() throws SQLException {
    Catalog catalog = discover(source.toBuilder().schema("Sales").build(), DiscoverSettings.defaults());

    assertThat(catalog.streams()).extracting(Stream::name).containsExactly("Deals", "no_key");
    assertThat(catalog.stream("Deals").orElseThrow().schema().properties()).containsOnlyKeys("id", "amount",
        "secret");
    assertThat(catalog.stream("Deals").orElseThrow().keyProperties()).containsExactly("id");
    assertThat(discover(source.toBuilder().schema("sales").build(), DiscoverSettings.defaults()).streams())
        .isEmpty();
  }

  @Test
  void discoversAPublicationWithItsColumnListsAcrossSchemas() throws SQLException {
    TestDatabase.execute(source,
        "CREATE PUBLICATION \"CDC pub\" FOR TABLE \"Order Items\", \"Sales\".\"Deals\" (id, amount)");

    Catalog catalog = discover(source.toBuilder().publication("CDC pub").build(), DiscoverSettings.defaults());

    // The source's schema first, unqualified; other schemas' tables are schema-qualified.
    assertThat(catalog.streams()).extracting(Stream::name).containsExactly("Order Items", "Sales.Deals");
    Stream deals = catalog.stream("Sales.Deals").orElseThrow();
    assertThat(deals.schema().properties().keySet()).containsExactly("id", "amount");
    assertThat(deals.tableName()).isEqualTo("Deals");
    assertThat(deals.id()).isEqualTo("catalog_test:Sales.Deals");
  }

  @Test
  void generatedColumnsAreListedOnlyWhenThePublicationSendsThem() throws SQLException {
    boolean pg18 = postgres.major() >= 18;
    TestDatabase.execute(source,
        "CREATE TABLE \"Sales\".gen (id int PRIMARY KEY, a int, doubled int GENERATED ALWAYS AS (a * 2) STORED"
            + (pg18 ? ", tripled int GENERATED ALWAYS AS (a * 3) VIRTUAL" : "") + ")",
        "CREATE PUBLICATION plain_pub FOR TABLE \"Sales\".gen");
    PostgresSource sales = source.toBuilder().schema("Sales").build();

    assertThat(discover(sales, DiscoverSettings.defaults()).stream("gen").orElseThrow().schema().properties())
        .containsOnlyKeys("id", "a");
    assertThat(discover(sales.toBuilder().publication("plain_pub").build(), DiscoverSettings.defaults())
        .stream("gen").orElseThrow().schema().properties()).containsOnlyKeys("id", "a");
    if (pg18) {
      TestDatabase.execute(source,
          "CREATE PUBLICATION gen_pub FOR TABLE \"Sales\".gen WITH (publish_generated_columns = stored)");
      assertThat(discover(sales.toBuilder().publication("gen_pub").build(), DiscoverSettings.defaults())
          .stream("gen").orElseThrow().schema().properties()).containsOnlyKeys("id", "a", "doubled");
    }
  }

  @Test
  void aMissingPublicationIsAConfigurationError() {
    PostgresSource withMissing = source.toBuilder().publication("nope").build();

    assertThatThrownBy(() -> discover(withMissing, DiscoverSettings.defaults()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("publication \"nope\" does not exist in database \"catalog_test\"")
        .hasMessageContaining("CREATE PUBLICATION");
  }

  private static Catalog discover(PostgresSource source, DiscoverSettings settings) throws SQLException {
    try (Connection c = TestDatabase.connect(source)) {
      return PostgresCatalog.discover(c, source, settings);
    }
  }
}
