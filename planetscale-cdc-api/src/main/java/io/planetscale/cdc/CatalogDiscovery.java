package io.planetscale.cdc;

import io.planetscale.cdc.spi.MysqlAccess;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** {@link PlanetScaleCdc#discover}: the Go {@code Discover}, with exact-name exclusion. */
final class CatalogDiscovery {
  private CatalogDiscovery() {}

  static Catalog discover(PlanetScaleSource source, MysqlAccess mysql, DiscoverSettings settings) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(mysql, "mysql");
    Objects.requireNonNull(settings, "settings");
    try {
      mysql.ping(source);
    } catch (RuntimeException e) {
      throw ExceptionContext.with("unable to access PlanetScale Database: ", e);
    }
    List<String> tables;
    try {
      tables = mysql.tableNames(source);
    } catch (RuntimeException e) {
      throw ExceptionContext.with("unable to retrieve table names: ", e);
    }
    Set<String> excluded = new HashSet<>();
    for (String name : settings.excludedTables()) {
      excluded.add(name.trim());
    }
    List<Stream> streams = new ArrayList<>();
    for (String table : tables) {
      if (!excluded.contains(table)) {
        streams.add(describe(source, mysql, settings, table));
      }
    }
    return new Catalog(streams);
  }

  private static Stream describe(PlanetScaleSource source, MysqlAccess mysql, DiscoverSettings settings, String table) {
    Map<String, StreamProperty> properties;
    try {
      properties = mysql.tableSchema(source, table, settings.treatTinyIntAsBoolean());
    } catch (RuntimeException e) {
      throw ExceptionContext.with("unable to retrieve schema for table \"" + table + "\": ", e);
    }
    List<String> keys;
    try {
      keys = mysql.primaryKeys(source, table);
    } catch (RuntimeException e) {
      throw ExceptionContext.with("unable to retrieve primary keys for table \"" + table + "\": ", e);
    }
    List<Metadata> metadata = new ArrayList<>(properties.size() + 1);
    metadata.add(new Metadata(NodeMetadata.forTable(settings.autoSelectTables(), settings.useIncrementalSync(), keys)));
    // Column order, not Go's random map order: catalogs diff cleanly between runs.
    for (String column : properties.keySet()) {
      metadata.add(new Metadata(NodeMetadata.forColumn(column, settings.autoSelectTables(), keys.contains(column))));
    }
    return new Stream("", table, source.database() + ":" + table, StreamSchema.of(properties), table,
        new MetadataCollection(metadata), keys, keys);
  }
}
