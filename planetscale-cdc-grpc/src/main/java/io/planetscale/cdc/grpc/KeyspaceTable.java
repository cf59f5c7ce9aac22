package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordConverter;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.internal.EncodedRows;
import io.planetscale.cdc.wire.internal.proto.binlogdata.FieldEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One selected table on one shard of a keyspace stream: its current columns (from the last FIELD
 * event) and the records its row changes become, projected onto the stream's columns and labelled
 * (see {@link KeyspaceEvents}). Partial row images and ENUM/SET numbers are read as the per-table
 * transport reads them ({@link VStreamFields}). Not thread-safe.
 */
final class KeyspaceTable implements ShardDelivery {
  private final Stream stream;
  private final String shard;
  private final RecordConverter converter;
  private final VStreamTransaction rows = new VStreamTransaction();
  private VStreamFields fields;
  /** Filled by {@link #records}: where the current row change's records go, and how to label them. */
  private List<Record> out;
  private boolean copy;
  private String keyspace;
  private String startGtid;
  private long sequence;
  private Instant received;
  private List<Field> keyFields;
  private int[] keyIndex;

  KeyspaceTable(Stream stream, String shard) {
    this.stream = stream;
    this.shard = shard;
    // Every column the server sends: a keyspace stream delivers rows whole, and columns a DDL adds appear.
    this.converter = new RecordConverter(stream, List.of(), shard);
  }

  /**
   * Takes a FIELD event.
   *
   * @param ddl the DDL that preceded it on the shard, or null
   * @return the new columns when they are a change to announce, else null
   */
  List<Field> fields(FieldEvent event, BinlogRowImage rowImage, String ddl) {
    try {
      fields = VStreamFields.of(event, rowImage);
    } catch (IllegalArgumentException e) {
      throw new PlanetScaleCdcException("stream \"" + stream.name() + "\" shard \"" + shard + "\": " + e.getMessage(), e);
    }
    return converter.schemaChanged(ddl, fields.fields()) ? fields.fields() : null;
  }

  /** @return the columns of the last FIELD event */
  List<Field> columns() {
    return fields.fields();
  }

  /**
   * Adds the records of one row change to {@code into}.
   *
   * @param copy whether the change is a copied row (labelled by its key)
   * @param startGtid the shard's position before the transaction (changes are labelled by it)
   * @param sequence the index of the change's first record in its transaction
   */
  void records(RowChange change, boolean copy, String keyspace, String startGtid, long sequence, Instant received,
      List<Record> into) {
    label(copy, keyspace, startGtid, sequence, received, into);
    try {
      fields.addRow(change, rows);
    } catch (IllegalArgumentException e) {
      throw failed(e);
    }
    deliver();
  }

  /** {@link #records(RowChange, boolean, String, String, long, Instant, List)} for every change of a scanned ROW event. */
  void records(ScannedRowEvent event, boolean copy, String keyspace, String startGtid, long sequence,
      Instant received, List<Record> into) {
    label(copy, keyspace, startGtid, sequence, received, into);
    try {
      fields.addRows(event, rows);
    } catch (IllegalArgumentException e) {
      throw failed(e);
    }
    deliver();
  }

  private void label(boolean copy, String keyspace, String startGtid, long sequence, Instant received,
      List<Record> into) {
    this.out = into;
    this.copy = copy;
    this.keyspace = keyspace;
    this.startGtid = startGtid;
    this.sequence = sequence;
    this.received = received;
  }

  private PlanetScaleCdcException failed(IllegalArgumentException e) {
    rows.clear();
    return new PlanetScaleCdcException("stream \"" + stream.name() + "\" shard \"" + shard + "\" after position ["
        + startGtid + "]: " + e.getMessage(), e);
  }

  private void deliver() {
    rows.deliver(this);
    this.out = null;
  }

  /** @return the index the next record of the transaction gets */
  long nextSequence() {
    return sequence;
  }

  @Override
  public void onResult(QueryResult result, Operation operation, QueryResult before) {
    add(result, operation, before, false);
  }

  @Override
  public void onPartialResult(QueryResult result, Operation operation, QueryResult before) {
    add(result, operation, before, true);
  }

  private void add(QueryResult result, Operation operation, QueryResult before, boolean partial) {
    for (int i = 0; i < result.rows().size(); i++) {
      RecordPosition at = copy ? new RecordPosition(keyspace, shard, copyLabel(result, i), 0)
          : new RecordPosition(keyspace, shard, startGtid, sequence++);
      out.add(partial ? converter.toPartialRecord(operation, result, i, before, at, received)
          : converter.toRecord(operation, result, i, before, at, received));
    }
  }

  /** {@code copy:<table>:<key values>}: the row's key, printable text as it is, other bytes in Base64. */
  private String copyLabel(QueryResult result, int row) {
    int[] keys = keyIndexes(result.fields());
    StringBuilder label = new StringBuilder(32).append("copy:").append(stream.name()).append(':');
    List<List<Value>> rowsOf = result.rows();
    if (rowsOf instanceof EncodedRows e) { // read the key's bytes where they lie: no Value per column
      int[] slices = e.slices();
      for (int k = 0; k < keys.length; k++) {
        label.append(k == 0 ? "" : ",");
        if (keys[k] >= e.width(row)) {
          continue;
        }
        int v = 2 * (e.first(row) + keys[k]);
        appendKey(label, e.buffer(), slices[v], slices[v + 1]);
      }
      return label.toString();
    }
    List<Value> values = rowsOf.get(row);
    for (int k = 0; k < keys.length; k++) {
      label.append(k == 0 ? "" : ",");
      if (keys[k] >= values.size()) {
        continue;
      }
      Value v = values.get(keys[k]);
      byte[] bytes = v.isNull() ? null : v.toBytes();
      appendKey(label, bytes, 0, bytes == null ? -1 : bytes.length);
    }
    return label.toString();
  }

  private static void appendKey(StringBuilder label, byte[] bytes, int offset, int length) {
    if (length < 0) {
      label.append("NULL");
    } else if (printable(bytes, offset, length)) {
      for (int i = offset; i < offset + length; i++) {
        label.append((char) bytes[i]);
      }
    } else {
      label.append("b64:").append(Base64.getEncoder().encodeToString(
          java.util.Arrays.copyOfRange(bytes, offset, offset + length)));
    }
  }

  /** Where the key columns are in {@code fields} (every column for a table without a key); kept per field list. */
  private int[] keyIndexes(List<Field> fields) {
    if (fields != keyFields) {
      List<String> keys = stream.keyProperties().isEmpty() ? names(fields) : stream.keyProperties();
      int[] idx = new int[keys.size()];
      for (int k = 0; k < idx.length; k++) {
        int i = indexOf(fields, keys.get(k));
        idx[k] = i < 0 ? Integer.MAX_VALUE : i;
      }
      keyFields = fields;
      keyIndex = idx;
    }
    return keyIndex;
  }

  private static List<String> names(List<Field> fields) {
    List<String> names = new ArrayList<>(fields.size());
    for (Field f : fields) {
      names.add(f.name());
    }
    return names;
  }

  private static int indexOf(List<Field> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean printable(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b < 0x20 || b > 0x7e || b == ',') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void onSchemaChange(String ddl, List<Field> changed) {
    // VStreamFields.addRow never reports schema changes: FIELD events are taken by fields().
  }

  @Override
  public void beginResponse(TableCursor end) {}

  @Override
  public void onCursor(EncodedCursor cursor) {}

  @Override
  public void onRestart(TableCursor from) {}
}
