package io.planetscale.cdc.grpc;

import io.grpc.Status;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.spi.ReadParams;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link ConnectEdgeDatabase#read}: the Go connectors' algorithm without their bugs. Peek the
 * shard's current position (the stop position); if the cursor already contains it, return. Else
 * stream from the cursor in read windows, delivering rows and cursors in order, until a cursor
 * outside any copy reaches the stop position — then finish at once if it moved past it, or after
 * a short settle interval without further responses (see {@link StopPosition}). Transient
 * failures are retried with backoff from the last cursor; windows that end by deadline continue
 * from the last cursor; once the cursor has reached the stop position, a window that ends in any
 * of those ways ends the read. Every other failure is an exception, never a silent "no new rows".
 */
final class ShardReader {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectEdgeDatabase.class);
  /** Read windows in a row that may end without any progress before the read gives up, as fivetran does. */
  private static final int MAX_IDLE_WINDOWS = 5;
  private static final Duration MAX_WINDOW = Duration.ofHours(1);

  private final ConnectGrpc.ConnectStub stub;
  private final ReadParams params;
  private final ReadOptions options;
  private final String table;
  private final String where;

  ShardReader(ConnectGrpc.ConnectStub stub, ReadParams params, ReadOptions options) {
    this.stub = stub;
    this.params = params;
    this.options = options;
    this.table = params.table().tableName().isEmpty() ? params.table().name() : params.table().tableName();
    this.where = "table \"" + table + "\" shard \"" + params.lastKnownPosition().shard() + "\"";
  }

  SerializedCursor read() {
    TableCursor cursor = params.lastKnownPosition();
    String stop = peek();
    if (StopPosition.isReachedBy(cursor, stop)) {
      LOG.debug("{}: no new rows at position [{}]", where, stop);
      return SerializedCursor.of(cursor);
    }
    LOG.debug("{}: syncing from [{}] to [{}]", where, cursor.position(), stop);
    if (cursor.isCopying() && cursor.position().isEmpty()) {
      LOG.warn("{}: the saved copy progress has no position, so the copy resumes after its last key on a new "
          + "snapshot: changes made since that progress was saved to rows already copied are not delivered", where);
    }
    Duration window = options.readWindow();
    int failures = 0;
    int idleWindows = 0;
    boolean first = true;
    while (true) {
      if (!first) {
        params.onCursor().onRestart(cursor);
      }
      first = false;
      Window w = new Window(cursor, stop, window);
      Outcome outcome = w.run();
      boolean progress = !w.cursor.equals(cursor);
      cursor = w.cursor;
      if (progress) {
        failures = 0;
        idleWindows = 0;
        window = options.readWindow();
      }
      if (outcome != Outcome.FINISHED && StopPosition.isReachedBy(cursor, stop)) {
        // A window from here would only wait for responses after the stop position: the read is done.
        LOG.debug("{}: the window ended ({}) at the stop position [{}]; done", where, outcome, stop);
        return SerializedCursor.of(cursor);
      }
      switch (outcome) {
        case FINISHED:
          return SerializedCursor.of(cursor);
        case DEADLINE:
          if (!progress && ++idleWindows >= MAX_IDLE_WINDOWS) {
            LOG.warn("{}: {} read windows in a row ended without progress; stopping at position [{}]", where,
                idleWindows, cursor.position());
            return SerializedCursor.of(cursor);
          }
          if (!progress) {
            window = min(window.multipliedBy(2), MAX_WINDOW); // a slow server gets more time, as fivetran does
            backoff(idleWindows);
          }
          break;
        default: // RETRY
          failures++;
          if (failures >= options.retryPolicy().maxAttempts()) {
            throw StatusClassifier.toException("reading " + where + " (attempt " + failures + ")", w.failure);
          }
          LOG.info("{}: {} ({}); retry {} from position [{}]", where, w.failure.getCode(),
              w.failure.getDescription(), failures, cursor.position());
          backoff(failures);
      }
    }
  }

  /** The shard's current position: the first cursor of a {@code "current"} call. */
  private String peek() {
    SyncRequest request = SyncRequest.newBuilder().setTableName(table)
        .setCursor(ProtoCodec.toProto(TableCursor.of(params.lastKnownPosition().shard(),
            params.lastKnownPosition().keyspace(), TableCursor.CURRENT)))
        .setTabletTypeValue(params.tabletType().wireValue()).addAllCells(params.cells()).build();
    for (int attempt = 1; ; attempt++) {
      SyncCall call = SyncCall.open(deadline(stub, options.peekTimeout()), request);
      Status failure;
      try {
        while (true) {
          Object e = call.poll(options.peekTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5));
          if (e instanceof SyncResponse) {
            SyncResponse r = (SyncResponse) e;
            if (r.hasCursor()) {
              String position = r.getCursor().getPosition();
              if (position.isEmpty() || TableCursor.CURRENT.equals(position)) {
                throw new PlanetScaleCdcException("peeking the current position of " + where
                    + " failed: the server answered the position [" + position + "], not a GTID position");
              }
              return position;
            }
            continue;
          }
          if (e == SyncCall.COMPLETED) {
            throw new PlanetScaleCdcException("peeking the current position of " + where
                + " failed: the server ended the stream without a position");
          }
          failure = e == null ? Status.DEADLINE_EXCEEDED : Status.fromThrowable((Throwable) e);
          break;
        }
      } catch (InterruptedException e) {
        throw interrupted(e);
      } finally {
        call.cancel();
      }
      boolean transientFailure = StatusClassifier.isRetryable(failure)
          || failure.getCode() == Status.Code.DEADLINE_EXCEEDED;
      if (!transientFailure || attempt >= options.retryPolicy().maxAttempts()) {
        throw StatusClassifier.toException("peeking the current position of " + where, failure);
      }
      backoff(attempt);
    }
  }

  private enum Outcome { FINISHED, DEADLINE, RETRY }

  /** One streaming call from a cursor, until the stop position, the window's end, or a failure. */
  private final class Window {
    private TableCursor cursor;
    private final String stop;
    private final Duration length;
    private final SyncRequest request;
    private Status failure;

    Window(TableCursor cursor, String stop, Duration length) {
      this.cursor = cursor;
      this.stop = stop;
      this.length = length;
      this.request = request(cursor);
    }

    Outcome run() {
      SyncCall call = SyncCall.open(deadline(stub, length), request);
      try {
        StopPosition stopAt = new StopPosition(stop, options.settleInterval());
        while (true) {
          long wait = stopAt.settling() ? stopAt.settleRemainingNanos()
              : length.toNanos() + TimeUnit.SECONDS.toNanos(5);
          if (wait <= 0) {
            return Outcome.FINISHED;
          }
          Object e = call.poll(wait);
          if (e == null) {
            return stopAt.settling() ? Outcome.FINISHED : Outcome.DEADLINE;
          }
          if (e == SyncCall.COMPLETED) {
            return Outcome.FINISHED; // the server ended the stream: everything up to now was delivered
          }
          if (e instanceof Throwable) {
            return failed(Status.fromThrowable((Throwable) e));
          }
          SyncResponse r = (SyncResponse) e;
          stopAt.onResponse();
          TableCursor end = SyncMessages.endCursor(r, where);
          params.onResult().beginResponse(end);
          SyncMessages.deliver(r, params.onResult());
          Status inline = SyncMessages.error(r);
          if (inline != null) {
            return failed(inline);
          }
          if (end != null) {
            cursor = end;
            params.onCursor().onCursor(cursor);
            if (stopAt.onCursor(cursor)) {
              return Outcome.FINISHED;
            }
          }
        }
      } catch (InterruptedException e) {
        throw interrupted(e);
      } finally {
        call.cancel();
      }
    }

    private Outcome failed(Status status) {
      if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
        return Outcome.DEADLINE;
      }
      if (StatusClassifier.isPurgedBinlogs(status)) {
        // Name the position this call sent, which the server rejected (not where the sync started).
        throw new StaleCursorException(params.table().name(), cursor.shard(), request.getCursor().getPosition(),
            status.asRuntimeException());
      }
      if (StatusClassifier.isRetryable(status)) {
        failure = status;
        return Outcome.RETRY;
      }
      throw StatusClassifier.toException("reading " + where, status);
    }
  }

  private SyncRequest request(TableCursor cursor) {
    return SyncMessages.request(table, cursor, params.tabletType(),
        options.includeInserts(), options.includeUpdates(), options.includeDeletes(), params.columns(),
        params.cells());
  }

  private void backoff(int retry) {
    try {
      TimeUnit.NANOSECONDS.sleep(options.retryPolicy().backoff(retry).toNanos());
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  private PlanetScaleCdcException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new PlanetScaleCdcException("interrupted while reading " + where, e);
  }

  private static ConnectGrpc.ConnectStub deadline(ConnectGrpc.ConnectStub stub, Duration d) {
    return stub.withDeadlineAfter(d.toNanos(), TimeUnit.NANOSECONDS);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
