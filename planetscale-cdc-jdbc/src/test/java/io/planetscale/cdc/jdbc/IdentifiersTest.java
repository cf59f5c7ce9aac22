package io.planetscale.cdc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.ConfigurationException;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
  @Test
  void plainNamesAreWrappedInBackticks() {
    assertThat(Identifiers.quote("customers")).isEqualTo("`customers`");
    assertThat(Identifiers.quote("connect-test")).isEqualTo("`connect-test`");
  }

  @Test
  void backticksInsideAreDoubled() {
    assertThat(Identifiers.quote("a`b")).isEqualTo("`a``b`");
    assertThat(Identifiers.quote("`")).isEqualTo("````");
    assertThat(Identifiers.quote("x`; DROP DATABASE y; --")).isEqualTo("`x``; DROP DATABASE y; --`");
  }

  @Test
  void spacesReservedWordsQuotesBackslashesAndNonAsciiStayAsTheyAre() {
    assertThat(Identifiers.quote("select")).isEqualTo("`select`");
    assertThat(Identifiers.quote("my table")).isEqualTo("`my table`");
    assertThat(Identifiers.quote("it's \"q\" \\")).isEqualTo("`it's \"q\" \\`");
    assertThat(Identifiers.quote("café 表")).isEqualTo("`café 表`");
  }

  @Test
  void emptyOrNulNamesAreRejected() {
    assertThatThrownBy(() -> Identifiers.quote("")).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> Identifiers.quote("a\0b")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("a\\0b");
  }
}
