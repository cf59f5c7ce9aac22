package io.planetscale.cdc.spi;

import io.planetscale.cdc.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Timing and content settings of one {@link EdgeDatabase#read}.
 *
 * @param readWindow the deadline of one streaming call (Go: 90 s)
 * @param peekTimeout the deadline of the call that learns the current position (Go: 45 s)
 * @param settleInterval how long to wait for further responses once the stop position is reached
 *     outside a copy, before finishing (200 ms; the wait restarts after every response and grows with a large response)
 * @param includeInserts ask the server for inserted rows
 * @param includeUpdates ask the server for updated rows
 * @param includeDeletes ask the server for deleted rows
 * @param retryPolicy how transient failures are retried
 */
public record ReadOptions(
    Duration readWindow,
    Duration peekTimeout,
    Duration settleInterval,
    boolean includeInserts,
    boolean includeUpdates,
    boolean includeDeletes,
    RetryPolicy retryPolicy) {

  private static final ReadOptions DEFAULTS = new ReadOptions(Duration.ofSeconds(90), Duration.ofSeconds(45),
      Duration.ofMillis(200), true, true, true, RetryPolicy.defaults());

  /**
   * Validates the durations.
   *
   * @param readWindow the deadline of one streaming call (Go: 90 s)
   * @param peekTimeout the deadline of the call that learns the current position (Go: 45 s)
   * @param settleInterval how long to wait for further responses once the stop position is reached outside a copy, before finishing (200 ms; the wait restarts after every response and grows with a large response)
   * @param includeInserts ask the server for inserted rows
   * @param includeUpdates ask the server for updated rows
   * @param includeDeletes ask the server for deleted rows
   * @param retryPolicy how transient failures are retried
   */
  public ReadOptions {
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    requirePositive(readWindow, "readWindow");
    requirePositive(peekTimeout, "peekTimeout");
    Objects.requireNonNull(settleInterval, "settleInterval");
    if (settleInterval.isNegative()) {
      throw new IllegalArgumentException("settleInterval must not be negative");
    }
  }

  /** @return 90 s windows, 45 s peeks, 200 ms settle, inserts, updates and deletes, default retries */
  public static ReadOptions defaults() {
    return DEFAULTS;
  }

  /**
   * @param value the read window
   * @return a copy with that read window
   */
  public ReadOptions withReadWindow(Duration value) {
    return new ReadOptions(value, peekTimeout, settleInterval, includeInserts, includeUpdates, includeDeletes, retryPolicy);
  }

  /**
   * @param value the peek timeout
   * @return a copy with that peek timeout
   */
  public ReadOptions withPeekTimeout(Duration value) {
    return new ReadOptions(readWindow, value, settleInterval, includeInserts, includeUpdates, includeDeletes, retryPolicy);
  }

  /**
   * @param value the settle interval
   * @return a copy with that settle interval
   */
  public ReadOptions withSettleInterval(Duration value) {
    return new ReadOptions(readWindow, peekTimeout, value, includeInserts, includeUpdates, includeDeletes, retryPolicy);
  }

  /**
   * @param value the retry policy
   * @return a copy with that retry policy
   */
  public ReadOptions withRetryPolicy(RetryPolicy value) {
    return new ReadOptions(readWindow, peekTimeout, settleInterval, includeInserts, includeUpdates, includeDeletes,
        value);
  }

  /**
   * @param inserts ask for inserted rows
   * @param updates ask for updated rows
   * @param deletes ask for deleted rows
   * @return a copy asking for those operations
   */
  public ReadOptions withOperations(boolean inserts, boolean updates, boolean deletes) {
    return new ReadOptions(readWindow, peekTimeout, settleInterval, inserts, updates, deletes, retryPolicy);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
