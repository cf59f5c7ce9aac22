package io.planetscale.cdc.postgres;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline (30 s), failing early when the sync or stream being watched ended. */
final class Await {
  private Await() {}

  /**
   * Returns once {@code condition} holds.
   *
   * @param running the call being watched, or null: its failure surfaces, and its end fails the wait
   */
  static void until(String what, BooleanSupplier condition, CompletableFuture<?> running) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (running != null && running.isDone()) {
        running.join(); // surfaces the call's failure
        throw new AssertionError("the call ended while waiting for " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
