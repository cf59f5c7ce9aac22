package io.planetscale.cdc;

import io.planetscale.cdc.internal.EncodedRows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns rows of one stream on one shard into {@link Record}s, converting each value for the
 * column's JSON schema ({@link Values#convert}). Which field holds which column, and how each
 * column converts, is decided once per distinct field list (a {@link RowPlan}); converting a row is
 * then array indexing plus one converter call per value. Complete images, previous images and
 * deleted images each keep their own plan, so alternating between them never compares field lists
 * per row. Partial images ({@link #toPartialRecord}) may bring a new field list with every call;
 * their plans are kept in a small cache keyed by field list.
 *
 * <p>Columns that an image lacks are never invented: they are left out of the record's maps and
 * named in {@link Record#absentColumns()} / {@link Record#absentBeforeColumns()}. A complete image
 * that lacks a selected column is a {@link SchemaMismatchException}, unless a schema change
 * ({@link #schemaChanged}) announced that the column left the table.
 *
 * <p>Used by the sync engine and by transports that deliver records themselves ({@code ChangeStream}).
 * Not thread-safe: one per shard reader.
 */
public final class RecordConverter {
  /** How many partial-image plans to keep: minimal images bring one field list per set of changed columns. */
  private static final int PARTIAL_PLANS = 64;

  private final Stream stream;
  private final List<String> columns;
  private final String shard;

  /** The table's columns as the last {@link #schemaChanged} gave them; null before the first. */
  private List<Field> tableFields;
  /** Whether a DDL was announced before the columns it leaves were known: they are announced next. */
  private boolean ddlAwaitingFields;
  /** Selected columns that the last schema change's fields lack: complete images may omit them. */
  private Set<String> dropped = Set.of();

  private final PlanSlot newImages = new PlanSlot();
  private final PlanSlot previousImages = new PlanSlot();
  private final PlanSlot deletedImages = new PlanSlot();
  private final PlanSlot partialNewImages = new PlanSlot();
  private final PlanSlot partialPreviousImages = new PlanSlot();
  private final Map<List<Field>, RowPlan> partialPlans = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<List<Field>, RowPlan> eldest) {
      return size() > PARTIAL_PLANS;
    }
  };

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
   * Converts row {@code row} of {@code result}, whose images are complete: every selected column is
   * present, except those a schema change announced gone (they are named absent).
   *
   * @param operation what happened to the row
   * @param result the rows (new images for inserts and updates, deleted rows for deletes)
   * @param row the index of the row in {@code result}
   * @param before for updates, the result holding the previous image at the same index; else null
   * @param at the record's position (see {@link io.planetscale.cdc.spi.RecordPositions})
   * @param timeExtracted when the row was received (one clock read per response is enough)
   * @return the record
   * @throws SchemaMismatchException naming stream, shard, position and column if a selected
   *     column is missing (and was not announced gone) or a value does not convert
   */
  public Record toRecord(Operation operation, QueryResult result, int row, QueryResult before, RecordPosition at,
      Instant timeExtracted) {
    if (operation == Operation.DELETE) {
      return deleted(deletedImages.planFor(result.fields(), false), result, row, at, timeExtracted);
    }
    RowPlan plan = newImages.planFor(result.fields(), false);
    plan.requireComplete(at.position());
    RowPlan beforePlan = before == null ? null : previousImages.planFor(before.fields(), false);
    return changed(operation, plan, result, row, beforePlan, before, at, timeExtracted);
  }

  /**
   * Converts row {@code row} of {@code result}, whose images carry only the columns present (see
   * {@link io.planetscale.cdc.spi.OnResult#onPartialResult}): the selected columns an image lacks
   * are named in {@link Record#absentColumns()} (new image, or a delete's key) and
   * {@link Record#absentBeforeColumns()} (previous image), never given a value. For a stream that
   * selects every column, absence is judged against the table's columns as the last
   * {@link #schemaChanged} gave them (none are absent before the first).
   *
   * @param operation what happened to the row
   * @param result the rows, with only the fields present
   * @param row the index of the row in {@code result}
   * @param before for updates, the previous images with only the fields present; else null
   * @param at the record's position (see {@link io.planetscale.cdc.spi.RecordPositions})
   * @param timeExtracted when the row was received
   * @return the record
   * @throws SchemaMismatchException naming stream, shard, position and column if a value does not convert
   */
  public Record toPartialRecord(Operation operation, QueryResult result, int row, QueryResult before,
      RecordPosition at, Instant timeExtracted) {
    RowPlan plan = partialNewImages.planFor(result.fields(), true);
    if (operation == Operation.DELETE) {
      return deleted(plan, result, row, at, timeExtracted);
    }
    RowPlan beforePlan = before == null ? null : partialPreviousImages.planFor(before.fields(), true);
    return changed(operation, plan, result, row, beforePlan, before, at, timeExtracted);
  }

  /**
   * @return the table's columns as the last {@link #schemaChanged} gave them; empty if none was given
   */
  public List<Field> knownFields() {
    return tableFields != null ? tableFields : List.of();
  }

  /**
   * Takes the table's new columns, reported mid-stream. From now on, a complete image may lack a
   * selected column that {@code fields} lacks (it is named absent, not an error), and a column that
   * {@code fields} adds is emitted if it is selected (or if the stream selects every column).
   *
   * @param ddl the statement that changed the table, or {@code null} if only the fields changed
   * @param fields the table's columns from now on; null with a DDL whose resulting columns are not
   *     known yet (they follow as a change of their own): nothing changes until then
   * @return whether this is a change to announce (a {@link SchemaChange}): true for a DDL and for
   *     fields that differ from the last ones given here; for the first fields given without a DDL,
   *     true only if they lack a selected column (otherwise they are what the records already assume)
   */
  public boolean schemaChanged(String ddl, List<Field> fields) {
    if (fields == null) {
      if (ddl == null) {
        throw new IllegalArgumentException("a schema change needs a DDL statement or the new fields");
      }
      ddlAwaitingFields = true;
      return true;
    }
    List<Field> now = List.copyOf(fields);
    Set<String> missing = missingSelected(now);
    // The columns a DDL left are a change of their own, whatever was known before the DDL.
    boolean change = ddl != null || ddlAwaitingFields
        || (tableFields != null ? !now.equals(tableFields) : !missing.isEmpty());
    ddlAwaitingFields = false;
    tableFields = now;
    if (change) {
      dropped = missing;
    }
    // Plans depend on what is dropped and, for partial images of an all-columns stream, on the table's columns.
    newImages.clear();
    previousImages.clear();
    deletedImages.clear();
    partialNewImages.clear();
    partialPreviousImages.clear();
    partialPlans.clear();
    return change;
  }

  private Set<String> missingSelected(List<Field> fields) {
    Set<String> present = new HashSet<>();
    for (Field f : fields) {
      present.add(f.name());
    }
    Set<String> missing = new LinkedHashSet<>();
    for (String column : columns) {
      if (!present.contains(column)) {
        missing.add(column);
      }
    }
    return missing;
  }

  private Record changed(Operation operation, RowPlan plan, QueryResult result, int row, RowPlan beforePlan,
      QueryResult before, RecordPosition at, Instant timeExtracted) {
    String position = at.position();
    Map<String, Object> data = plan.convert(result, row, position);
    Map<String, Object> previous = null;
    Set<String> absentBefore = ColumnSet.EMPTY;
    if (before != null) {
      if (row >= before.rows().size()) {
        throw new SchemaMismatchException(where(position) + "update has " + result.rows().size()
            + " new images but only " + before.rows().size() + " previous images");
      }
      previous = beforePlan.convert(before, row, position);
      absentBefore = beforePlan.absent;
    }
    return new Record(stream.name(), operation, data, previous, timeExtracted, at, plan.absent, absentBefore);
  }

  private Record deleted(RowPlan plan, QueryResult result, int row, RecordPosition at, Instant timeExtracted) {
    Map<String, Object> previous = plan.convert(result, row, at.position());
    return new Record(stream.name(), Operation.DELETE, plan.keysOf(previous), previous, timeExtracted, at,
        plan.absentKeys, plan.absent);
  }

  private String where(String position) {
    return "stream \"" + stream.name() + "\" shard \"" + shard + "\" at position [" + position + "]: ";
  }

  /** The plan of the field list one kind of image last had: found by identity, so once per response. */
  private final class PlanSlot {
    private List<Field> fields;
    private RowPlan plan;

    RowPlan planFor(List<Field> next, boolean partial) {
      if (next != fields) {
        // Each response brings its own (usually equal) field list: compare once per list, not per row.
        if (plan == null || !next.equals(fields)) {
          plan = partial ? partialPlans.computeIfAbsent(next, f -> new RowPlan(f, true)) : new RowPlan(next, false);
        }
        fields = next;
      }
      return plan;
    }

    void clear() {
      fields = null;
      plan = null;
    }
  }

  /** Where each emitted column sits in the server's fields, its converter, and which selected columns are absent. */
  private final class RowPlan implements ColumnValues.Conversion {
    private final String[] names;
    private final int[] fieldIndex;
    /** The largest of {@link #fieldIndex}, -1 if none: a row needs more values than that. */
    private int widest = -1;
    private final ColumnConverter[] converters;
    private final List<String> fieldNames = new ArrayList<>();
    /** The selected columns the fields lack. */
    final ColumnSet absent;
    /** The key columns the fields lack (the absent part of a delete's data). */
    final ColumnSet absentKeys;
    /** Absent columns no schema change announced: an error in a complete image. */
    private final List<String> unannounced = new ArrayList<>();

    RowPlan(List<Field> fields, boolean partial) {
      Map<String, Integer> byName = new HashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        byName.putIfAbsent(fields.get(i).name(), i);
        fieldNames.add(fields.get(i).name());
      }
      List<String> present = new ArrayList<>();
      List<Integer> indexes = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String column : wanted(partial)) {
        Integer i = byName.get(column);
        if (i == null) {
          missing.add(column);
          if (!dropped.contains(column)) {
            unannounced.add(column);
          }
        } else {
          present.add(column);
          indexes.add(i);
        }
      }
      absent = ColumnSet.of(missing);
      if (stream.keyProperties().isEmpty()) {
        absentKeys = absent; // a delete's data is then the whole image
      } else {
        List<String> missingKeys = new ArrayList<>(stream.keyProperties());
        missingKeys.retainAll(missing);
        absentKeys = ColumnSet.of(missingKeys);
      }
      names = present.toArray(new String[0]);
      fieldIndex = new int[names.length];
      converters = new ColumnConverter[names.length];
      Map<String, StreamProperty> properties = stream.schema().properties();
      for (int j = 0; j < names.length; j++) {
        fieldIndex[j] = indexes.get(j);
        widest = Math.max(widest, fieldIndex[j]);
        StreamProperty property = properties.get(names[j]);
        // A stream without a schema for the column still gets a lossless value, never a dropped one.
        converters[j] = ColumnConverter.forColumn(property != null ? property : StreamProperty.of(),
            fields.get(fieldIndex[j]));
      }
    }

    /**
     * The columns to emit: the selected ones; for a stream selecting every column, the fields (and
     * for a partial image also the table's known columns, so that those it lacks count as absent).
     */
    private List<String> wanted(boolean partial) {
      if (!columns.isEmpty()) {
        return columns;
      }
      if (!partial || tableFields == null) {
        return fieldNames;
      }
      Set<String> all = new LinkedHashSet<>();
      for (Field f : tableFields) {
        all.add(f.name());
      }
      all.addAll(fieldNames);
      return new ArrayList<>(all);
    }

    void requireComplete(String position) {
      if (!unannounced.isEmpty()) {
        throw new SchemaMismatchException(where(position) + "the server's result lacks the selected column(s) "
            + unannounced + "; it returned " + fieldNames);
      }
    }

    /**
     * Converts row {@code index} of {@code result}, whose fields equal those the plan was made for.
     * Rows kept in their wire form (the usual case) become a {@link ColumnValues} that
     * converts straight from their bytes when first read, with no {@link Value} per column; a row
     * decoded with the result's own fields has the types and collations the plan's converters were
     * chosen for, so no value needs a type check. Whether the row is wide enough is checked now.
     */
    Map<String, Object> convert(QueryResult result, int index, String position) {
      List<List<Value>> rows = result.rows();
      if (rows instanceof EncodedRows) {
        EncodedRows e = (EncodedRows) rows;
        return encoded(e.fields(), e.buffer(), e.slices(), e.first(index), e.width(index), result.fields(), position);
      }
      List<Value> row = rows.get(index);
      if (row instanceof EncodedRow) {
        EncodedRow e = (EncodedRow) row;
        return encoded(e.fields(), e.buffer(), e.slices(), 0, e.size(), result.fields(), position);
      }
      Object[] values = new Object[names.length];
      for (int j = 0; j < names.length; j++) {
        int i = fieldIndex[j];
        if (i >= row.size()) {
          throw tooShort(row.size(), position);
        }
        try {
          values[j] = converters[j].convert(row.get(i));
        } catch (SchemaMismatchException e) {
          throw located(e, position);
        }
      }
      return new ColumnValues(names, values);
    }

    private Map<String, Object> encoded(List<Field> rowFields, byte[] bytes, int[] slices, int first, int width,
        List<Field> resultFields, String position) {
      if (widest >= width) {
        throw tooShort(width, position);
      }
      return new ColumnValues(names, this, bytes, slices, first, rowFields == resultFields ? null : rowFields,
          position);
    }

    /**
     * Converts a row typed by {@code rowFields} (null: by the fields the plan was made for), value
     * {@code i} lying at {@code slices[2(first+i)]} ({@code slices[2(first+i)+1]} bytes, -1 for
     * NULL) in {@code bytes}. Reads only final state: any thread may call it.
     */
    @Override
    public Object[] convert(byte[] bytes, int[] slices, int first, List<Field> rowFields, String position) {
      Object[] values = new Object[names.length];
      for (int j = 0; j < names.length; j++) {
        int i = fieldIndex[j];
        int v = 2 * (first + i);
        int length = slices[v + 1];
        if (length < 0) {
          continue; // NULL, whatever the column
        }
        try {
          if (rowFields == null) {
            values[j] = converters[j].convertOwn(bytes, slices[v], length);
          } else {
            Field f = rowFields.get(i);
            values[j] = converters[j].convert(f.type(), f.charset(), bytes, slices[v], length);
          }
        } catch (SchemaMismatchException e) {
          throw located(e, position);
        }
      }
      return values;
    }

    private SchemaMismatchException tooShort(int size, String position) {
      return new SchemaMismatchException(where(position) + "a row has " + size + " values for "
          + fieldNames.size() + " fields " + fieldNames);
    }

    /** The converter's message already names the column and the value. */
    private SchemaMismatchException located(SchemaMismatchException e, String position) {
      return new SchemaMismatchException(where(position) + e.getMessage(), e);
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
