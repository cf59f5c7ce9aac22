package io.planetscale.cdc.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How many {@code Sync} and VStream calls a {@link FakePlanetScale} is serving right now, so that
 * tests can wait for a client to open or close its calls. Thread-safe.
 */
final class OpenStreams {
  private final Object lock = new Object();
  private int open; // guarded by lock

  /** A call started. */
  void opened() {
    synchronized (lock) {
      open++;
      lock.notifyAll();
    }
  }

  /** A call ended. */
  void closed() {
    synchronized (lock) {
      open--;
      lock.notifyAll();
    }
  }

  /** @return the calls open now */
  int count() {
    synchronized (lock) {
      return open;
    }
  }

  /** Waits until exactly {@code count} calls are open; false if {@code timeout} passed first. */
  boolean await(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (open != count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }
}
