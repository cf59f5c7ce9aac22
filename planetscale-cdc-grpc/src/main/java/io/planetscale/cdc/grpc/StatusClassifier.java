package io.planetscale.cdc.grpc;

import io.grpc.Status;
import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.SchemaMismatchException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what a gRPC status from {@code Sync} or {@code VStream} means: retry, stale cursor, or
 * which error.
 */
final class StatusClassifier {
  /** vtgate's and vttablet's wordings of a stream that broke off and may be resumed (matched lower-case). */
  private static final Pattern TRANSIENT_MESSAGE = Pattern.compile(
      "vstream ended unexpectedly"
          + "|\\beof\\b" // "EOF", "unexpected EOF", "unexpected server eof"
          + "|lost connection to mysql"
          + "|errno 3024|maximum statement execution time exceeded" // the copy query's time limit (vitess#17778)
          + "|no activity|\\bidle\\b|\\bstall" // vtgate ends a VStream idle for 10 minutes (vitess#18752)
          + "|throttl"); // a tablet throttled for too long gives up so that another is picked
  /** The column a replication plan could not find, in vttablet's wording. */
  private static final Pattern MISSING_COLUMN = Pattern.compile(
      "column [`'\"]?([^`'\"\\s]+)[`'\"]? not found", Pattern.CASE_INSENSITIVE);
  private static final String REPLICATION_PLAN = "failed to build table replication plan";

  private StatusClassifier() {}

  /**
   * Transient: the same call from the same cursor may well succeed a moment later. CANCELLED counts:
   * the SDK never reads on after cancelling a call itself, so a CANCELLED it sees came from the
   * other end (a server or proxy restarting). Under UNKNOWN and other codes a server also reports
   * streams that broke off (vtgate's "vstream ended unexpectedly", EOF, a copy query interrupted by
   * its time limit, an idle or throttled stream ended): those are transient too. A purged position
   * and a schema that no longer fits never are.
   */
  static boolean isRetryable(Status status) {
    if (isPurgedBinlogs(status)) {
      return false;
    }
    switch (status.getCode()) {
      case CANCELLED:
      case UNAVAILABLE:
      case INTERNAL:
      case RESOURCE_EXHAUSTED:
      case ABORTED:
        return true;
      case OK:
      case UNAUTHENTICATED:
      case PERMISSION_DENIED:
      case INVALID_ARGUMENT:
      case UNIMPLEMENTED:
        return false;
      default:
        String d = description(status);
        return !d.contains(REPLICATION_PLAN) && TRANSIENT_MESSAGE.matcher(d).find();
    }
  }

  /**
   * The server no longer has the binlogs the position needs: MySQL's "master purged required
   * binary logs" (before 8.0.26) and "source purged required binary logs", or an expired position.
   */
  static boolean isPurgedBinlogs(Status status) {
    String d = description(status);
    return d.contains("purged required binary logs")
        || (d.contains("binary log") || d.contains("binlog")) && d.contains("expired");
  }

  /**
   * The exception a non-retryable status (or a retryable one out of attempts) becomes. A table
   * replication plan the server could not build (under any code; vttablet sends FAILED_PRECONDITION)
   * means the table no longer has a column the stream relies on: a {@link SchemaMismatchException}
   * naming the column when the message does.
   */
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
      case INVALID_ARGUMENT:
        if (status.getDescription() != null && status.getDescription().contains("column")) {
          return new SchemaMismatchException(message, status.asRuntimeException());
        }
        return new PlanetScaleCdcException(message, status.asRuntimeException());
      default:
        if (description(status).contains(REPLICATION_PLAN)) {
          Matcher column = MISSING_COLUMN.matcher(status.getDescription());
          String why = column.find() ? "the table's schema changed: column \"" + column.group(1)
              + "\" no longer exists" : "the table's schema changed";
          return new SchemaMismatchException(message + " (" + why + "; sync the stream again from a full copy)",
              status.asRuntimeException());
        }
        return new PlanetScaleCdcException(message, status.asRuntimeException());
    }
  }

  private static String description(Status status) {
    return status.getDescription() == null ? "" : status.getDescription().toLowerCase(Locale.ROOT);
  }
}
