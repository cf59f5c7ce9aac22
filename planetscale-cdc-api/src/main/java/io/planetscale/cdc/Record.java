package io.planetscale.cdc;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change to one row, converted to JSON-compatible Java values by {@link Values#convert}.
 *
 * @param stream the stream (table) name
 * @param operation insert, update or delete; copy-phase rows are inserts
 * @param data the row's selected columns in schema order; for a delete, its primary-key columns
 * @param before the previous image for updates and deletes when the server sends one, else {@code null}
 * @param timeExtracted when the SDK received the row
 * @param position where the record came from, for de-duplication
 */
public record Record(
    String stream,
    Operation operation,
    Map<String, Object> data,
    Map<String, Object> before,
    Instant timeExtracted,
    RecordPosition position) {

  /**
   * Validates the components and makes the maps unmodifiable (values may be {@code null}).
   *
   * @param stream the stream (table) name
   * @param operation insert, update or delete; copy-phase rows are inserts
   * @param data the row's selected columns in schema order; for a delete, its primary-key columns
   * @param before the previous image for updates and deletes when the server sends one, else {@code null}
   * @param timeExtracted when the SDK received the row
   * @param position where the record came from, for de-duplication
   */
  public Record {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(timeExtracted, "timeExtracted");
    Objects.requireNonNull(position, "position");
    data = unmodifiable(data);
    before = before == null ? null : unmodifiable(before);
  }

  private static Map<String, Object> unmodifiable(Map<String, Object> map) {
    if (map instanceof ColumnValues) {
      return map; // already immutable; the sync hot path builds these
    }
    // Map.copyOf rejects null values, which SQL NULL needs; keep insertion (column) order.
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
