package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The columns of a table changed mid-stream on one shard: the server reported a DDL statement, or
 * a new field list. Records of that shard delivered after it carry the new columns (those that are
 * selected); records before it carry the old ones. A selected column that left the table is not an
 * error: later records omit it and name it in {@link Record#absentColumns()}.
 *
 * <p>What changed, in terms of the columns records carry:
 *
 * <ul>
 *   <li>{@link #recordColumns(Stream)}: the columns a complete record carries from now on;
 *   <li>{@link #omittedColumns(Stream)}: the stream's selected columns that later records omit;
 *   <li>{@link #droppedColumns(List, Stream)} and {@link #addedColumns(List, Stream)}: the selected
 *       columns that disappeared or appeared relative to an earlier field list, such as the
 *       {@link #fields} of the previous {@code SchemaChange} of the same stream and shard. Before
 *       the first change of a shard, records carried every selected column, so the first change's
 *       dropped columns are its {@link #omittedColumns(Stream)}.
 * </ul>
 *
 * <p>A column is <i>selected</i> when the stream (as the sink and listener receive it: the catalog
 * stream reduced to its synced columns) lists it among its schema properties. A stream that lists
 * no property at all selects every column the server sends, including columns added later.
 *
 * @param stream the stream (table) name
 * @param keyspace the keyspace (database)
 * @param shard the shard that reported the change
 * @param ddl the statement that changed the table, or {@code null} when only the fields were seen to change
 * @param fields the table's columns from now on, in table order (unmodifiable)
 * @param position the change's place among the shard's records: it takes a position and sequence
 *     number as a record does, so no record shares it, and a change delivered again after a retry
 *     carries the same one
 */
public record SchemaChange(
    String stream, String keyspace, String shard, String ddl, List<Field> fields, RecordPosition position) {

  /**
   * Validates the components and copies {@code fields}.
   *
   * @param stream the stream (table) name
   * @param keyspace the keyspace (database)
   * @param shard the shard that reported the change
   * @param ddl the statement, or {@code null} when only the fields changed
   * @param fields the table's columns from now on
   * @param position the change's position among the shard's records
   * @throws NullPointerException naming the component that is {@code null} (only {@code ddl} may be)
   * @throws IllegalArgumentException if a field is {@code null}
   */
  public SchemaChange {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(position, "position");
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i) == null) {
        throw new IllegalArgumentException("schema change of stream \"" + stream + "\" shard \"" + shard
            + "\": field " + i + " of " + fields.size() + " is null");
      }
    }
    fields = List.copyOf(fields);
  }

  /**
   * The names of {@link #fields}, in table order.
   *
   * @return the column names
   */
  public List<String> columnNames() {
    return names(fields);
  }

  /**
   * The columns a complete record of {@code stream} carries after this change, in the order records
   * carry them: the stream's selected columns that {@link #fields} has, or every field when the
   * stream lists no property.
   *
   * @param stream the stream, as the sink receives it
   * @return the column names
   */
  public List<String> recordColumns(Stream stream) {
    Objects.requireNonNull(stream, "stream");
    if (stream.schema().properties().isEmpty()) {
      return columnNames();
    }
    Set<String> present = new HashSet<>(columnNames());
    List<String> carried = new ArrayList<>();
    for (String column : stream.schema().properties().keySet()) {
      if (present.contains(column)) {
        carried.add(column);
      }
    }
    return Collections.unmodifiableList(carried);
  }

  /**
   * The stream's selected columns that {@link #fields} lacks: later records omit them (and name them
   * in {@link Record#absentColumns()}). Empty for a stream that lists no property.
   *
   * @param stream the stream, as the sink receives it
   * @return the column names, in schema order
   */
  public List<String> omittedColumns(Stream stream) {
    Objects.requireNonNull(stream, "stream");
    Set<String> present = new HashSet<>(columnNames());
    List<String> omitted = new ArrayList<>();
    for (String column : stream.schema().properties().keySet()) {
      if (!present.contains(column)) {
        omitted.add(column);
      }
    }
    return Collections.unmodifiableList(omitted);
  }

  /**
   * The selected columns that {@code previous} had and {@link #fields} lacks: columns that records
   * carried before this change and omit after it.
   *
   * @param previous an earlier field list of the table, e.g. the previous change's {@link #fields}
   * @param stream the stream, as the sink receives it (its properties say what is selected)
   * @return the column names, in {@code previous}' order
   */
  public List<String> droppedColumns(List<Field> previous, Stream stream) {
    return selectedDifference(names(Objects.requireNonNull(previous, "previous")), columnNames(), stream);
  }

  /**
   * The selected columns that {@link #fields} has and {@code previous} lacked: columns that records
   * carry from this change on and did not before.
   *
   * @param previous an earlier field list of the table, e.g. the previous change's {@link #fields}
   * @param stream the stream, as the sink receives it (its properties say what is selected)
   * @return the column names, in table order
   */
  public List<String> addedColumns(List<Field> previous, Stream stream) {
    return selectedDifference(columnNames(), names(Objects.requireNonNull(previous, "previous")), stream);
  }

  /** The names in {@code from} that {@code without} lacks and {@code stream} selects. */
  private static List<String> selectedDifference(List<String> from, List<String> without, Stream stream) {
    Objects.requireNonNull(stream, "stream");
    Set<String> selected = stream.schema().properties().keySet();
    boolean all = selected.isEmpty();
    Set<String> exclude = new HashSet<>(without);
    List<String> difference = new ArrayList<>();
    for (String column : from) {
      if (!exclude.contains(column) && (all || selected.contains(column))) {
        difference.add(column);
      }
    }
    return Collections.unmodifiableList(difference);
  }

  private static List<String> names(List<Field> fields) {
    List<String> names = new ArrayList<>(fields.size());
    for (Field f : fields) {
      names.add(Objects.requireNonNull(f, "a previous field is null").name());
    }
    return Collections.unmodifiableList(names);
  }
}
