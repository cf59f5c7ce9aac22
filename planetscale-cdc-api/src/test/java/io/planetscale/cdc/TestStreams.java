package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds catalog streams for tests: {@code TestStreams.named("employees").selected().column(...).build()}. */
final class TestStreams {
  static final StreamProperty INTEGER = StreamProperty.of("null", "integer");
  static final StreamProperty STRING = StreamProperty.of("null", "string");
  static final StreamProperty BOOLEAN = StreamProperty.of("null", "boolean");
  static final StreamProperty DATE_TIME = StreamProperty.withFormat("date-time", "null", "string");

  private final String name;
  private boolean selected;
  private String replicationMethod = NodeMetadata.INCREMENTAL;
  private final Map<String, StreamProperty> properties = new LinkedHashMap<>();
  private final List<Metadata> columns = new ArrayList<>();
  private final List<String> keys = new ArrayList<>();
  private boolean tableEntry = true;

  private TestStreams(String name) {
    this.name = name;
  }

  static TestStreams named(String name) {
    return new TestStreams(name);
  }

  TestStreams selected() {
    selected = true;
    return this;
  }

  TestStreams fullTable() {
    replicationMethod = "FULL_TABLE";
    return this;
  }

  TestStreams withoutTableMetadata() {
    tableEntry = false;
    return this;
  }

  /** A selected, non-key column. */
  TestStreams column(String column, StreamProperty property) {
    return column(column, property, true);
  }

  TestStreams column(String column, StreamProperty property, boolean columnSelected) {
    properties.put(column, property);
    columns.add(new Metadata(NodeMetadata.forColumn(column, columnSelected, false)));
    return this;
  }

  /** A key column, {@code inclusion: automatic}. */
  TestStreams key(String column, StreamProperty property, boolean columnSelected) {
    properties.put(column, property);
    columns.add(new Metadata(NodeMetadata.forColumn(column, columnSelected, true)));
    keys.add(column);
    return this;
  }

  Stream build() {
    List<Metadata> metadata = new ArrayList<>();
    if (tableEntry) {
      metadata.add(new Metadata(NodeMetadata.forTable(selected, false, keys).withReplicationMethod(replicationMethod)));
    }
    metadata.addAll(columns);
    return new Stream("", name, "db:" + name, StreamSchema.of(properties), name, new MetadataCollection(metadata),
        keys, keys);
  }
}
