package io.planetscale.cdc.testkit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fault injection for {@link FakePlanetScale}: make the server fail, drop, stall, forget binlogs
 * or refuse credentials, or behave in the less convenient ways a real psdbconnect server may, to
 * test how code copes. Faults apply to streams from the moment they are armed; one-shot faults
 * disarm after firing. Thread-safe.
 *
 * <p>Failures: {@link #failResponse} (the Nth response becomes an error status),
 * {@link #dropStreamAfterRows} (a reset connection), {@link #rejectCredentials},
 * {@link #purgeBinlogsBefore} and {@link #purgeAllBinlogs} (stale cursors). Slowness:
 * {@link #delayResponses} and {@link #delayResponsesAfter}. Server quirks that are not errors but
 * that a client must handle: {@link #repeatCursorPositions} (the same position in several
 * consecutive responses, a transaction split over them) and {@link #peekAnswersEmptyPosition} (a
 * {@code "current"} call answers an empty position). {@link #reset()} disarms them all.
 *
 * <pre>{@code
 * fake.faults().dropStreamAfterRows(500);          // the next stream breaks after 500 rows
 * fake.faults().failResponse(3, Status.Code.UNAVAILABLE, "tablet restarting");
 * fake.faults().purgeBinlogsBefore(fake.position("-"));  // older cursors are now stale
 * fake.faults().repeatCursorPositions(3);          // every position arrives at least 3 times in a row
 * }</pre>
 */
public final class Faults {
  /** Runs on a {@code Sync} call's thread before each copy response; see {@link #beforeCopyResponse}. */
  @FunctionalInterface
  public interface CopyResponseHook {
    /**
     * Called before a copy-phase response of a {@code Sync} call: the test may change data here (e.g.
     * through {@link FakePlanetScale#update}) at an exact point of the copy, without racing the stream.
     * The copy's rows come from the snapshot the call took when it started, so the change reaches the
     * client after the copy (or, on a copy resumed with its position, before the rest of it). A runtime
     * exception fails the call with {@code INTERNAL}.
     *
     * @param shard the shard being copied
     * @param table the table being copied
     * @param responsesSent how many copy responses this call already sent
     */
    void beforeResponse(String shard, String table, long responsesSent);
  }

  private static final CopyResponseHook NO_HOOK = (shard, table, responsesSent) -> { };

  private final FakePlanetScale fake;
  private volatile CopyResponseHook copyResponseHook = NO_HOOK;
  private final AtomicLong responsesUntilFailure = new AtomicLong();
  private final AtomicReference<Status> failure = new AtomicReference<>();
  private final AtomicLong dropAfterRows = new AtomicLong(-1);
  private final AtomicLong undelayedResponses = new AtomicLong();
  private volatile Duration delay = Duration.ZERO;
  private volatile boolean rejectCredentials;
  private volatile int cursorRepeats = 1;
  private volatile boolean emptyPeekPosition;
  private final VStreamFaults vstream = new VStreamFaults();

  Faults(FakePlanetScale fake) {
    this.fake = fake;
  }

  /**
   * The faults of {@code vtgateservice.Vitess/VStream} calls: failures, unexpected ends, the copy-phase
   * interruption, idle ends and repeated VGTIDs.
   *
   * @return the VStream faults (reset by {@link #reset()} too)
   */
  public VStreamFaults vstream() {
    return vstream;
  }

  /**
   * Fails the {@code n}th {@code Sync} response sent from now on (counted across all {@code Sync} calls,
   * 1-based; VStream calls: {@link VStreamFaults#failAfterResponses}): instead
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
   * Breaks the next {@code Sync} stream that has sent at least {@code rows} rows: after the response that
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
   * Waits this long before every response of every {@code Sync} stream, the first answer of a
   * {@code "current"} call included (until cleared with {@link Duration#ZERO} or {@link #reset()}). A
   * client that cancels during the wait ends the server's stream at once.
   *
   * @param value the delay
   * @return this
   */
  public Faults delayResponses(Duration value) {
    return delayResponsesAfter(0, value);
  }

  /**
   * Sends the next {@code n} responses (counted across all streams from now on) at once, then waits
   * {@code value} before every later one: a server that goes slow in the middle of a stream, e.g.
   * to test a read window or a no-progress timeout that must not fire while rows still arrive.
   * Stays armed until cleared with {@link #delayResponses delayResponses(Duration.ZERO)} or
   * {@link #reset()}.
   *
   * @param n responses to send without delay, at least 0
   * @param value the delay of each later response
   * @return this
   */
  public Faults delayResponsesAfter(long n, Duration value) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    if (Objects.requireNonNull(value, "delay").isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + value);
    }
    undelayedResponses.set(n);
    delay = value;
    return this;
  }

  /**
   * Makes every position a stream reports outside the copy phase arrive in at least {@code times}
   * consecutive responses, as PlanetScale's psdbconnect server may. That server is closed source;
   * what it does is inferred: PlanetScale's own connectors keep reading every response at a stop
   * position and stop only once the position changes again (wire format §7.4), and the vtgate
   * VStream underneath forwards one transaction as one or more consecutive responses (§7.1), so a
   * transaction's rows may reach the client in several responses that each say the transaction's
   * position, and position-only responses may repeat while nothing changes.
   *
   * <p>With {@code times} of 2 or more, each replicated transaction's changes go one change per
   * response and <em>every</em> one of those responses carries the transaction's cursor (instead of
   * only the last chunk), followed by cursor-only responses at the same position until
   * {@code times} responses carried it; a transaction of 3 inserts is thus 3 responses at position
   * P for {@code times} 3, and still 3 for {@code times} 2. Cursor-only responses (the answer to a
   * {@code "current"} call, the end of the copy phase, the position reached through other tables'
   * transactions) are sent {@code times} times. Copy-phase batches, whose cursors carry
   * {@code last_known_pk}, are unchanged (they already repeat their snapshot position).
   *
   * <p>What this catches: a client that stops as soon as it has seen its stop position P once or
   * twice loses the rows of P in later responses; a correct client reads until the position moves
   * past P. Note that a cursor saved from a response in the middle of such a transaction already
   * says P, so resuming from it skips the transaction's later changes, as it would against a
   * server that does this.
   *
   * @param times how many consecutive responses carry each position, at least 1 (1 = normal)
   * @return this
   */
  public Faults repeatCursorPositions(int times) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be >= 1, was " + times);
    }
    cursorRepeats = times;
    return this;
  }

  /**
   * Makes a {@code Sync} call at position {@code "current"} answer first a cursor whose position is
   * empty ({@code ""}); changes stream as usual after it. A real server may answer so under
   * conditions nobody documented (PlanetScale's Go connectors carry code paths for an empty stop
   * position, and silently skip the table on it). An empty position is not "no new rows": sent
   * back, it starts a full copy. A client that peeks for a stop position must treat it as an error.
   * Stays on until turned off or {@link #reset()}.
   *
   * @param value whether {@code "current"} calls answer an empty position
   * @return this
   */
  public Faults peekAnswersEmptyPosition(boolean value) {
    emptyPeekPosition = value;
    return this;
  }

  /**
   * Purges the binlogs of the shard a position belongs to, up to (not including) that position:
   * a {@code Sync} or VStream call asking to replicate from an older position fails with
   * {@code UNKNOWN} "Cannot replicate because the source purged required binary logs", as the real
   * server does.
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
   * Rejects every call ({@code Sync}, VStream) with {@code UNAUTHENTICATED}, and every
   * {@link FakePlanetScale#mysqlAccess()} query with an {@link io.planetscale.cdc.AuthenticationException},
   * whatever the credentials.
   *
   * @param value whether to reject
   * @return this
   */
  public Faults rejectCredentials(boolean value) {
    rejectCredentials = value;
    return this;
  }

  /**
   * Runs {@code hook} before every copy-phase response of every {@code Sync} call, on the call's
   * thread (VStream calls: {@link VStreamSettings#beforeCopyBatch}). Until {@link #reset()}.
   *
   * @param hook the hook, or null for none
   * @return this
   */
  public Faults beforeCopyResponse(CopyResponseHook hook) {
    copyResponseHook = hook == null ? NO_HOOK : hook;
    return this;
  }

  CopyResponseHook copyResponseHook() {
    return copyResponseHook;
  }

  /**
   * Disarms every fault and quirk: failures, drops, delays, rejected credentials, repeated
   * positions, empty peek answers, the copy-response hook and every {@link #vstream()} fault (purged
   * binlogs stay purged).
   *
   * @return this
   */
  public Faults reset() {
    failure.set(null);
    responsesUntilFailure.set(0);
    dropAfterRows.set(-1);
    undelayedResponses.set(0);
    delay = Duration.ZERO;
    rejectCredentials = false;
    cursorRepeats = 1;
    emptyPeekPosition = false;
    copyResponseHook = NO_HOOK;
    vstream.reset();
    return this;
  }

  boolean rejectingCredentials() {
    return rejectCredentials;
  }

  /** The wait before the response about to be sent: none while undelayed responses are left. */
  Duration delayOfNextResponse() {
    Duration armed = delay;
    if (armed.isZero()) {
      return armed;
    }
    boolean undelayed = undelayedResponses.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    return undelayed ? Duration.ZERO : armed;
  }

  int cursorRepeats() {
    return cursorRepeats;
  }

  boolean emptyPeekPosition() {
    return emptyPeekPosition;
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
