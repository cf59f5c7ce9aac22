package io.planetscale.cdc.postgres.bench;

/**
 * One reader's result in one phase of one run.
 *
 * @param phase {@code snapshot}, {@code stream} or {@code latency}
 * @param reader the reader's name, e.g. {@code jdbc}, {@code sdk}, {@code debezium}
 * @param rows rows (records) read
 * @param nanos how long reading them took (for latency: the writer's window)
 * @param heap the heap during the phase
 * @param latency the latency percentiles, or null outside the latency phase
 */
record Measurement(String phase, String reader, long rows, long nanos, HeapProbe.Heap heap,
    LatencyRecorder.Percentiles latency) {

  double rowsPerSecond() {
    return rows * 1e9 / nanos;
  }
}
