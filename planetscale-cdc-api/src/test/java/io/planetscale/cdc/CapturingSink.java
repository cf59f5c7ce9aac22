package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RecordSink} that keeps everything, logs the order of calls ({@code record:<stream>},
 * {@code flush:<stream>}, {@code schema:<stream>}, {@code state}), and can be told to throw on the
 * Nth record, flush, schema change or state.
 */
final class CapturingSink implements RecordSink {
  final List<Record> records = new ArrayList<>();
  final List<State> states = new ArrayList<>();
  final List<String> events = new ArrayList<>();
  final List<SchemaChange> schemaChanges = new ArrayList<>();
  int failOnSchemaChange = -1;
  int failOnRecord = -1;
  int failOnFlush = -1;
  int failOnState = -1;
  private int flushes;

  @Override
  public void record(Record record, Stream stream) throws Exception {
    if (records.size() == failOnRecord) {
      throw new java.io.IOException("disk full on record " + failOnRecord);
    }
    records.add(record);
    events.add("record:" + stream.name());
  }

  @Override
  public void flush(Stream stream) throws Exception {
    if (flushes++ == failOnFlush) {
      throw new java.io.IOException("flush failed");
    }
    events.add("flush:" + stream.name());
  }

  @Override
  public void schemaChange(SchemaChange change, Stream stream) throws Exception {
    if (schemaChanges.size() == failOnSchemaChange) {
      throw new java.io.IOException("cannot alter the table for " + change.ddl());
    }
    schemaChanges.add(change);
    events.add("schema:" + stream.name());
  }

  @Override
  public void state(State state) throws Exception {
    if (states.size() == failOnState) {
      throw new IllegalStateException("state store unavailable");
    }
    states.add(state);
    events.add("state");
  }

  State lastState() {
    return states.get(states.size() - 1);
  }
}
