package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.RetryPolicy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionLossTest {
  @Test
  void lostConnectionsAreToldFromErrorsAnotherAttemptWouldRepeat() {
    for (String lost : new String[] {"08006", "08003", "08001", "57P01", "57P03", "57014", "53300", null}) {
      assertThat(ConnectionLoss.is(new SQLException("x", lost))).as("SQLSTATE %s", lost).isTrue();
    }
    for (String other : new String[] {"42P01", "42501", "42704", "55000", "22023", "28P01", "XX000"}) {
      assertThat(ConnectionLoss.is(new SQLException("x", other))).as("SQLSTATE %s", other).isFalse();
    }
  }

  @Test
  void thePauseIsThePolicysBackoffAndEndsEarlyWhenStopped() {
    RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(100), 0);
    long start = System.nanoTime();
    ConnectionLoss.pause(policy, 1, () -> false);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));

    RetryPolicy slow = new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofSeconds(30), 0);
    AtomicInteger asked = new AtomicInteger();
    start = System.nanoTime();
    ConnectionLoss.pause(slow, 1, () -> asked.incrementAndGet() > 2);
    assertThat(System.nanoTime() - start).as("stopped after a few checks").isLessThan(TimeUnit.SECONDS.toNanos(10));
    assertThat(asked).hasValue(3);
  }
}
