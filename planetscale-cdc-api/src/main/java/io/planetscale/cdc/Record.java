package io.planetscale.cdc;

import io.planetscale.cdc.spi.LazyRowValues;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One change to one row, converted to JSON-compatible Java values by {@link Values#convert}.
 *
 * <p><b>Conversion when read.</b> The maps of records the SDK delivers keep the row's values in
 * their wire form and convert the whole row the first time a value is read (their names, size and
 * {@code containsKey} need no conversion), then let go of the wire bytes; a sink that never reads
 * the values (that forwards records by key, or counts them) pays nothing for them. Any thread may
 * read them. A value that does not convert throws {@link SchemaMismatchException}, naming stream,
 * shard, position and column, from the access that reads it. Until then a record holds on to the
 * bytes of the response it came in, so a sink that keeps records unread keeps those bytes. Other
 * transports (PostgreSQL) hand their rows in as {@link LazyRowValues}, which behave the same way.
 *
 * <p><b>Absent columns.</b> A row image may carry only some of the selected columns: the server
 * logs minimal or no-blob row images, or a {@link SchemaChange} announced that a selected column
 * left the table. The SDK never invents a value for such a column: it is left out of the map, and
 * named in {@link #absentColumns} (for {@code data}) or {@link #absentBeforeColumns} (for
 * {@code before}). A column present with SQL NULL is in the map with a {@code null} value, so
 * "absent" and "NULL" are never confused. Records built with the six-argument constructor have no
 * absent columns.
 *
 * @param stream the stream (table) name
 * @param operation insert, update or delete; copy-phase rows are inserts
 * @param data the row's selected columns in schema order; for a delete, its primary-key columns
 * @param before the previous image for updates and deletes when the server sends one, else {@code null}
 * @param timeExtracted when the SDK received the row
 * @param position where the record came from, for de-duplication
 * @param absentColumns the selected columns that {@code data} lacks because the server did not send
 *     them (for a delete: the key columns its image lacked), in column order; empty for a complete image
 * @param absentBeforeColumns the selected columns that {@code before} lacks because the server did
 *     not send them (a delete or update whose previous image was only the key, or partial), in
 *     column order; empty when {@code before} is complete or {@code null}
 */
public record Record(
    String stream,
    Operation operation,
    Map<String, Object> data,
    Map<String, Object> before,
    Instant timeExtracted,
    RecordPosition position,
    Set<String> absentColumns,
    Set<String> absentBeforeColumns) {

  /**
   * Validates the components and makes the maps and sets unmodifiable (map values may be
   * {@code null}: SQL NULL).
   *
   * @param stream the stream (table) name
   * @param operation insert, update or delete; copy-phase rows are inserts
   * @param data the row's selected columns in schema order; for a delete, its primary-key columns
   * @param before the previous image for updates and deletes when the server sends one, else {@code null}
   * @param timeExtracted when the SDK received the row
   * @param position where the record came from, for de-duplication
   * @param absentColumns the selected columns {@code data} lacks; {@code null} for none
   * @param absentBeforeColumns the selected columns {@code before} lacks; {@code null} for none
   * @throws IllegalArgumentException if an absent column is in its map, or {@code before} is null
   *     while {@code absentBeforeColumns} is not empty
   */
  public Record {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(timeExtracted, "timeExtracted");
    Objects.requireNonNull(position, "position");
    data = unmodifiable(data);
    before = before == null ? null : unmodifiable(before);
    absentColumns = absentColumns == null ? ColumnSet.EMPTY : ColumnSet.copyOf(absentColumns);
    absentBeforeColumns = absentBeforeColumns == null ? ColumnSet.EMPTY : ColumnSet.copyOf(absentBeforeColumns);
    checkAbsent("absentColumns", absentColumns, "data", data);
    if (before == null && !absentBeforeColumns.isEmpty()) {
      throw new IllegalArgumentException("absentBeforeColumns " + absentBeforeColumns
          + " given for a record without a before image");
    }
    if (before != null) {
      checkAbsent("absentBeforeColumns", absentBeforeColumns, "before", before);
    }
  }

  /**
   * A record whose images are complete: no absent columns.
   *
   * @param stream the stream (table) name
   * @param operation insert, update or delete; copy-phase rows are inserts
   * @param data the row's selected columns in schema order; for a delete, its primary-key columns
   * @param before the previous image for updates and deletes when the server sends one, else {@code null}
   * @param timeExtracted when the SDK received the row
   * @param position where the record came from, for de-duplication
   */
  public Record(String stream, Operation operation, Map<String, Object> data, Map<String, Object> before,
      Instant timeExtracted, RecordPosition position) {
    this(stream, operation, data, before, timeExtracted, position, ColumnSet.EMPTY, ColumnSet.EMPTY);
  }

  /**
   * Whether both images carry every selected column the server knows of.
   *
   * @return true when {@link #absentColumns} and {@link #absentBeforeColumns} are empty
   */
  public boolean isComplete() {
    return absentColumns.isEmpty() && absentBeforeColumns.isEmpty();
  }

  private static void checkAbsent(String what, Set<String> absent, String mapName, Map<String, Object> map) {
    if (absent.isEmpty()) {
      return; // the common case costs nothing
    }
    for (String column : absent) {
      if (map.containsKey(column)) {
        throw new IllegalArgumentException(what + " names column \"" + column + "\", which " + mapName
            + " holds");
      }
    }
  }

  private static Map<String, Object> unmodifiable(Map<String, Object> map) {
    if (map instanceof ColumnValues || map instanceof LazyRowValues) {
      return map; // already immutable (both final); the sync hot paths build these
    }
    // Map.copyOf rejects null values, which SQL NULL needs; keep insertion (column) order.
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
