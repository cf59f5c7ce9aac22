package io.planetscale.cdc.testkit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fault injection for {@link FakePlanetScale}: make the server fail, drop, stall, forget binlogs
 * or refuse credentials, to test how code copes. Faults apply to streams from the moment they are
 * armed; one-shot faults disarm after firing. Thread-safe.
 *
 * <pre>{@code
 * fake.faults().dropStreamAfterRows(500);          // the next stream breaks after 500 rows
 * fake.faults().failResponse(3, Status.Code.UNAVAILABLE, "tablet restarting");
 * fake.faults().purgeBinlogsBefore(fake.position("-"));  // older cursors are now stale
 * }</pre>
 */
public final class Faults {
  private final FakePlanetScale fake;
  private final AtomicLong responsesUntilFailure = new AtomicLong();
  private final AtomicReference<Status> failure = new AtomicReference<>();
  private final AtomicLong dropAfterRows = new AtomicLong(-1);
  private volatile Duration delay = Duration.ZERO;
  private volatile boolean rejectCredentials;

  Faults(FakePlanetScale fake) {
    this.fake = fake;
  }

  /**
   * Fails the {@code n}th response sent from now on (counted across all streams, 1-based): instead
   * of sending it, the stream ends with this status. One-shot.
   *
   * @param n which response fails, from 1
   * @param code the status code, e.g. {@code UNAVAILABLE}
   * @param message the status description
   * @return this
   */
  public Faults failResponse(int n, Status.Code code, String message) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, was " + n);
    }
    failure.set(Status.fromCode(Objects.requireNonNull(code, "code")).withDescription(message));
    responsesUntilFailure.set(n);
    return this;
  }

  /**
   * Breaks the next stream that has sent at least {@code rows} rows: after the response that
   * reaches the count, it ends with {@code UNAVAILABLE} as a reset connection would. One-shot.
   *
   * @param rows rows to send before dropping, at least 1
   * @return this
   */
  public Faults dropStreamAfterRows(long rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be >= 1, was " + rows);
    }
    dropAfterRows.set(rows);
    return this;
  }

  /**
   * Waits this long before every response (until cleared with {@link Duration#ZERO} or {@link #reset()}).
   *
   * @param value the delay
   * @return this
   */
  public Faults delayResponses(Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    delay = value;
    return this;
  }

  /**
   * Purges the binlogs of the shard a position belongs to, up to (not including) that position:
   * a stream asking for an older position fails with {@code UNKNOWN} "Cannot replicate because the
   * source purged required binary logs", as the real server does.
   *
   * @param position a position of one of the fake's shards, e.g. from {@link FakePlanetScale#position}
   * @return this
   * @throws IllegalArgumentException if the position belongs to no shard of the fake
   */
  public Faults purgeBinlogsBefore(String position) {
    fake.purgeBinlogsBefore(position);
    return this;
  }

  /**
   * Purges every shard's binlogs up to its current position: every older cursor is stale.
   *
   * @return this
   */
  public Faults purgeAllBinlogs() {
    fake.purgeAllBinlogs();
    return this;
  }

  /**
   * Rejects every call with {@code UNAUTHENTICATED}, and every {@link FakePlanetScale#mysqlAccess()}
   * query with an {@link io.planetscale.cdc.AuthenticationException}, whatever the credentials.
   *
   * @param value whether to reject
   * @return this
   */
  public Faults rejectCredentials(boolean value) {
    rejectCredentials = value;
    return this;
  }

  /**
   * Disarms every fault (purged binlogs stay purged).
   *
   * @return this
   */
  public Faults reset() {
    failure.set(null);
    responsesUntilFailure.set(0);
    dropAfterRows.set(-1);
    delay = Duration.ZERO;
    rejectCredentials = false;
    return this;
  }

  boolean rejectingCredentials() {
    return rejectCredentials;
  }

  Duration delay() {
    return delay;
  }

  /** Called before each response: the failure to end the stream with, or null to send it. */
  StatusRuntimeException beforeResponse() {
    Status armed = failure.get();
    if (armed == null) {
      return null;
    }
    if (responsesUntilFailure.decrementAndGet() == 0 && failure.compareAndSet(armed, null)) {
      return armed.asRuntimeException();
    }
    return null;
  }

  /** Called after each response with the stream's row count: the drop to end it with, or null. */
  StatusRuntimeException afterResponse(long streamRows) {
    long threshold = dropAfterRows.get();
    if (threshold > 0 && streamRows >= threshold && dropAfterRows.compareAndSet(threshold, -1)) {
      return Status.UNAVAILABLE.withDescription("connection reset: stream dropped by fault injection after "
          + streamRows + " rows").asRuntimeException();
    }
    return null;
  }
}
