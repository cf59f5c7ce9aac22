package io.planetscale.cdc;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The calls of one read running ahead, waiting for the delivering thread: bounded by the rows they
 * carry, so a read far ahead blocks instead of growing memory. Filled by the read's thread, emptied
 * in order by the delivering thread; the read's end (or failure) comes last.
 */
final class Mailbox implements Sequencer {
  private final long capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<Runnable> calls = new ArrayDeque<>();
  private final ArrayDeque<Integer> weights = new ArrayDeque<>();
  private long queued;
  private boolean ended;
  private Throwable failure;

  /** @param capacity how many rows may wait (a single larger call is still accepted when none wait) */
  Mailbox(long capacity) {
    this.capacity = capacity;
  }

  @Override
  public void run(Runnable call, int weight) {
    lock.lock();
    try {
      while (queued > 0 && queued + weight > capacity) {
        notFull.await();
      }
      calls.add(call);
      weights.add(weight);
      queued += weight;
      notEmpty.signal();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlanetScaleCdcException("interrupted while waiting to deliver", e);
    } finally {
      lock.unlock();
    }
  }

  /** The read ended: normally ({@code failure} null) or with a failure to raise on the delivering thread. */
  void end(Throwable failure) {
    lock.lock();
    try {
      ended = true;
      this.failure = failure;
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next call, waiting for it; null once the read ended and every call was taken.
   *
   * @throws RuntimeException the read's failure, once every call before it was taken (an
   *     {@link Error} is thrown as it is)
   */
  Runnable take() throws InterruptedException {
    lock.lock();
    try {
      while (calls.isEmpty() && !ended) {
        notEmpty.await();
      }
      if (calls.isEmpty()) {
        if (failure instanceof Error) {
          throw (Error) failure;
        }
        if (failure != null) {
          throw (RuntimeException) failure;
        }
        return null;
      }
      queued -= weights.remove();
      notFull.signal();
      return calls.remove();
    } finally {
      lock.unlock();
    }
  }
}
