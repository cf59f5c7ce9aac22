package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordConverter;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.spi.RecordPositions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One shard of a {@link ChangeStream#run}, on the calling thread (with several shards, on a reader
 * thread of {@link ShardedChangeStream}): the {@link ShardStreamLoop} in
 * {@linkplain ShardStreamLoop.Mode#FOLLOW follow} mode, until the stop position, the time limit,
 * {@link ChangeStream#close()}, or a failure, turning rows into {@link Record}s for the listener.
 */
final class ChangeStreamRun implements ShardDelivery, ReadControl {
  private final ChangeStreamControl control;
  private final ChangeStreamSettings settings;
  private final ShardProtocol<?> protocol;
  /** Where this shard's run starts; its shard is the one this run reads. */
  private final TableCursor start;
  private final ChangeListener listener;
  private final RecordConverter converter;
  private final RecordPositions positions;
  private final String where;
  /** When the stream stops by {@code stopAfter}, in {@link System#nanoTime()}; unused without one. */
  private final long end;
  private final boolean hasEnd;

  /** The last cursor the listener accepted: where the next window starts, and what run returns. */
  private TableCursor cursor;

  ChangeStreamRun(ChangeStreamControl control, ShardProtocol<?> protocol, TableCursor start,
      ChangeListener listener) {
    this.control = control;
    this.settings = control.settings;
    this.protocol = protocol;
    this.start = start;
    this.listener = listener;
    this.cursor = start;
    this.positions = new RecordPositions(start.keyspace(), start.shard(), start);
    this.converter = new RecordConverter(settings.table, settings.columns, start.shard());
    this.where = "table \"" + settings.tableName + "\" shard \"" + start.shard() + "\"";
    // Beyond a century is never (and would overflow nanoTime arithmetic).
    this.hasEnd = settings.stopAfter != null && settings.stopAfter.compareTo(Duration.ofDays(36_500)) < 0;
    this.end = hasEnd ? System.nanoTime() + settings.stopAfter.toNanos() : 0;
  }

  TableCursor run() {
    return loop(protocol).run(EncodedCursor.of(start), settings.stopPosition).cursor();
  }

  private <R> ShardStreamLoop<R> loop(ShardProtocol<R> p) {
    return new ShardStreamLoop<>(p, this, settings.options.readOptions(), this, ShardStreamLoop.Mode.FOLLOW,
        settings.table.name(), start.shard());
  }

  // ---- ShardDelivery ----

  @Override
  public void beginResponse(TableCursor next) {
    positions.response(next);
  }

  @Override
  public void onResult(QueryResult result, Operation operation, QueryResult before) {
    int rows = result.rows().size();
    Instant received = Instant.now();
    for (int i = 0; i < rows; i++) {
      Record record = converter.toRecord(operation, result, i, before, positions.next(), received);
      try {
        listener.onRecord(record);
      } catch (Exception e) {
        throw listenerFailed("record " + operation, e);
      }
    }
  }

  @Override
  public void onPartialResult(QueryResult result, Operation operation, QueryResult before) {
    int rows = result.rows().size();
    Instant received = Instant.now();
    for (int i = 0; i < rows; i++) {
      Record record = converter.toPartialRecord(operation, result, i, before, positions.next(), received);
      try {
        listener.onRecord(record);
      } catch (Exception e) {
        throw listenerFailed("record " + operation, e);
      }
    }
  }

  @Override
  public void onSchemaChange(String ddl, List<Field> fields) {
    if (!converter.schemaChanged(ddl, fields)) {
      return;
    }
    SchemaChange change = new SchemaChange(settings.table.name(), start.keyspace(), start.shard(), ddl,
        fields != null ? fields : converter.knownFields(), positions.next());
    try {
      listener.onSchemaChange(change);
    } catch (Exception e) {
      throw listenerFailed("schema change", e);
    }
  }

  @Override
  public void onCursor(EncodedCursor next) {
    try {
      listener.onCursor(next.cursor());
    } catch (Exception thrown) {
      throw listenerFailed("cursor at position [" + next.cursor().position() + "]", thrown);
    }
    cursor = next.cursor();
    positions.cursor(cursor);
  }

  @Override
  public void onRestart(TableCursor from) {
    positions.restart(from); // records after the cursor come again: label them as before
  }

  // ---- ReadControl ----

  @Override
  public boolean isClosed() {
    return control.isClosed();
  }

  /** Nanoseconds until {@code stopAfter}; {@link Long#MAX_VALUE} without one. */
  @Override
  public long remainingNanos() {
    return hasEnd ? end - System.nanoTime() : Long.MAX_VALUE;
  }

  @Override
  public boolean pause(long nanos) throws InterruptedException {
    return !control.awaitClosed(nanos);
  }

  @Override
  public boolean register(StreamCall<?> call) {
    return control.register(start.shard(), call);
  }

  private ChangeStream.ListenerException listenerFailed(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new ChangeStream.ListenerException("the listener of " + where + " failed on a " + what
        + "; the stream stopped; resume from position [" + cursor.position() + "]: " + e, cursor, e);
  }
}
