package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A sink that keeps what it receives, in order, and treats records as durable only once flushed: {@link #durable}
 * are the records a state covers. It can be told to throw at the n-th call of any kind.
 */
final class CollectingSink implements RecordSink {
  /** Every call, in order: "record", "flush", "state", "schema". */
  final List<String> calls = new ArrayList<>();
  final List<Record> records = new ArrayList<>();
  final List<Record> durable = new ArrayList<>();
  final List<State> states = new ArrayList<>();
  final List<SchemaChange> schemaChanges = new ArrayList<>();
  private final List<Record> pending = new ArrayList<>();
  private int failAtCall = -1;
  private Predicate<Record> failOnRecord = r -> false;
  private java.util.function.Consumer<Record> onRecord = r -> {};

  /** Throws at the given call (0-based, counting every kind of call). */
  CollectingSink failingAtCall(int call) {
    failAtCall = call;
    return this;
  }

  /** Runs an action after each record is accepted (on the sync's thread). */
  CollectingSink onRecord(java.util.function.Consumer<Record> action) {
    onRecord = action;
    return this;
  }

  /** The records so far (a copy, safe while a stream runs). */
  synchronized List<Record> recordsSoFar() {
    return List.copyOf(records);
  }

  /** The states so far (a copy). */
  synchronized List<State> statesSoFar() {
    return List.copyOf(states);
  }

  /** Throws on the first record that matches. */
  CollectingSink failingOn(Predicate<Record> record) {
    failOnRecord = record;
    return this;
  }

  private synchronized void call(String kind) throws Exception {
    if (calls.size() == failAtCall) {
      calls.add(kind + " (failed)");
      throw new Exception("sink fails at call " + failAtCall + " (" + kind + ")");
    }
    calls.add(kind);
  }

  @Override
  public synchronized void record(Record record, Stream stream) throws Exception {
    if (failOnRecord.test(record)) {
      throw new Exception("sink fails on " + record);
    }
    call("record");
    records.add(record);
    pending.add(record);
    onRecord.accept(record);
  }

  @Override
  public synchronized void flush(Stream stream) throws Exception {
    call("flush");
    pending.removeIf(r -> {
      if (r.stream().equals(stream.name())) {
        durable.add(r);
        return true;
      }
      return false;
    });
  }

  @Override
  public synchronized void state(State state) throws Exception {
    call("state");
    states.add(state);
  }

  @Override
  public synchronized void schemaChange(SchemaChange change, Stream stream) throws Exception {
    call("schema");
    schemaChanges.add(change);
  }

  synchronized State lastState() {
    return states.isEmpty() ? null : states.get(states.size() - 1);
  }

  /** The records of one stream. */
  synchronized List<Record> of(String stream) {
    return records.stream().filter(r -> r.stream().equals(stream)).toList();
  }
}
