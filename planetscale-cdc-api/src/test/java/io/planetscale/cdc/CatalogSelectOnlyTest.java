package io.planetscale.cdc;

import static io.planetscale.cdc.TestStreams.INTEGER;
import static io.planetscale.cdc.TestStreams.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Catalog#selectOnly} and {@link DiscoverSettings#autoSelectAll()}: the two ways to give sync something to read. */
class CatalogSelectOnlyTest {
  private final PlanetScaleSource source = PlanetScaleSource.builder().host("h").database("shop").build();
  private final FakeMysqlAccess mysql = new FakeMysqlAccess("shop");

  CatalogSelectOnlyTest() {
    for (String table : List.of("customers", "orders", "items")) {
      Map<String, StreamProperty> schema = new LinkedHashMap<>();
      schema.put("id", INTEGER);
      schema.put("name", STRING);
      schema.put("note", STRING);
      mysql.table(table, schema, "id");
    }
  }

  @Test
  void defaultsSelectNothingSoSyncWouldReadNothing() {
    Catalog catalog = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults());
    assertThat(catalog.streams()).noneMatch(Stream::isSelected);
    assertThat(SchemaFilter.select(catalog)).isEmpty();
  }

  @Test
  void autoSelectAllSelectsEveryTableAndColumnAndKeepsTheOtherDefaults() {
    DiscoverSettings all = DiscoverSettings.autoSelectAll();
    DiscoverSettings defaults = DiscoverSettings.defaults();
    assertThat(all.autoSelectTables()).isTrue();
    assertThat(all.excludedTables()).isEqualTo(defaults.excludedTables());
    assertThat(all.useIncrementalSync()).isEqualTo(defaults.useIncrementalSync());
    assertThat(all.treatTinyIntAsBoolean()).isEqualTo(defaults.treatTinyIntAsBoolean());

    Catalog catalog = PlanetScaleCdc.discover(source, mysql, all);
    assertThat(catalog.streams()).allMatch(Stream::isSelected);
    assertThat(SchemaFilter.select(catalog)).extracting(s -> s.stream().name())
        .containsExactly("customers", "orders", "items");
    assertThat(SchemaFilter.select(catalog)).allSatisfy(s -> assertThat(s.columns()).containsExactly("id", "name", "note"));
  }

  @Test
  void selectsExactlyTheNamedStreamsWithEveryColumnInCatalogOrder() {
    Catalog discovered = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults());
    Catalog catalog = discovered.selectOnly("items", "customers", "items");

    assertThat(catalog.streams()).extracting(Stream::name).containsExactly("customers", "orders", "items");
    assertThat(catalog.streams()).extracting(Stream::isSelected).containsExactly(true, false, true);
    for (String name : List.of("customers", "items")) {
      assertThat(catalog.stream(name).orElseThrow().metadata().selectedProperties()).containsExactly("id", "name", "note");
    }
    assertThat(catalog.stream("orders").orElseThrow().metadata().selectedProperties()).isEmpty();
    // What sync reads: the two streams, in catalog order, with all their columns.
    List<SelectedStream> read = SchemaFilter.select(catalog);
    assertThat(read).extracting(s -> s.stream().name()).containsExactly("customers", "items");
    assertThat(read).allSatisfy(s -> assertThat(s.columns()).containsExactly("id", "name", "note"));
    // Only the selection changed; the original is untouched.
    assertThat(discovered.streams()).noneMatch(Stream::isSelected);
    Stream before = discovered.stream("items").orElseThrow();
    Stream after = catalog.stream("items").orElseThrow();
    assertThat(after.schema()).isEqualTo(before.schema());
    assertThat(after.keyProperties()).isEqualTo(before.keyProperties());
    assertThat(after.tableMetadata().metadata()).isEqualTo(before.tableMetadata().metadata().withSelected(true));
  }

  @Test
  void unselectsStreamsAndColumnsThatWereSelected() {
    Catalog catalog = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.autoSelectAll()).selectOnly("orders");
    assertThat(catalog.streams()).extracting(Stream::isSelected).containsExactly(false, true, false);
    assertThat(catalog.stream("customers").orElseThrow().metadata().selectedProperties()).isEmpty();
    assertThat(Catalog.fromJson(catalog.toJson())).isEqualTo(catalog);
  }

  @Test
  void rejectsAnUnknownStreamNamingItAndTheKnownOnes() {
    Catalog catalog = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults());
    assertThatThrownBy(() -> catalog.selectOnly("orders", "order"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("selectOnly: stream \"order\" is not in the catalog; it has [customers, orders, items]");
    assertThatThrownBy(() -> catalog.selectOnly("orders", null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stream null is not in the catalog");
  }

  @Test
  void rejectsAnEmptySelection() {
    Catalog catalog = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults());
    assertThatThrownBy(catalog::selectOnly)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("selectOnly: name at least one stream; the catalog has [customers, orders, items]");
  }

  @Test
  void rejectsSelectingAStreamWithoutTableMetadata() {
    Catalog catalog = new Catalog(List.of(
        TestStreams.named("bare").key("id", INTEGER, false).withoutTableMetadata().build(),
        TestStreams.named("other").key("id", INTEGER, false).build()));
    assertThatThrownBy(() -> catalog.selectOnly("bare"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stream \"bare\": unable to find table metadata");
    assertThat(catalog.selectOnly("other").streams()).extracting(Stream::isSelected).containsExactly(false, true);
  }
}
