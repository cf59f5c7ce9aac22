package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void backoffDoublesUpToTheCapWithoutJitter() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(700), 0);
    assertThat(p.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.backoff(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(p.backoff(4)).isEqualTo(Duration.ofMillis(700));
    assertThat(p.backoff(60)).isEqualTo(Duration.ofMillis(700));
  }

  @Test
  void jitterOnlyShortensWithinItsFraction() {
    RetryPolicy p = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1), 0.25);
    for (int i = 0; i < 200; i++) {
      assertThat(p.backoff(1)).isBetween(Duration.ofMillis(750), Duration.ofSeconds(1));
    }
  }

  @Test
  void defaultsAndNone() {
    assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(5);
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    assertThat(RetryPolicy.none().backoff(1)).isEqualTo(Duration.ZERO);
  }

  @Test
  void invalidSettingsAreRejectedWithTheirName() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.5)).hasMessageContaining("jitter");
  }
}
