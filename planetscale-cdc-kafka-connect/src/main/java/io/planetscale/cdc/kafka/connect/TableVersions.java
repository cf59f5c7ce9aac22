package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.StreamProperty;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.DataException;

/**
 * The versions of every table's columns, and which version each shard of a table is on. A table's
 * first field list makes version 1; a field list equal (in Connect terms) to an existing version
 * reuses it, so shards with equal columns share one schema; any other list makes the next version.
 * A shard whose fields have not arrived gets a version built from the catalog's JSON schema.
 */
final class TableVersions {
  private final String topicPrefix;
  private final Map<String, Stream> streams = new HashMap<>();
  private final Map<String, Map<String, TableState>> byKeyspace = new HashMap<>();
  // The converter serves one keyspace at a time nearly always: skip the outer lookup then.
  private String lastKeyspace;
  private Map<String, TableState> lastTables;

  /** One table of one keyspace: its versions and each shard's current one. */
  private static final class TableState {
    final String topic;
    final List<TableVersion> versions = new ArrayList<>();
    final Map<String, TableVersion> byShard = new HashMap<>();

    TableState(String topic) {
      this.topic = topic;
    }
  }

  /**
   * @param topicPrefix the first part of topic names
   * @param catalog the selected tables
   */
  TableVersions(String topicPrefix, Catalog catalog) {
    this.topicPrefix = topicPrefix;
    for (Stream s : catalog.streams()) {
      streams.put(s.name(), s);
    }
  }

  /**
   * @param keyspace the keyspace
   * @param table the table
   * @return {@code <topic.prefix>.<keyspace>.<table>}
   */
  String topic(String keyspace, String table) {
    return topicPrefix + "." + keyspace + "." + table;
  }

  /**
   * Takes a shard's field list of a table: the shard's records from now on use the matching version.
   * Tables not in the catalog are ignored (they are not streamed).
   *
   * @param change the fields
   */
  void onFields(SchemaChange change) {
    Stream stream = streams.get(change.stream());
    if (stream == null) {
      return;
    }
    Map<String, Field> byName = new HashMap<>();
    for (Field f : change.fields()) {
      byName.put(f.name(), f);
    }
    Set<String> keys = new HashSet<>(stream.keyProperties());
    Map<String, StreamProperty> properties = stream.schema().properties();
    List<ColumnSpec> specs = new ArrayList<>();
    for (String column : change.recordColumns(stream)) {
      specs.add(ConnectSchemas.fromField(byName.get(column), properties.get(column), keys.contains(column)));
    }
    TableState state = state(change.keyspace(), change.stream());
    state.byShard.put(change.shard(), versionFor(state, stream, specs));
  }

  /**
   * The version a shard's records of a table use now.
   *
   * @param keyspace the keyspace
   * @param table the table
   * @param shard the shard
   * @return the version
   * @throws DataException if the table is not in the catalog
   */
  TableVersion current(String keyspace, String table, String shard) {
    TableState state = state(keyspace, table);
    TableVersion v = state.byShard.get(shard);
    if (v != null) {
      return v;
    }
    Stream stream = streams.get(table);
    if (stream == null) {
      throw new DataException("table \"" + table + "\" of keyspace \"" + keyspace
          + "\" is not in the connector's catalog; its records cannot be converted");
    }
    Set<String> keys = new HashSet<>(stream.keyProperties());
    List<ColumnSpec> specs = new ArrayList<>();
    for (Map.Entry<String, StreamProperty> e : stream.schema().properties().entrySet()) {
      specs.add(ConnectSchemas.fromProperty(e.getKey(), e.getValue(), keys.contains(e.getKey())));
    }
    v = versionFor(state, stream, specs);
    state.byShard.put(shard, v);
    return v;
  }

  private TableVersion versionFor(TableState state, Stream stream, List<ColumnSpec> specs) {
    for (TableVersion v : state.versions) {
      if (v.specs().equals(specs)) {
        return v;
      }
    }
    TableVersion v = new TableVersion(stream.name(), state.topic, state.versions.size() + 1, specs,
        stream.keyProperties());
    state.versions.add(v);
    return v;
  }

  private TableState state(String keyspace, String table) {
    Map<String, TableState> tables;
    if (keyspace.equals(lastKeyspace)) {
      tables = lastTables;
    } else {
      tables = byKeyspace.computeIfAbsent(keyspace, k -> new HashMap<>());
      lastKeyspace = keyspace;
      lastTables = tables;
    }
    TableState state = tables.get(table);
    if (state == null) {
      state = new TableState(topic(keyspace, table));
      tables.put(table, state);
    }
    return state;
  }
}
