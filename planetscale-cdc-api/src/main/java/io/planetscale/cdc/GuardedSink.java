package io.planetscale.cdc;

/**
 * The user's {@link RecordSink} as one sync calls it: once any call has thrown, no further call
 * reaches the sink. Shards read in parallel may still be on their way to a record, flush or state
 * when another shard's call fails; they get the first failure instead of calling the sink again.
 * Callers hold the stream's lock, so a failure is seen by every later call.
 */
final class GuardedSink {
  private final RecordSink sink;
  private volatile SinkException failure;

  GuardedSink(RecordSink sink) {
    this.sink = sink;
  }

  /** @throws SinkException the first failure, if the sink already threw */
  void check() {
    SinkException f = failure;
    if (f != null) {
      throw f;
    }
  }

  /**
   * Records a failure of the sink; every later call gets the first one.
   *
   * @param e the failure
   * @return the first failure (e, unless another came before)
   */
  SinkException fail(SinkException e) {
    synchronized (this) {
      if (failure == null) {
        failure = e;
      }
      return failure;
    }
  }

  RecordSink sink() {
    return sink;
  }
}
