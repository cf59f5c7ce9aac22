package io.planetscale.cdc.postgres.bench;

import java.util.Arrays;

/**
 * Arrival latencies of live rows: each row carries the {@link System#nanoTime()} its writer took just before
 * the statement that inserted and committed it (same JVM, same clock); the reader calls {@link #arrived} when
 * the row reaches it. Rows written before the measurement window opened ({@link #openWindow}: the warm-up) are
 * counted but not recorded. One reader thread records; others read once the reader is done.
 */
final class LatencyRecorder {
  private volatile long windowStartNanos = Long.MAX_VALUE;
  private long[] latencies = new long[1 << 16];
  private int size;
  private volatile long arrivals;

  /** Opens the measurement window: rows written from {@code startNanos} on are recorded. */
  void openWindow(long startNanos) {
    windowStartNanos = startNanos;
  }

  /** A row written at {@code writtenNanos} arrived now. */
  synchronized void arrived(long writtenNanos) {
    long now = System.nanoTime();
    if (writtenNanos >= windowStartNanos) {
      if (size == latencies.length) {
        latencies = Arrays.copyOf(latencies, size * 2);
      }
      latencies[size++] = now - writtenNanos;
    }
    arrivals++;
  }

  /** Rows that arrived, warm-up included. */
  long arrivals() {
    return arrivals;
  }

  /** The percentiles of the recorded latencies. */
  synchronized Percentiles percentiles() {
    long[] sorted = Arrays.copyOf(latencies, size);
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      throw new IllegalStateException("no row of the measurement window arrived");
    }
    return new Percentiles(sorted.length, at(sorted, 0.50), at(sorted, 0.99), sorted[sorted.length - 1]);
  }

  private static long at(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /**
   * Latency percentiles, in nanoseconds.
   *
   * @param count rows recorded
   * @param p50 median
   * @param p99 99th percentile
   * @param max the largest
   */
  record Percentiles(int count, long p50, long p99, long max) {}
}
