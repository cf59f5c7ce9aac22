package io.planetscale.cdc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns rows of one stream on one shard into {@link Record}s, converting each value for the
 * column's JSON schema ({@link Values#convert}). Which field holds which column, and how each
 * column converts, is decided once per distinct field list; converting a row is then array
 * indexing plus one converter call per value. Used by the sync engine and by transports that
 * deliver records themselves ({@code ChangeStream}). Not thread-safe: one per shard reader.
 */
public final class RecordConverter {
  private final Stream stream;
  private final List<String> columns;
  private final String shard;

  private List<Field> planFields;
  private RowPlan plan;

  /**
   * Creates a converter.
   *
   * @param stream the stream: its schema gives each column's conversion, its key properties the
   *     data of deletes
   * @param columns the columns to emit, in order; empty emits every column the server sends
   * @param shard the shard, for messages
   */
  public RecordConverter(Stream stream, List<String> columns, String shard) {
    this.stream = stream;
    this.columns = columns;
    this.shard = shard;
  }

  /**
   * Converts row {@code row} of {@code result}.
   *
   * @param operation what happened to the row
   * @param result the rows (new images for inserts and updates, deleted rows for deletes)
   * @param row the index of the row in {@code result}
   * @param before for updates, the result holding the previous image at the same index; else null
   * @param at the record's position (see {@link io.planetscale.cdc.spi.RecordPositions})
   * @param timeExtracted when the row was received (one clock read per response is enough)
   * @return the record
   * @throws SchemaMismatchException naming stream, shard, position and column if a selected
   *     column is missing or a value does not convert
   */
  public Record toRecord(Operation operation, QueryResult result, int row, QueryResult before, RecordPosition at,
      Instant timeExtracted) {
    String position = at.position();
    RowPlan rowPlan = planFor(result.fields());
    Map<String, Object> data;
    Map<String, Object> previous = null;
    if (operation == Operation.DELETE) {
      previous = rowPlan.convert(result.rows().get(row), false, position);
      data = rowPlan.keysOf(previous);
    } else {
      data = rowPlan.convert(result.rows().get(row), true, position);
      if (before != null) {
        if (row >= before.rows().size()) {
          throw new SchemaMismatchException(where(position) + "update has " + result.rows().size()
              + " new images but only " + before.rows().size() + " previous images");
        }
        previous = planFor(before.fields()).convert(before.rows().get(row), false, position);
      }
    }
    return new Record(stream.name(), operation, data, previous, timeExtracted, at);
  }

  private RowPlan planFor(List<Field> fields) {
    if (fields != planFields) {
      // Each response brings its own (usually equal) field list: compare once per list, not per row.
      if (!fields.equals(planFields)) {
        plan = new RowPlan(fields);
      }
      planFields = fields;
    }
    return plan;
  }

  private String where(String position) {
    return "stream \"" + stream.name() + "\" shard \"" + shard + "\" at position [" + position + "]: ";
  }

  /** Where each emitted column sits in the server's fields, and its converter. */
  private final class RowPlan {
    private final String[] names;
    private final int[] fieldIndex;
    private final ColumnConverter[] converters;
    private final List<String> missing = new ArrayList<>();
    private final List<String> fieldNames = new ArrayList<>();

    RowPlan(List<Field> fields) {
      Map<String, Integer> byName = new HashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        byName.putIfAbsent(fields.get(i).name(), i);
        fieldNames.add(fields.get(i).name());
      }
      List<String> wanted = columns.isEmpty() ? fieldNames : columns;
      List<String> present = new ArrayList<>();
      List<Integer> indexes = new ArrayList<>();
      for (String column : wanted) {
        Integer i = byName.get(column);
        if (i == null) {
          missing.add(column);
        } else {
          present.add(column);
          indexes.add(i);
        }
      }
      names = present.toArray(new String[0]);
      fieldIndex = new int[names.length];
      converters = new ColumnConverter[names.length];
      Map<String, StreamProperty> properties = stream.schema().properties();
      for (int j = 0; j < names.length; j++) {
        fieldIndex[j] = indexes.get(j);
        StreamProperty property = properties.get(names[j]);
        // A stream without a schema for the column still gets a lossless value, never a dropped one.
        converters[j] = ColumnConverter.forColumn(property != null ? property : StreamProperty.of(),
            fields.get(fieldIndex[j]));
      }
    }

    /**
     * @param complete whether every selected column must be present (new images); deletes and
     *     previous images may carry only some columns, e.g. just the primary key
     */
    Map<String, Object> convert(List<Value> row, boolean complete, String position) {
      if (complete && !missing.isEmpty()) {
        throw new SchemaMismatchException(where(position) + "the server's result lacks the selected column(s) "
            + missing + "; it returned " + fieldNames);
      }
      Object[] values = new Object[names.length];
      for (int j = 0; j < names.length; j++) {
        int i = fieldIndex[j];
        if (i >= row.size()) {
          throw new SchemaMismatchException(where(position) + "a row has " + row.size() + " values for "
              + fieldNames.size() + " fields " + fieldNames);
        }
        try {
          values[j] = converters[j].convert(row.get(i));
        } catch (SchemaMismatchException e) {
          // The converter's message already names the column and the value.
          throw new SchemaMismatchException(where(position) + e.getMessage(), e);
        }
      }
      return new ColumnValues(names, values);
    }

    /** The primary-key columns of a converted row, or the whole row for a table without a key. */
    Map<String, Object> keysOf(Map<String, Object> row) {
      List<String> keys = stream.keyProperties();
      if (keys.isEmpty()) {
        return row;
      }
      List<String> keyNames = new ArrayList<>();
      List<Object> keyValues = new ArrayList<>();
      for (String key : keys) {
        if (row.containsKey(key)) {
          keyNames.add(key);
          keyValues.add(row.get(key));
        }
      }
      return new ColumnValues(keyNames.toArray(new String[0]), keyValues.toArray());
    }
  }
}
