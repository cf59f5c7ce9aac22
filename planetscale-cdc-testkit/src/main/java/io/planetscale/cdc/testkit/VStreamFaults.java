package io.planetscale.cdc.testkit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fault injection for {@code vtgateservice.Vitess/VStream} calls ({@code fake.faults().vstream()}):
 * the ways a real vtgate stream breaks, so a client's resume logic can be tested. Counts are per call
 * (responses it sent, copy batches it sent, heartbeats included), and each fault is one-shot: the first
 * call that reaches the count takes it, whether it was opened before or after arming. The
 * {@code Sync}-only faults of {@link Faults} do not touch VStream calls; rejected credentials and
 * purged binlogs ({@link Faults#rejectCredentials}, {@link Faults#purgeBinlogsBefore}) apply to both.
 * Thread-safe.
 *
 * <pre>{@code
 * fake.faults().vstream().endUnexpectedlyAfterResponses(3);  // UNKNOWN "vstream ended unexpectedly"
 * fake.faults().vstream().interruptCopyAfterBatches(2);       // the 1-hour copy limit, errno 3024
 * fake.faults().vstream().completeAfterResponses(5);          // the server just ends the stream (EOF)
 * }</pre>
 */
public final class VStreamFaults {
  /** The description of {@link #endUnexpectedlyAfterResponses}: vtgate's words when a tablet stream ends. */
  public static final String ENDED_UNEXPECTEDLY = "vstream ended unexpectedly";
  /**
   * The description of {@link #endIdleAfterResponses}. Since vitess#18752 vtgate ends a stream that had no
   * activity on any shard for 10 minutes; its exact wording is not known to us, so this text is made up
   * (it names the 10 minutes whatever silence the test chose).
   */
  public static final String IDLE_ENDED = "vstream: no events received for 10m0s, ending stream";

  private record Failure(long afterResponses, Status status) {}

  private record Idle(long afterResponses, Duration silence) {}

  private final AtomicReference<Failure> failure = new AtomicReference<>();
  private final AtomicLong completeAfter = new AtomicLong(-1);
  private final AtomicReference<Idle> idle = new AtomicReference<>();
  private final AtomicLong copyBatchesBeforeInterrupt = new AtomicLong(-1);
  private volatile int vgtidRepeats = 1;

  VStreamFaults() {}

  /**
   * Ends the first call that has sent {@code n} responses with this status instead of its next response.
   *
   * @param n responses the call sends first, at least 0
   * @param code the status code, e.g. {@code UNAVAILABLE} or {@code CANCELLED}
   * @param message the status description
   * @return this
   */
  public VStreamFaults failAfterResponses(long n, Status.Code code, String message) {
    failure.set(new Failure(atLeast(0, n, "n"), Status.fromCode(Objects.requireNonNull(code, "code"))
        .withDescription(message)));
    return this;
  }

  /**
   * {@link #failAfterResponses} with {@code UNKNOWN} {@value #ENDED_UNEXPECTEDLY}, what vtgate answers
   * when a tablet's stream ends without an error (debezium-connector-vitess#98).
   *
   * @param n responses the call sends first
   * @return this
   */
  public VStreamFaults endUnexpectedlyAfterResponses(long n) {
    return failAfterResponses(n, Status.Code.UNKNOWN, ENDED_UNEXPECTEDLY);
  }

  /**
   * Ends the first call that has sent {@code n} responses cleanly ({@code onCompleted}): to the client an
   * end of stream it did not ask for, which a VStream never does on its own.
   *
   * @param n responses the call sends first, at least 0
   * @return this
   */
  public VStreamFaults completeAfterResponses(long n) {
    completeAfter.set(atLeast(0, n, "n"));
    return this;
  }

  /**
   * Interrupts the copy of the first call that has sent {@code batches} copy batches: instead of its next
   * batch, the call fails with {@code UNKNOWN} and MySQL's "Query execution was interrupted, maximum
   * statement execution time exceeded (errno 3024)", as vttablet's copy does after
   * {@code vreplication_copy_phase_duration} (1 hour; vitess#17778). A client must resume from the last
   * VGTID's {@code table_p_ks}, not restart the copy.
   *
   * @param batches copy batches ({@code [ROW…, VGTID, COMMIT]}) the call sends first, at least 0
   * @return this
   */
  public VStreamFaults interruptCopyAfterBatches(long batches) {
    copyBatchesBeforeInterrupt.set(atLeast(0, batches, "batches"));
    return this;
  }

  /**
   * Makes the first call that has sent {@code n} responses go silent (no events, no heartbeats) for
   * {@code silence}, then end with {@code UNAVAILABLE} {@value #IDLE_ENDED}: vtgate's end of a stream that
   * had no activity for 10 minutes, compressed to {@code silence}.
   *
   * @param n responses the call sends first, at least 0
   * @param silence how long it stays silent before ending, not negative
   * @return this
   */
  public VStreamFaults endIdleAfterResponses(long n, Duration silence) {
    if (Objects.requireNonNull(silence, "silence").isNegative()) {
      throw new IllegalArgumentException("silence must not be negative, was " + silence);
    }
    idle.set(new Idle(atLeast(0, n, "n"), silence));
    return this;
  }

  /**
   * Makes every response that carries a VGTID event be followed by {@code times - 1} more responses
   * holding only a copy of its last VGTID event, so the same position arrives several times in a row.
   * Stays on until set back to 1 or {@link #reset()}.
   *
   * @param times how many times each such VGTID arrives, at least 1 (1 = normal)
   * @return this
   */
  public VStreamFaults repeatVgtids(int times) {
    vgtidRepeats = (int) atLeast(1, times, "times");
    return this;
  }

  /**
   * Disarms every VStream fault.
   *
   * @return this
   */
  public VStreamFaults reset() {
    failure.set(null);
    completeAfter.set(-1);
    idle.set(null);
    copyBatchesBeforeInterrupt.set(-1);
    vgtidRepeats = 1;
    return this;
  }

  /** Before a call's next response, having sent {@code sent}: the failure to end it with, or null. */
  StatusRuntimeException beforeResponse(long sent) {
    Failure armed = failure.get();
    if (armed != null && sent >= armed.afterResponses() && failure.compareAndSet(armed, null)) {
      return armed.status().asRuntimeException();
    }
    return null;
  }

  /** After a call's response number {@code sent}: whether it must now end cleanly. */
  boolean completeAfter(long sent) {
    long n = completeAfter.get();
    return n >= 0 && sent >= n && completeAfter.compareAndSet(n, -1);
  }

  /** After a call's response number {@code sent}: how long it must stay silent before its idle end, or null. */
  Duration idleAfter(long sent) {
    Idle armed = idle.get();
    if (armed != null && sent >= armed.afterResponses() && idle.compareAndSet(armed, null)) {
      return armed.silence();
    }
    return null;
  }

  /** Before a call's next copy batch, having sent {@code batches}: the interruption, or null. */
  StatusRuntimeException beforeCopyBatch(long batches, String target, String query) {
    long n = copyBatchesBeforeInterrupt.get();
    if (n >= 0 && batches >= n && copyBatchesBeforeInterrupt.compareAndSet(n, -1)) {
      return Status.UNKNOWN.withDescription("target: " + target + ": vttablet: rpc error: code = Unknown desc ="
          + " Query execution was interrupted, maximum statement execution time exceeded (errno 3024)"
          + " (sqlstate HY000) during query: " + query).asRuntimeException();
    }
    return null;
  }

  int vgtidRepeats() {
    return vgtidRepeats;
  }

  static Status idleEnded() {
    return Status.UNAVAILABLE.withDescription(IDLE_ENDED);
  }

  private static long atLeast(long min, long value, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
    }
    return value;
  }
}
