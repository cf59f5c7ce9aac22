package io.planetscale.cdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.SchemaMismatchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusClassifierTest {
  @ParameterizedTest
  @EnumSource(value = Status.Code.class, names = {"UNAVAILABLE", "INTERNAL", "RESOURCE_EXHAUSTED", "ABORTED", "CANCELLED"})
  void transientCodesAreRetried(Status.Code code) {
    assertThat(StatusClassifier.isRetryable(Status.fromCode(code))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = Status.Code.class, names = {"UNKNOWN", "INVALID_ARGUMENT", "NOT_FOUND", "UNAUTHENTICATED",
      "PERMISSION_DENIED", "FAILED_PRECONDITION", "DEADLINE_EXCEEDED", "UNIMPLEMENTED"})
  void otherCodesAreNot(Status.Code code) {
    assertThat(StatusClassifier.isRetryable(Status.fromCode(code))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Cannot replicate because the master purged required binary logs.Replicate the missing transactions",
      "Cannot replicate because the source purged required binary logs. Replicate the missing transactions",
      "the binary log position has expired", "binlog file has expired"})
  void purgedBinlogWordingsAreRecognised(String message) {
    assertThat(StatusClassifier.isPurgedBinlogs(Status.UNKNOWN.withDescription(message))).isTrue();
    // A purged position is never retried, even under a retryable code.
    assertThat(StatusClassifier.isRetryable(Status.INTERNAL.withDescription(message))).isFalse();
  }

  @Test
  void authenticationFailuresBecomeAuthenticationExceptions() {
    assertThat(StatusClassifier.toException("reading t", Status.UNAUTHENTICATED.withDescription("bad")))
        .isInstanceOf(AuthenticationException.class).hasMessage("reading t failed: UNAUTHENTICATED: bad");
    assertThat(StatusClassifier.toException("x", Status.PERMISSION_DENIED)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void otherStatusesKeepTheirCodeInTheMessage() {
    assertThat(StatusClassifier.toException("x", Status.UNAVAILABLE)).isInstanceOf(ConnectionException.class);
    assertThat(StatusClassifier.toException("x", Status.INVALID_ARGUMENT.withDescription("unknown column \"c\"")))
        .isInstanceOf(SchemaMismatchException.class);
    assertThat(StatusClassifier.toException("x", Status.FAILED_PRECONDITION.withDescription(
        "failed to build table replication plan for table t"))).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("full copy");
    assertThat(StatusClassifier.toException("x", Status.UNAVAILABLE.withCause(
        new javax.net.ssl.SSLHandshakeException("PKIX path validation failed"))))
        .hasMessage("x failed: UNAVAILABLE: javax.net.ssl.SSLHandshakeException: PKIX path validation failed");
    PlanetScaleCdcException other = StatusClassifier.toException("x", Status.NOT_FOUND.withDescription("no table"));
    assertThat(other).isExactlyInstanceOf(PlanetScaleCdcException.class).hasMessageContaining("NOT_FOUND: no table");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "UNKNOWN|vstream ended unexpectedly",
      "UNKNOWN|target: ks.-80.replica: vttablet: rpc error: code = Unknown desc = EOF",
      "UNKNOWN|unexpected server eof",
      "UNKNOWN|stream (at source tablet) error @ 1cb76134-1dc9-11ef-82c4-5f4020e10986:1-537840: unexpected EOF",
      "UNKNOWN|Query execution was interrupted, maximum statement execution time exceeded (errno 3024) (sqlstate HY000)",
      "UNKNOWN|vstream has had no activity for 10m0s, ending it",
      "FAILED_PRECONDITION|vstreamer has been throttled for 10m0s, giving up on the tablet",
      "NOT_FOUND|Lost connection to MySQL server during query (errno 2013)",
      "DEADLINE_EXCEEDED|the stream was idle for too long"})
  void vstreamBreaksAreRetried(String codeAndMessage) {
    String[] parts = codeAndMessage.split("\\|", 2);
    Status status = Status.fromCode(Status.Code.valueOf(parts[0])).withDescription(parts[1]);
    assertThat(StatusClassifier.isRetryable(status)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "UNKNOWN|table t not found",
      "UNKNOWN|geoffrey's table", // "eof" inside a word is no EOF
      "FAILED_PRECONDITION|failed to build table replication plan: column `c` not found in table `t` (EOF)",
      "UNKNOWN|Cannot replicate because the source purged required binary logs; unexpected EOF",
      "INVALID_ARGUMENT|vstream ended unexpectedly",
      "PERMISSION_DENIED|EOF"})
  void otherFailuresAreNotRetriedWhateverTheirWording(String codeAndMessage) {
    String[] parts = codeAndMessage.split("\\|", 2);
    Status status = Status.fromCode(Status.Code.valueOf(parts[0])).withDescription(parts[1]);
    assertThat(StatusClassifier.isRetryable(status)).isFalse();
  }

  @Test
  void aReplicationPlanThatCannotBeBuiltNamesTheMissingColumn() {
    assertThat(StatusClassifier.toException("reading table \"t\" shard \"-\"", Status.FAILED_PRECONDITION
        .withDescription("failed to build table replication plan for table t: column `email` not found in table `t`")))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageStartingWith("reading table \"t\" shard \"-\" failed: FAILED_PRECONDITION: failed to build")
        .hasMessageEndingWith("(the table's schema changed: column \"email\" no longer exists; sync the stream "
            + "again from a full copy)");
    assertThat(StatusClassifier.toException("x", Status.UNKNOWN.withDescription(
        "rpc error: failed to build table replication plan: cannot use column names in vstream filter")))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageEndingWith("(the table's schema changed; sync the stream again from a full copy)");
  }
}
