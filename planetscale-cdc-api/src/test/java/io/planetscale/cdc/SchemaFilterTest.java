package io.planetscale.cdc;

import static io.planetscale.cdc.TestStreams.INTEGER;
import static io.planetscale.cdc.TestStreams.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go's filterSchema with 7.S-10/11 fixed. */
class SchemaFilterTest {
  @Test
  void keepsSelectedAutomaticAndKeyColumnsWithoutDuplicates() {
    Stream s = TestStreams.named("t").selected().key("id", INTEGER, true).column("a", STRING, true)
        .column("b", STRING, false).build();
    SelectedStream selected = SchemaFilter.select(new Catalog(List.of(s))).get(0);
    assertThat(selected.columns()).containsExactly("id", "a");
    // Go appended the key column's metadata twice (7.S-10).
    assertThat(selected.stream().metadata().entries()).extracting(Metadata::breadcrumb)
        .containsExactly(List.of("properties", "id"), List.of("properties", "a"), List.of());
  }

  @Test
  void keyColumnWithoutMetadataIsStillSynced() {
    Stream s = new Stream("", "t", "db:t", StreamSchema.of(Map.of("id", INTEGER)), "t",
        new MetadataCollection(List.of(new Metadata(NodeMetadata.forTable(true, true, List.of("id"))))),
        List.of("id"), List.of("id"));
    SelectedStream selected = SchemaFilter.select(new Catalog(List.of(s))).get(0);
    assertThat(selected.columns()).containsExactly("id");
    assertThat(selected.stream().metadata().propertyMap().get("id").metadata().isAutomatic()).isTrue();
  }

  @Test
  void unselectedStreamsAreDropped() {
    Stream a = TestStreams.named("a").selected().key("id", INTEGER, true).build();
    Stream b = TestStreams.named("b").key("id", INTEGER, true).build();
    assertThat(SchemaFilter.select(new Catalog(List.of(b, a)))).extracting(x -> x.stream().name())
        .containsExactly("a");
  }

  @Test
  void columnOrderFollowsTheSchema() {
    Stream s = TestStreams.named("t").selected().column("z", STRING).key("id", INTEGER, false).column("m", STRING)
        .build();
    assertThat(SchemaFilter.select(new Catalog(List.of(s))).get(0).columns()).containsExactly("z", "id", "m");
  }
}
