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
}
