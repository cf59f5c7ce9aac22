package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Go's {@code filterSchema}, fixed: keeps the selected streams and, of each, the columns that are
 * selected, {@code inclusion: automatic}, or part of the primary key. Unlike Go, key columns are
 * requested and emitted even when only automatic, and no metadata entry is duplicated.
 */
final class SchemaFilter {
  private SchemaFilter() {}

  static List<SelectedStream> select(Catalog catalog) {
    List<SelectedStream> selected = new ArrayList<>();
    for (Stream stream : catalog.streams()) {
      Metadata table = stream.tableMetadata();
      if (table.metadata().selected()) {
        selected.add(filter(stream, table));
      }
    }
    return selected;
  }

  private static SelectedStream filter(Stream stream, Metadata table) {
    Map<String, Metadata> byColumn = stream.metadata().propertyMap();
    Set<String> keys = new LinkedHashSet<>(table.metadata().tableKeyProperties());
    keys.addAll(stream.keyProperties());
    Map<String, StreamProperty> properties = new LinkedHashMap<>();
    List<Metadata> metadata = new ArrayList<>();
    for (Map.Entry<String, StreamProperty> e : stream.schema().properties().entrySet()) {
      String column = e.getKey();
      Metadata m = byColumn.get(column);
      boolean key = keys.contains(column);
      if (key || (m != null && (m.metadata().selected() || m.metadata().isAutomatic()))) {
        properties.put(column, e.getValue());
        metadata.add(m != null ? m : new Metadata(NodeMetadata.forColumn(column, false, true)));
      }
    }
    metadata.add(table);
    StreamSchema schema = new StreamSchema(stream.schema().type(), stream.schema().additionalProperties(), properties);
    Stream filtered = new Stream(stream.type(), stream.name(), stream.id(), schema, stream.tableName(),
        new MetadataCollection(metadata), stream.keyProperties(), stream.cursorProperties());
    return new SelectedStream(filtered, new ArrayList<>(properties.keySet()));
  }
}
