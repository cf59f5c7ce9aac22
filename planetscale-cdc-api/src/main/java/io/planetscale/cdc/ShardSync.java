package io.planetscale.cdc;

import io.planetscale.cdc.spi.OnCursor;
import io.planetscale.cdc.spi.OnResult;
import io.planetscale.cdc.spi.RecordPositions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The callbacks of one stream × shard read: converts rows and hands them to the sink, and on each
 * cursor flushes the sink before recording the cursor in the progress (then, when due, hands the
 * sink a checkpoint state). Any sink failure becomes a {@link SinkException} carrying the progress
 * at that moment, which covers exactly the records the sink accepted and flushed; after it, no
 * shard calls the sink again ({@link GuardedSink}). All sink, listener and progress access happens
 * under the stream's lock, so shards read in parallel never call the sink at the same time. Records
 * and schema changes are labelled by {@link RecordPositions}. Partial row images become records
 * that name their absent columns; a schema change flushes the stream before the sink hears of it.
 */
final class ShardSync implements OnResult, OnCursor {
  private final Stream stream;
  private final String keyspace;
  private final String shard;
  private final GuardedSink guard;
  private final RecordSink sink;
  private final SyncProgress progress;
  private final RecordConverter converter;
  private final Object lock;
  private final SyncListener listener;
  private final Checkpoints checkpoints;

  private final RecordPositions positions;
  private long inserts;
  private long updates;
  private long deletes;

  ShardSync(SelectedStream selected, TableCursor start, GuardedSink guard, SyncProgress progress, Object lock,
      SyncListener listener, Checkpoints checkpoints) {
    this.stream = selected.stream();
    this.keyspace = start.keyspace();
    this.shard = start.shard();
    this.guard = guard;
    this.sink = guard.sink();
    this.progress = progress;
    this.lock = lock;
    this.listener = listener;
    this.checkpoints = checkpoints;
    this.converter = new RecordConverter(stream, selected.columns(), shard);
    this.positions = new RecordPositions(start.keyspace(), shard, start);
  }

  @Override
  public void beginResponse(TableCursor end) {
    synchronized (lock) {
      positions.response(end);
    }
  }

  @Override
  public void onResult(QueryResult result, Operation operation, QueryResult before) {
    deliver(result, operation, before, false);
  }

  @Override
  public void onPartialResult(QueryResult result, Operation operation, QueryResult before) {
    deliver(result, operation, before, true);
  }

  private void deliver(QueryResult result, Operation operation, QueryResult before, boolean partial) {
    int rows = result.rows().size();
    Instant received = Instant.now();
    synchronized (lock) {
      guard.check();
      for (int i = 0; i < rows; i++) {
        RecordPosition at = positions.next();
        Record record = partial
            ? converter.toPartialRecord(operation, result, i, before, at, received)
            : converter.toRecord(operation, result, i, before, at, received);
        try {
          sink.record(record, stream);
        } catch (Exception e) {
          throw sinkFailure("record", e);
        }
        count(operation);
        checkpoints.counted();
      }
    }
  }

  /**
   * Announces a change of the table's columns: flushes the stream, so that everything of the old
   * shape is durable, then hands the sink and the listener a {@link SchemaChange} that takes the
   * next record position. Later records follow the new fields. Not a change (nothing is called):
   * fields equal to those in effect, or a read's first fields that have every selected column.
   */
  @Override
  public void onSchemaChange(String ddl, List<Field> fields) {
    synchronized (lock) {
      guard.check();
      if (!converter.schemaChanged(ddl, fields)) {
        return;
      }
      flush();
      // A DDL seen before its resulting columns carries the columns known so far; the new ones follow.
      List<Field> announced = fields != null ? fields : converter.knownFields();
      SchemaChange change = new SchemaChange(stream.name(), keyspace, shard, ddl, announced, positions.next());
      try {
        sink.schemaChange(change, stream);
      } catch (Exception e) {
        throw sinkFailure("accept a schema change" + (ddl != null ? " (" + abbreviate(ddl) + ")" : ""), e);
      }
      listener.schemaChanged(change);
    }
  }

  @Override
  public void onCursor(TableCursor cursor) {
    onCursor(cursor, SerializedCursor.of(cursor));
  }

  /** Stores {@code serialized} as it is: the transport encoded it once, from the wire bytes. */
  @Override
  public void onCursor(TableCursor cursor, SerializedCursor serialized) {
    Objects.requireNonNull(serialized, "serialized");
    synchronized (lock) {
      guard.check();
      flush();
      progress.put(stream.name(), shard, serialized);
      positions.cursor(cursor);
      listener.cursorAdvanced(stream.name(), shard, cursor, counts());
      if (checkpoints.due()) {
        handState("a checkpoint of stream \"" + stream.name() + "\" shard \"" + shard + "\"");
      }
    }
  }

  @Override
  public void onRestart(TableCursor from) {
    synchronized (lock) {
      positions.restart(from); // records after this cursor come again: label them as before
    }
  }

  /** Finishes the shard: flushes, records the final cursor, and hands the whole state to the sink. */
  State finish(SerializedCursor finalCursor) {
    synchronized (lock) {
      guard.check();
      flush();
      progress.put(stream.name(), shard, finalCursor);
      State state = handState("the state after stream \"" + stream.name() + "\" shard \"" + shard + "\"");
      listener.shardFinished(stream.name(), shard, counts());
      return state;
    }
  }

  ShardCounts counts() {
    return new ShardCounts(inserts, updates, deletes);
  }

  private State handState(String what) {
    State state = progress.snapshot();
    try {
      sink.state(state);
    } catch (Exception e) {
      restoreInterrupt(e);
      // The attempted state covers exactly the flushed records: it is the one to resume from.
      throw guard.fail(new SinkException("the sink failed to accept " + what + ": " + e, state, e));
    }
    checkpoints.reset();
    return state;
  }

  private void count(Operation operation) {
    switch (operation) {
      case INSERT:
        inserts++;
        break;
      case UPDATE:
        updates++;
        break;
      default:
        deletes++;
    }
  }

  private void flush() {
    try {
      sink.flush(stream);
    } catch (Exception e) {
      throw sinkFailure("flush", e);
    }
  }

  private SinkException sinkFailure(String step, Exception e) {
    restoreInterrupt(e);
    return guard.fail(new SinkException("the sink failed to " + step + " for stream \"" + stream.name()
        + "\" shard \"" + shard + "\" at position [" + positions.position() + "]: " + e, progress.snapshot(), e));
  }

  /** A DDL statement short enough for a message. */
  private static String abbreviate(String ddl) {
    return ddl.length() <= 200 ? ddl : ddl.substring(0, 200) + "...";
  }

  private static void restoreInterrupt(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
  }
}
