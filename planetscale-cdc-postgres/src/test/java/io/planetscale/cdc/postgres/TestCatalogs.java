package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Metadata;
import io.planetscale.cdc.MetadataCollection;
import io.planetscale.cdc.NodeMetadata;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.StreamSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Catalogs built by hand: selected streams of all columns, keyed as given. */
final class TestCatalogs {
  private TestCatalogs() {}

  /** A selected stream of every column of {@code table}, with primary key {@code keys}. */
  static Stream stream(String table, String... keys) {
    List<String> key = List.of(keys);
    return new Stream("", table, "postgres:" + table, StreamSchema.of(Map.of()), table,
        new MetadataCollection(List.of(new Metadata(NodeMetadata.forTable(true, true, key)))), key, key);
  }

  static Catalog catalog(Stream... streams) {
    return new Catalog(new ArrayList<>(List.of(streams)));
  }
}
