package io.planetscale.cdc.grpc;

import java.util.concurrent.TimeUnit;

/**
 * How a {@link ShardStreamLoop} is stopped from outside: closing (a change stream's
 * {@code close()}), a time limit, and the calls to cancel on close. A sync read has none of these
 * and uses {@link #NONE}; only interruption stops it.
 */
interface ReadControl {
  /** Never closed, no time limit: pauses sleep on the calling thread. */
  ReadControl NONE = new ReadControl() {
    @Override
    public boolean isClosed() {
      return false;
    }

    @Override
    public long remainingNanos() {
      return Long.MAX_VALUE;
    }

    @Override
    public boolean pause(long nanos) throws InterruptedException {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return true;
    }

    @Override
    public boolean register(StreamCall<?> call) {
      return true;
    }
  };

  /** @return whether the read must stop now */
  boolean isClosed();

  /** @return nanoseconds until the read's time limit; {@link Long#MAX_VALUE} without one */
  long remainingNanos();

  /**
   * Waits {@code nanos} (a backoff), ending early on close.
   *
   * @return false if closed meanwhile
   */
  boolean pause(long nanos) throws InterruptedException;

  /**
   * Registers the call just opened, so that closing cancels it.
   *
   * @return false if already closed (the caller cancels the call and stops)
   */
  boolean register(StreamCall<?> call);
}
