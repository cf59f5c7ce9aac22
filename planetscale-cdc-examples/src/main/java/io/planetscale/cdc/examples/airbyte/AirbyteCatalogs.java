package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.examples.cli.DatabaseTables;
import io.planetscale.cdc.examples.cli.Json;
import static io.planetscale.cdc.examples.airbyte.Messages.map;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.Metadata;
import io.planetscale.cdc.MetadataCollection;
import io.planetscale.cdc.NodeMetadata;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.StreamProperty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts between the SDK {@link Catalog} and Airbyte's catalogs: the discovered
 * {@code AirbyteCatalog} (reference §2.4 stream shape) and the {@code ConfiguredAirbyteCatalog} that
 * {@code read} receives.
 */
final class AirbyteCatalogs {
  /** Set on every record: when the change was read. */
  static final String UPDATED_AT = "_ab_cdc_updated_at";
  /** Set on delete records (when the delete was read), null on the others. */
  static final String DELETED_AT = "_ab_cdc_deleted_at";

  /**
   * One stream of a configured catalog.
   *
   * @param name the table
   * @param namespace the namespace, or null when not given
   * @param incremental {@code sync_mode} is {@code incremental} (else {@code full_refresh})
   * @param columns the properties of its json_schema, or null to sync every column
   */
  record ConfiguredStream(String name, String namespace, boolean incremental, Set<String> columns) {}

  private AirbyteCatalogs() {}

  /**
   * @param catalog the discovered SDK catalog
   * @param database the database (the streams' namespace)
   * @return the Airbyte streams
   */
  static List<Map<String, Object>> toAirbyte(Catalog catalog, String database) {
    return toAirbyte(catalog, AirbyteNames.database(database));
  }

  /**
   * @param catalog the discovered SDK catalog
   * @param names each stream's Airbyte namespace and name
   * @return the Airbyte streams
   */
  static List<Map<String, Object>> toAirbyte(Catalog catalog, AirbyteNames names) {
    List<Map<String, Object>> streams = new ArrayList<>();
    for (Stream s : catalog.streams()) {
      Map<String, Object> properties = new LinkedHashMap<>();
      s.schema().properties().forEach((column, p) -> properties.put(column, property(p)));
      Map<String, Object> timestamp = map("type", List.of("null", "string"), "format", "date-time",
          "airbyte_type", "timestamp_with_timezone");
      properties.put(UPDATED_AT, timestamp);
      properties.put(DELETED_AT, new LinkedHashMap<>(timestamp));
      List<List<String>> primaryKey = new ArrayList<>();
      for (String key : s.keyProperties()) {
        primaryKey.add(List.of(key));
      }
      List<String> cursor = s.keyProperties().isEmpty() ? List.of()
          : List.of(s.keyProperties().get(s.keyProperties().size() - 1));
      Map<String, Object> stream = new LinkedHashMap<>();
      stream.put("name", names.name(s.name()));
      stream.put("json_schema", map("type", "object", "properties", properties));
      stream.put("supported_sync_modes", List.of("full_refresh", "incremental"));
      stream.put("namespace", names.namespace(s.name()));
      stream.put("source_defined_primary_key", primaryKey);
      stream.put("source_defined_cursor", true);
      stream.put("default_cursor_field", cursor);
      streams.add(stream);
    }
    return streams;
  }

  private static Map<String, Object> property(StreamProperty p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", p.types());
    if (p.format() != null) {
      out.put("format", p.format());
    }
    if (p.types().contains("integer")) {
      out.put("airbyte_type", "integer");
    } else if ("date-time".equals(p.format())) {
      out.put("airbyte_type", "timestamp_with_timezone");
    } else if ("date".equals(p.format())) {
      out.put("airbyte_type", "date");
    }
    return out;
  }

  /**
   * Reads a ConfiguredAirbyteCatalog: {@code {"streams":[{"stream":{"name":..,"namespace":..,
   * "json_schema":{..}},"sync_mode":"incremental"|"full_refresh",..}]}}. An empty list is allowed here
   * (the read command reports it).
   *
   * @param text the JSON
   * @return the streams in catalog order
   * @throws ConfigurationException naming what is wrong and where
   */
  static List<ConfiguredStream> parseConfigured(String text) {
    Map<String, Object> root = Json.object("catalog", Json.parse("catalog", text));
    List<Object> entries = Json.array("catalog: \"streams\"", root.get("streams"));
    List<ConfiguredStream> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String at = "catalog: streams[" + i + "]";
      Map<String, Object> entry = Json.object(at, entries.get(i));
      Map<String, Object> stream = Json.object(at + ".stream", entry.get("stream"));
      String name = Json.text(at + ".stream.name", stream.get("name"));
      Object ns = stream.get("namespace");
      String namespace = ns == null ? null : Json.text(at + ".stream.namespace", ns);
      Object mode = entry.get("sync_mode");
      boolean incremental;
      if ("incremental".equals(mode)) {
        incremental = true;
      } else if ("full_refresh".equals(mode)) {
        incremental = false;
      } else {
        throw new ConfigurationException(at + ".sync_mode must be \"full_refresh\" or \"incremental\", was "
            + (mode == null ? "missing" : Json.write(mode)));
      }
      if (!seen.add(namespace + ":" + name)) {
        throw new ConfigurationException(at + ": stream \"" + name + "\" is configured twice");
      }
      Set<String> columns = null;
      Object schema = stream.get("json_schema");
      if (schema != null) {
        Object props = Json.object(at + ".stream.json_schema", schema).get("properties");
        if (props != null) {
          Map<String, Object> properties = Json.object(at + ".stream.json_schema.properties", props);
          if (!properties.isEmpty()) {
            columns = new LinkedHashSet<>(properties.keySet());
          }
        }
      }
      out.add(new ConfiguredStream(name, namespace, incremental, columns));
    }
    return out;
  }

  /**
   * The SDK catalog to sync: the configured streams, in configured order, with their discovered
   * schema, selected, {@code INCREMENTAL} or {@code FULL_TABLE}, and the configured columns selected
   * (keys always are).
   *
   * @param discovered the database's catalog
   * @param configured the configured streams
   * @param database the database; a configured namespace must equal it
   * @return the catalog
   * @throws ConfigurationException naming a stream that is not in the database
   */
  static Catalog select(Catalog discovered, List<ConfiguredStream> configured, String database) {
    DatabaseTables tables = new DatabaseTables(discovered, database);
    List<Stream> streams = new ArrayList<>();
    for (ConfiguredStream c : configured) {
      if (c.namespace() != null && !c.namespace().equals(database)) {
        throw new ConfigurationException("catalog: stream \"" + c.name() + "\" has namespace \"" + c.namespace()
            + "\", but this source reads database \"" + database + "\"");
      }
      streams.add(configure(tables.require(c.name(), c.name()), c));
    }
    return new Catalog(streams);
  }

  /**
   * The SDK catalog to sync, like {@link #select(Catalog, List, String)}, with streams found by their Airbyte
   * namespace and name; a stream without a namespace is looked for in {@code defaultNamespace}.
   *
   * @param discovered the database's catalog
   * @param configured the configured streams
   * @param names each discovered stream's Airbyte namespace and name
   * @param defaultNamespace the namespace of a configured stream that gives none
   * @param database the database, for messages
   * @return the catalog
   * @throws ConfigurationException naming a stream that is not in the database
   */
  static Catalog select(Catalog discovered, List<ConfiguredStream> configured, AirbyteNames names,
      String defaultNamespace, String database) {
    List<Stream> streams = new ArrayList<>();
    for (ConfiguredStream c : configured) {
      String namespace = c.namespace() == null ? defaultNamespace : c.namespace();
      String sdk = names.sdkStream(namespace + ":" + c.name());
      Stream found = null;
      for (Stream s : discovered.streams()) {
        if (s.name().equals(sdk)) {
          found = s;
        }
      }
      if (found == null) {
        throw new ConfigurationException("catalog: stream \"" + c.name() + "\" of namespace \"" + namespace
            + "\" is not a table of database \"" + database + "\" that this source reads; run discover again");
      }
      streams.add(configure(found, c));
    }
    return new Catalog(streams);
  }

  /** The discovered stream selected, in the configured sync mode, with the configured columns (keys always). */
  private static Stream configure(Stream s, ConfiguredStream c) {
    List<Metadata> metadata = new ArrayList<>();
    for (Metadata m : s.metadata().entries()) {
      NodeMetadata n = m.metadata();
      if (n.isTableEntry()) {
        n = n.withSelected(true).withReplicationMethod(c.incremental() ? NodeMetadata.INCREMENTAL : "FULL_TABLE");
      } else {
        String column = n.breadcrumb().get(n.breadcrumb().size() - 1);
        n = n.withSelected(c.columns() == null || c.columns().contains(column));
      }
      metadata.add(new Metadata(n));
    }
    return new Stream(s.type(), s.name(), s.id(), s.schema(), s.tableName(), new MetadataCollection(metadata),
        s.keyProperties(), s.cursorProperties());
  }
}
