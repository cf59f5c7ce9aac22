package io.planetscale.cdc.postgres;

import io.planetscale.cdc.RetryPolicy;
import java.sql.SQLException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Tells a lost connection (worth opening again) from an error that another attempt would only repeat, and
 * waits between attempts. A backend terminated by {@code pg_terminate_backend}, a server shutting down or a
 * broken socket are lost connections; a missing table or a refused privilege are not.
 */
final class ConnectionLoss {
  private ConnectionLoss() {}

  /**
   * Whether the error means the connection was lost: SQLSTATE class 08 (connection exception), 57P01-57P05
   * (the backend was terminated, the server shut down or is starting up), 57014 (the query was cancelled),
   * 53300 (too many connections, while a killed backend still holds its slot), or no SQLSTATE at all (an
   * I/O failure the driver did not classify).
   */
  static boolean is(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.startsWith("57P") || state.equals("57014")
        || state.equals("53300");
  }

  /**
   * Waits the policy's backoff before retry number {@code retry} (from 1), returning early when
   * {@code stop} says so (checked every 50 ms) or the thread is interrupted.
   */
  static void pause(RetryPolicy policy, int retry, BooleanSupplier stop) {
    long deadline = System.nanoTime() + policy.backoff(retry).toNanos();
    long step = 50_000_000L;
    long left;
    while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()
        && (left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(Math.min(step, left));
    }
  }
}
