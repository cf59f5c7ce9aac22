package io.planetscale.cdc.grpc;

import io.grpc.Status;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordConverter;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.spi.RecordPositions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard of a {@link ChangeStream#run}, on the calling thread (with several shards, on a reader
 * thread of {@link ShardedChangeStream}): read windows from the last cursor, one after another,
 * until the stop condition, {@link ChangeStream#close()}, or a failure. Mirrors
 * {@link ShardReader}'s window and retry handling, without its peek and idle-window limit: a
 * change stream has no "caught up" and a quiet table is normal.
 */
final class ChangeStreamRun {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeStream.class);
  /** How long past its deadline a window's responses are waited for before the client gives up on it. */
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final ChangeStream stream;
  private final ConnectGrpc.ConnectStub stub;
  /** Where this shard's run starts; its shard is the one this run reads. */
  private final TableCursor start;
  private final ChangeListener listener;
  private final ReadOptions options;
  private final RecordConverter converter;
  private final String where;
  /** When the stream stops by {@code stopAfter}, in {@link System#nanoTime()}; unused without one. */
  private final long end;
  private final boolean hasEnd;

  /** The last cursor the listener accepted: where the next window starts, and what run returns. */
  private TableCursor cursor;
  private final RecordPositions positions;
  private Status failure;

  ChangeStreamRun(ChangeStream stream, ConnectGrpc.ConnectStub stub, TableCursor start, ChangeListener listener) {
    this.stream = stream;
    this.stub = stub;
    this.start = start;
    this.listener = listener;
    this.options = stream.options.readOptions();
    this.cursor = start;
    this.positions = new RecordPositions(start.keyspace(), start.shard(), start);
    this.converter = new RecordConverter(stream.table, stream.columns, start.shard());
    this.where = "table \"" + stream.tableName + "\" shard \"" + start.shard() + "\"";
    // Beyond a century is never (and would overflow nanoTime arithmetic).
    this.hasEnd = stream.stopAfter != null && stream.stopAfter.compareTo(Duration.ofDays(36_500)) < 0;
    this.end = hasEnd ? System.nanoTime() + stream.stopAfter.toNanos() : 0;
  }

  TableCursor run() {
    if (StopPosition.isReachedBy(cursor, stream.stopPosition)) {
      LOG.debug("{}: the start position [{}] already reached the stop position", where, cursor.position());
      return cursor;
    }
    RetryPolicy retry = options.retryPolicy();
    int failures = 0;
    int earlyEnds = 0;
    boolean first = true;
    while (true) {
      TableCursor from = cursor;
      if (!first) {
        positions.restart(from); // records after the cursor come again: label them as before
      }
      first = false;
      long opened = System.nanoTime();
      Outcome outcome = window();
      boolean progress = !cursor.equals(from);
      if (progress) {
        failures = 0;
        earlyEnds = 0;
      }
      if (outcome != Outcome.STOP && StopPosition.isReachedBy(cursor, stream.stopPosition)) {
        return cursor; // at the stop position, a new window could only bring what comes after it
      }
      switch (outcome) {
        case STOP:
          return cursor;
        case ENDED:
          // A window that ends by its deadline is normal. One the server ends early without progress
          // gets a pause, so that a server ending every call at once is not called in a busy loop.
          if (!progress && System.nanoTime() - opened < options.readWindow().toNanos() / 2 && !pause(++earlyEnds)) {
            return cursor;
          }
          break;
        default: // RETRY
          failures++;
          if (failures >= retry.maxAttempts()) {
            throw StatusClassifier.toException("streaming " + where + " from position [" + cursor.position()
                + "] (attempt " + failures + ")", failure);
          }
          LOG.info("{}: {} ({}); retry {} from position [{}]", where, failure.getCode(), failure.getDescription(),
              failures, cursor.position());
          if (!pause(failures)) {
            return cursor;
          }
      }
      if (stream.isClosed() || remaining() <= 0) {
        return cursor;
      }
    }
  }

  private enum Outcome { STOP, ENDED, RETRY }

  /** One streaming call from the cursor, until its deadline, a failure, or the stop condition. */
  private Outcome window() {
    String sentPosition = cursor.position();
    long length = options.readWindow().toNanos();
    SyncCall call = stream.open(stub.withDeadlineAfter(length, TimeUnit.NANOSECONDS), cursor);
    if (call == null) {
      return Outcome.STOP; // closed
    }
    try {
      StopPosition stopAt = new StopPosition(stream.stopPosition, options.settleInterval());
      while (true) {
        long wait = Math.min(stopAt.settling() ? stopAt.settleRemainingNanos() : length + GRACE_NANOS, remaining());
        if (wait <= 0 || stream.isClosed()) {
          return Outcome.STOP;
        }
        Object e = call.poll(wait);
        if (stream.isClosed()) {
          return Outcome.STOP; // whatever came, close() wins: no callback after it, if avoidable
        }
        if (e == null) {
          return stopAt.settling() || remaining() <= 0 ? Outcome.STOP : Outcome.ENDED;
        }
        if (e == SyncCall.COMPLETED) {
          return Outcome.ENDED; // the server ended the call: continue from the last cursor
        }
        if (e instanceof Throwable) {
          return failed(Status.fromThrowable((Throwable) e), sentPosition);
        }
        SyncResponse r = (SyncResponse) e;
        stopAt.onResponse();
        TableCursor next = SyncMessages.endCursor(r, where);
        positions.response(next);
        SyncMessages.deliver(r, this::onResult);
        Status error = SyncMessages.error(r);
        if (error != null) {
          return failed(error, sentPosition);
        }
        if (next != null) {
          try {
            listener.onCursor(next);
          } catch (Exception thrown) {
            throw listenerFailed("cursor at position [" + next.position() + "]", thrown);
          }
          cursor = next;
          positions.cursor(next);
          if (stopAt.onCursor(next)) {
            return Outcome.STOP;
          }
        }
      }
    } catch (InterruptedException e) {
      throw interrupted(e);
    } finally {
      call.cancel();
    }
  }

  private Outcome failed(Status status, String sentPosition) {
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return Outcome.ENDED; // the window's end
    }
    if (StatusClassifier.isPurgedBinlogs(status)) {
      throw new StaleCursorException(stream.table.name(), start.shard(), sentPosition,
          status.asRuntimeException());
    }
    if (StatusClassifier.isRetryable(status)) {
      failure = status;
      return Outcome.RETRY;
    }
    throw StatusClassifier.toException("streaming " + where + " from position [" + sentPosition + "]", status);
  }

  private void onResult(QueryResult result, Operation operation, QueryResult before) {
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

  /** Waits the backoff before attempt {@code retry + 1}; false if the stream was closed or its time is up. */
  private boolean pause(int retry) {
    long wait = Math.min(options.retryPolicy().backoff(retry).toNanos(), remaining());
    try {
      return !stream.awaitClosed(Math.max(0, wait)) && remaining() > 0;
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /** Nanoseconds until {@code stopAfter}; {@link Long#MAX_VALUE} without one. */
  private long remaining() {
    return hasEnd ? end - System.nanoTime() : Long.MAX_VALUE;
  }

  private ChangeStream.ListenerException listenerFailed(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new ChangeStream.ListenerException("the listener of " + where + " failed on a " + what
        + "; the stream stopped; resume from position [" + cursor.position() + "]: " + e, cursor, e);
  }

  private PlanetScaleCdcException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new PlanetScaleCdcException("interrupted while streaming " + where, e);
  }
}
