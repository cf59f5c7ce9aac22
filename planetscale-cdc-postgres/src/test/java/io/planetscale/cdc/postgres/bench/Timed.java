package io.planetscale.cdc.postgres.bench;

/**
 * Rows a reader read and how long it took.
 *
 * @param rows rows read
 * @param nanos elapsed
 * @param latency the live rows' latencies, or null when not measured
 */
record Timed(long rows, long nanos, LatencyRecorder.Percentiles latency) {

  Timed(long rows, long nanos) {
    this(rows, nanos, null);
  }

  /** Times a reading that returns its row count. */
  static Timed of(Counting counting) throws Exception {
    long start = System.nanoTime();
    long rows = counting.count();
    return new Timed(rows, System.nanoTime() - start);
  }

  /** A reading that returns how many rows it read. */
  @FunctionalInterface
  interface Counting {
    long count() throws Exception;
  }
}
