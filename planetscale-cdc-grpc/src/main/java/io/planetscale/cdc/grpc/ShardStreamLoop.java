package io.planetscale.cdc.grpc;

import io.grpc.Status;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.spi.ReadOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader core of every transport: reads one table on one shard from a cursor, in read
 * windows (one call each, ended by deadline), until a stop position, a time limit or close. The
 * transport ({@link ShardProtocol}) owns the messages; this class owns what is common:
 * <ul>
 *   <li>a window that ends by deadline continues from the last cursor;
 *   <li>transient failures are retried with backoff from the last cursor, up to the retry policy's
 *       attempts (reset by progress); every other failure is an exception naming table, shard and
 *       position, a stale position a {@link StaleCursorException} naming the position the failing
 *       call sent;
 *   <li>before every call after the first, the delivery hears {@link ShardDelivery#onRestart};
 *   <li>a cursor outside any copy that reached the stop position ends the read: at once if the
 *       transport's cursors are exact, it moved past the stop or it ended a copy, else after a settle interval
 *       without further responses ({@link StopPosition}); once there, a window ending in any way
 *       ends the read.
 * </ul>
 * A {@linkplain Mode#CATCH_UP catch-up} read (a sync) also ends when the server ends a call and
 * after {@value #MAX_IDLE_WINDOWS} windows in a row without progress, widening idle windows; a
 * {@linkplain Mode#FOLLOW follow} read (a change stream) runs until its stop, limit or close.
 */
final class ShardStreamLoop<R> {
  private static final Logger LOG = LoggerFactory.getLogger(ShardStreamLoop.class);
  /** Read windows in a row that may end without any progress before a catch-up read gives up. */
  static final int MAX_IDLE_WINDOWS = 5;
  private static final Duration MAX_WINDOW = Duration.ofHours(1);
  /** How long past its deadline a window's responses are waited for before the client gives up on it. */
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** What kind of read: one that catches up to a position (a sync), or one that follows the shard. */
  enum Mode { CATCH_UP, FOLLOW }

  private enum Outcome { STOP, DEADLINE, ENDED, RETRY }

  private final ShardProtocol<R> protocol;
  private final ShardDelivery delivery;
  private final ReadOptions options;
  private final ReadControl control;
  private final Mode mode;
  /** The table (stream) name for errors, and "table "t" shard "s"" for messages. */
  private final String table;
  private final String where;

  private EncodedCursor cursor;
  private boolean cursorInResponse;
  /** Whether the last cursor delivered ended a copy (the one before it was copying). */
  private boolean copyEnded;
  private Status failure;
  private final ShardDelivery tracking = new Tracking();

  ShardStreamLoop(ShardProtocol<R> protocol, ShardDelivery delivery, ReadOptions options, ReadControl control,
      Mode mode, String table, String shard) {
    this.protocol = protocol;
    this.delivery = delivery;
    this.options = options;
    this.control = control;
    this.mode = mode;
    this.table = table;
    this.where = "table \"" + table + "\" shard \"" + shard + "\"";
  }

  /**
   * Reads from {@code start} until {@code stop} (null: no stop position).
   *
   * @return the last cursor delivered, or {@code start}
   */
  EncodedCursor run(EncodedCursor start, String stop) {
    cursor = start;
    if (StopPosition.isReachedBy(cursor.cursor(), stop)) {
      LOG.debug("{}: position [{}] already reached the stop position [{}]", where, cursor.cursor().position(), stop);
      return cursor;
    }
    Duration window = options.readWindow();
    int failures = 0;
    int idleWindows = 0;
    boolean first = true;
    while (true) {
      if (control.isClosed() || control.remainingNanos() <= 0) {
        return cursor;
      }
      if (!first) {
        protocol.restart();
        delivery.onRestart(cursor.cursor());
      }
      first = false;
      TableCursor from = cursor.cursor();
      long opened = System.nanoTime();
      Outcome outcome = window(stop, window);
      boolean progress = !cursor.cursor().equals(from);
      if (progress) {
        failures = 0;
        idleWindows = 0;
        window = options.readWindow();
      }
      if (outcome != Outcome.STOP && StopPosition.isReachedBy(cursor.cursor(), stop)) {
        // A window from here would only wait for what comes after the stop position: the read is done.
        LOG.debug("{}: the window ended ({}) at the stop position [{}]", where, outcome, stop);
        return cursor;
      }
      switch (outcome) {
        case STOP:
          return cursor;
        case ENDED:
          if (mode == Mode.CATCH_UP) {
            return cursor; // the server sent everything it had
          }
          // A server that ends every call at once without progress is not called in a busy loop.
          if (!progress && System.nanoTime() - opened < options.readWindow().toNanos() / 2
              && !pause(++idleWindows)) {
            return cursor;
          }
          break;
        case DEADLINE:
          if (mode == Mode.FOLLOW || progress) {
            break; // a window's end is normal
          }
          if (++idleWindows >= MAX_IDLE_WINDOWS) {
            LOG.warn("{}: {} read windows in a row ended without progress; stopping at position [{}]", where,
                idleWindows, cursor.cursor().position());
            return cursor;
          }
          window = min(window.multipliedBy(2), MAX_WINDOW); // a slow server gets more time
          if (!pause(idleWindows)) {
            return cursor;
          }
          break;
        default: // RETRY
          failures++;
          if (failures >= options.retryPolicy().maxAttempts()) {
            throw StatusClassifier.toException("reading " + where + " from position ["
                + cursor.cursor().position() + "] (attempt " + failures + ")", failure);
          }
          LOG.info("{}: {} ({}); retry {} from position [{}]", where, failure.getCode(), failure.getDescription(),
              failures, cursor.cursor().position());
          if (!pause(failures)) {
            return cursor;
          }
      }
    }
  }

  /**
   * The shard's current position, from a short call starting at {@code "current"}; transient
   * failures are retried.
   *
   * @param shardStart any cursor of the shard (its keyspace and shard are used)
   * @throws PlanetScaleCdcException if the server answers no position, an empty one or {@code "current"}
   */
  String peek(TableCursor shardStart) {
    TableCursor current = TableCursor.of(shardStart.shard(), shardStart.keyspace(), TableCursor.CURRENT);
    Duration timeout = options.peekTimeout();
    for (int attempt = 1; ; attempt++) {
      StreamCall<R> call = protocol.openPeek(current, timeout);
      Status end;
      try {
        while (true) {
          R r = call.read(timeout.toNanos() + GRACE_NANOS);
          if (r == null) {
            end = call.end() != null ? call.end() : Status.DEADLINE_EXCEEDED;
            break;
          }
          String position = protocol.currentPosition(r);
          if (position != null) {
            if (position.isEmpty() || TableCursor.CURRENT.equals(position)) {
              throw new PlanetScaleCdcException("peeking the current position of " + where
                  + " failed: the server answered the position [" + position + "], not a GTID position");
            }
            return position;
          }
        }
      } catch (InterruptedException e) {
        throw interrupted(e);
      } finally {
        call.cancel();
      }
      if (end.isOk()) {
        throw new PlanetScaleCdcException("peeking the current position of " + where
            + " failed: the server ended the stream without a position");
      }
      boolean transientFailure = StatusClassifier.isRetryable(end) || end.getCode() == Status.Code.DEADLINE_EXCEEDED;
      if (!transientFailure || attempt >= options.retryPolicy().maxAttempts()) {
        throw StatusClassifier.toException("peeking the current position of " + where, end);
      }
      if (!pause(attempt)) {
        throw new PlanetScaleCdcException("peeking the current position of " + where + " was stopped");
      }
    }
  }

  /** One call from the cursor, until its deadline, a failure, or the stop. */
  private Outcome window(String stop, Duration length) {
    String sent = cursor.cursor().position();
    StreamCall<R> call = protocol.open(cursor.cursor(), length);
    if (!control.register(call)) {
      call.cancel();
      return Outcome.STOP;
    }
    try {
      StopPosition stopAt = new StopPosition(stop, protocol.exactStop() ? Duration.ZERO : options.settleInterval());
      while (true) {
        if (control.isClosed() || control.remainingNanos() <= 0) {
          return Outcome.STOP;
        }
        // Once settling, what already arrived is still read when the interval is over.
        long wait = Math.max(0, Math.min(stopAt.settling() ? stopAt.settleRemainingNanos()
            : length.toNanos() + GRACE_NANOS, control.remainingNanos()));
        R r = call.read(wait);
        if (control.isClosed()) {
          return Outcome.STOP; // whatever came, close wins: no callback after it, if avoidable
        }
        if (r == null) {
          Status end = call.end();
          if (end == null) { // nothing within the wait
            return stopAt.settling() || control.remainingNanos() <= 0 ? Outcome.STOP : Outcome.DEADLINE;
          }
          if (end.isOk()) {
            Status unexpected = protocol.completion();
            return unexpected == null ? Outcome.ENDED : failed(unexpected, sent);
          }
          return failed(end, sent);
        }
        cursorInResponse = false;
        Status inline = protocol.apply(r, tracking);
        if (inline != null) {
          return failed(inline, sent);
        }
        if (cursorInResponse && stopAt.onCursor(cursor.cursor(), copyEnded)) {
          return Outcome.STOP;
        }
        stopAt.onResponse(protocol.size(r)); // after the delivery: a slow sink does not eat into the settle interval
      }
    } catch (InterruptedException e) {
      throw interrupted(e);
    } finally {
      call.cancel();
    }
  }

  private Outcome failed(Status status, String sentPosition) {
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return Outcome.DEADLINE;
    }
    if (StatusClassifier.isPurgedBinlogs(status)) {
      // Name the position this call sent, which the server rejected (not where the read started).
      throw new StaleCursorException(table, cursor.cursor().shard(), sentPosition, status.asRuntimeException());
    }
    if (StatusClassifier.isRetryable(status)) {
      failure = status;
      return Outcome.RETRY;
    }
    throw StatusClassifier.toException("reading " + where + " from position [" + sentPosition + "]", status);
  }

  /** Waits the backoff before attempt {@code retry + 1}, within the time limit; false if stopped. */
  private boolean pause(int retry) {
    long wait = Math.min(options.retryPolicy().backoff(retry).toNanos(), control.remainingNanos());
    try {
      return control.pause(Math.max(0, wait)) && control.remainingNanos() > 0;
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  private PlanetScaleCdcException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new PlanetScaleCdcException("interrupted while reading " + where, e);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Forwards to the delivery, noting each cursor: where the next call starts. */
  private final class Tracking implements ShardDelivery {
    @Override
    public void beginResponse(TableCursor end) {
      delivery.beginResponse(end);
    }

    @Override
    public void onResult(QueryResult result, Operation operation,
        QueryResult before) {
      delivery.onResult(result, operation, before);
    }

    @Override
    public void onPartialResult(QueryResult result, Operation operation,
        QueryResult before) {
      delivery.onPartialResult(result, operation, before);
    }

    @Override
    public void onSchemaChange(String ddl, List<Field> fields) {
      delivery.onSchemaChange(ddl, fields);
    }

    @Override
    public void onCursor(EncodedCursor next) {
      delivery.onCursor(next);
      copyEnded = cursor != null && cursor.cursor().isCopying() && !next.cursor().isCopying();
      cursor = next;
      cursorInResponse = true;
    }

    @Override
    public void onRestart(TableCursor from) {
      delivery.onRestart(from);
    }
  }
}
