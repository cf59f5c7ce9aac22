package io.planetscale.cdc;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How transient failures (a tablet restarting, a reset connection, an overloaded server) are
 * retried: up to {@code maxAttempts} attempts in all, waiting an exponentially growing backoff
 * between them, randomized by {@code jitter} so that many clients do not retry in lockstep. Every
 * retry resumes from the last cursor received, so nothing is read twice or skipped.
 *
 * @param maxAttempts attempts in all, including the first (1 = never retry)
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff the longest wait between attempts
 * @param jitter the random fraction (0 to 1) by which each wait may be shortened
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {

  private static final RetryPolicy DEFAULTS = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);

  /**
   * Validates the components.
   *
   * @param maxAttempts attempts in all, at least 1
   * @param initialBackoff the first wait, not negative
   * @param maxBackoff the longest wait, at least {@code initialBackoff}
   * @param jitter between 0 and 1
   */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoffs must satisfy 0 <= initialBackoff <= maxBackoff, were "
          + initialBackoff + " and " + maxBackoff);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
    }
  }

  /** @return 5 attempts, backoff from 1 s doubling up to 30 s, 20 % jitter */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** @return a policy that never retries */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0);
  }

  /**
   * The wait before retry number {@code retry}: {@code initialBackoff * 2^(retry-1)}, capped at
   * {@code maxBackoff}, shortened by a random fraction of up to {@code jitter}.
   *
   * @param retry the retry about to happen, from 1
   * @return the wait
   */
  public Duration backoff(int retry) {
    long base = initialBackoff.toNanos();
    long cap = maxBackoff.toNanos();
    long wait = base;
    for (int i = 1; i < retry && wait < cap; i++) {
      wait = Math.min(cap, wait * 2);
    }
    wait = Math.min(cap, wait);
    double cut = jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble() * jitter;
    return Duration.ofNanos((long) (wait * (1 - cut)));
  }
}
