package io.planetscale.cdc.grpc;

import io.grpc.Status;
import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.SchemaMismatchException;
import java.util.Locale;

/** Decides what a gRPC status from {@code Sync} means: retry, stale cursor, or which error. */
final class StatusClassifier {
  private StatusClassifier() {}

  /**
   * Transient: the same call from the same cursor may well succeed a moment later. CANCELLED counts:
   * the SDK never reads on after cancelling a call itself, so a CANCELLED it sees came from the
   * other end (a server or proxy restarting).
   */
  static boolean isRetryable(Status status) {
    switch (status.getCode()) {
      case CANCELLED:
      case UNAVAILABLE:
      case INTERNAL:
      case RESOURCE_EXHAUSTED:
      case ABORTED:
        return !isPurgedBinlogs(status);
      default:
        return false;
    }
  }

  /**
   * The server no longer has the binlogs the position needs: MySQL's "master purged required
   * binary logs" (before 8.0.26) and "source purged required binary logs", or an expired position.
   */
  static boolean isPurgedBinlogs(Status status) {
    String d = status.getDescription() == null ? "" : status.getDescription().toLowerCase(Locale.ROOT);
    return d.contains("purged required binary logs")
        || (d.contains("binary log") || d.contains("binlog")) && d.contains("expired");
  }

  /** The exception a non-retryable status (or a retryable one out of attempts) becomes. */
  static PlanetScaleCdcException toException(String what, Status status) {
    // Transport failures (refused connection, TLS handshake) come without a description: say why from the cause.
    String detail = status.getDescription() != null ? status.getDescription()
        : status.getCause() != null ? String.valueOf(status.getCause()) : null;
    String message = what + " failed: " + status.getCode() + (detail == null ? "" : ": " + detail);
    switch (status.getCode()) {
      case UNAUTHENTICATED:
      case PERMISSION_DENIED:
        return new AuthenticationException(message, status.asRuntimeException());
      case UNAVAILABLE:
        return new ConnectionException(message, status.asRuntimeException());
      case FAILED_PRECONDITION:
        String d = status.getDescription() == null ? "" : status.getDescription();
        if (d.contains("failed to build table replication plan")) {
          return new SchemaMismatchException(message
              + " (the table's schema changed; sync the stream again from a full copy)", status.asRuntimeException());
        }
        return new PlanetScaleCdcException(message, status.asRuntimeException());
      case INVALID_ARGUMENT:
        if (status.getDescription() != null && status.getDescription().contains("column")) {
          return new SchemaMismatchException(message, status.asRuntimeException());
        }
        return new PlanetScaleCdcException(message, status.asRuntimeException());
      default:
        return new PlanetScaleCdcException(message, status.asRuntimeException());
    }
  }
}
