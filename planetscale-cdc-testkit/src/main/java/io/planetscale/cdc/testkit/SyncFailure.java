package io.planetscale.cdc.testkit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The gRPC errors the fake answers with, worded like the real server's where it matters. */
final class SyncFailure {
  private SyncFailure() {}

  static StatusRuntimeException invalidArgument(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException notFound(String message) {
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }

  /** MySQL's error for a position whose binlogs are gone, as vttablet passes it through (code UNKNOWN). */
  static StatusRuntimeException purged(String requested, String missing) {
    return Status.UNKNOWN.withDescription("Cannot replicate because the source purged required binary logs."
        + " Replicate the missing transactions from elsewhere, or provision a new replica from backup."
        + " Consider increasing the source's binary log expiration period. The GTID set sent by the replica is '"
        + requested + "', and the missing transactions are '" + missing + "'.").asRuntimeException();
  }

  /**
   * A filter naming a column the table no longer (or never) had, as vtgate reports it when it builds
   * the table's replication plan (PlanetScale's connectors match "failed to build table replication plan").
   */
  static StatusRuntimeException replicationPlan(String table, String column) {
    return Status.FAILED_PRECONDITION.withDescription("persistent error in vstream: stream (at source tablet) error:"
        + " Code: FAILED_PRECONDITION\ncolumn " + column + " not found in table " + table
        + "\n\nfailed to build table replication plan for table " + table).asRuntimeException();
  }
}
