package io.planetscale.cdc.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.examples.cli.CliException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationArgTest {
  @Test
  void parsesUnitsCombinationsBareSecondsAndIso() {
    assertThat(DurationArg.parse("--duration", "30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationArg.parse("--duration", "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationArg.parse("--duration", "2h")).isEqualTo(Duration.ofHours(2));
    assertThat(DurationArg.parse("--duration", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationArg.parse("--duration", "1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationArg.parse("--duration", "45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(DurationArg.parse("--duration", "PT2M")).isEqualTo(Duration.ofMinutes(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0s", "abc", "5x", "s", "1m 30s", "-5s", "PT0S"})
  void rejectsWhatIsNotAPositiveDuration(String text) {
    assertThatThrownBy(() -> DurationArg.parse("--duration", text))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--duration must be a positive duration")
        .hasMessageContaining("\"" + text + "\"");
  }
}
