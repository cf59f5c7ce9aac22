package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.ShardCounts;
import io.planetscale.cdc.ShardStates;
import io.planetscale.cdc.SinkException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncListener;
import io.planetscale.cdc.SyncOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The user's sink as one sync calls it, from any thread (calls are serialized): it keeps the state being
 * built, hands it to the sink after flushing every stream that received records since the last state, and
 * remembers the last state the sink accepted. Once the sink has thrown, every later call throws the same
 * {@link SinkException}, which carries that last accepted state: it covers exactly the records flushed.
 * It also tells the {@link SyncListener} what the sink accepted (cursors, schema changes, counts).
 */
final class SinkGate {
  private final RecordSink sink;
  private final long checkpointEveryRows;
  private final long checkpointIntervalNanos;
  private final SyncListener listener;
  private final Map<String, Stream> unflushed = new LinkedHashMap<>();
  private final Map<String, long[]> counts = new LinkedHashMap<>();
  private State current;
  private State accepted;
  private long recordsSinceState;
  private long lastStateNanos = System.nanoTime();
  private SinkException failure;
  /** The stream of the last record and its counts, so that a run of one stream's records skips the map lookups. */
  private Stream lastStream;
  private long[] lastCounts;

  SinkGate(RecordSink sink, State start, SyncOptions options) {
    this.sink = sink;
    this.current = start;
    this.accepted = start;
    this.listener = options.listener();
    this.checkpointEveryRows = options.checkpointEveryRows();
    Duration interval = options.checkpointInterval();
    this.checkpointIntervalNanos = interval == null || interval.isZero() ? 0 : interval.toNanos();
  }

  synchronized void record(Record record, Stream stream) {
    check();
    try {
      sink.record(record, stream);
    } catch (Exception e) {
      throw fail("record of stream \"" + stream.name() + "\" at " + record.position(), e);
    }
    long[] count = lastCounts;
    if (stream != lastStream) {
      unflushed.putIfAbsent(stream.name(), stream);
      count = counts.computeIfAbsent(stream.name(), name -> new long[3]);
      lastStream = stream;
      lastCounts = count;
    }
    recordsSinceState++;
    Operation operation = record.operation();
    if (operation == Operation.INSERT) {
      count[0]++;
    } else if (operation == Operation.UPDATE) {
      count[1]++;
    } else if (operation == Operation.DELETE) {
      count[2]++;
    } // a truncate is no row count
  }

  /** A stream's records so far, by operation. */
  synchronized ShardCounts counts(String stream) {
    long[] count = counts.get(stream);
    return count == null ? ShardCounts.ZERO : new ShardCounts(count[0], count[1], count[2]);
  }

  /** Moves a stream's cursor in the state being built (handed to the sink at the next checkpoint). */
  synchronized void cursor(String stream, SerializedCursor cursor) {
    current = PostgresCursors.with(current, stream, cursor);
  }

  synchronized State current() {
    return current;
  }

  /** The last state the sink accepted. */
  synchronized State accepted() {
    return accepted;
  }

  /** Whether the records or the time since the last state call for one (SyncOptions checkpointing). */
  synchronized boolean checkpointDue() {
    return (checkpointEveryRows > 0 && recordsSinceState >= checkpointEveryRows)
        || (checkpointIntervalNanos > 0 && System.nanoTime() - lastStateNanos >= checkpointIntervalNanos);
  }

  /** Whether records were delivered since the last state. */
  synchronized boolean pendingRecords() {
    return recordsSinceState > 0;
  }

  /**
   * Flushes the streams that received records, then hands the sink the current state.
   *
   * @return the state the sink accepted
   */
  synchronized State checkpoint() {
    check();
    for (Stream stream : unflushed.values()) {
      try {
        sink.flush(stream);
      } catch (Exception e) {
        throw fail("flush of stream \"" + stream.name() + "\"", e);
      }
    }
    unflushed.clear();
    lastStream = null; // its next record marks it unflushed again
    try {
      sink.state(current);
    } catch (Exception e) {
      throw fail("state", e);
    }
    State previous = accepted;
    accepted = current;
    recordsSinceState = 0;
    for (Map.Entry<String, ShardStates> stream : current.streams().entrySet()) {
      ShardStates before = previous.streams().get(stream.getKey());
      SerializedCursor cursor = stream.getValue().shards().get(PostgresCursors.SHARD);
      if (cursor != null && (before == null || !cursor.equals(before.shards().get(PostgresCursors.SHARD)))) {
        listener.cursorAdvanced(stream.getKey(), PostgresCursors.SHARD, cursor.toTableCursor(),
            counts(stream.getKey()));
      }
    }
    lastStateNanos = System.nanoTime();
    return accepted;
  }

  /** Flushes the stream, then announces the change (no state comes between). */
  synchronized void schemaChange(SchemaChange change, Stream stream) {
    check();
    try {
      lastStream = null;
      if (unflushed.remove(stream.name()) != null) {
        sink.flush(stream);
      }
      sink.schemaChange(change, stream);
    } catch (Exception e) {
      throw fail("schema change of stream \"" + stream.name() + "\"", e);
    }
    listener.schemaChanged(change);
  }

  /** Tells the listener that the streams are done (after the last state). */
  synchronized void finished(Iterable<String> streams) {
    for (String stream : streams) {
      listener.shardFinished(stream, PostgresCursors.SHARD, counts(stream));
      listener.streamFinished(stream, counts(stream));
    }
  }

  /** Throws the sink's failure, if it failed. */
  synchronized void check() {
    if (failure != null) {
      throw failure;
    }
  }

  private SinkException fail(String what, Exception cause) {
    if (cause instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    failure = new SinkException("the sink failed to accept the " + what + ": " + cause, accepted, cause);
    return failure;
  }
}
