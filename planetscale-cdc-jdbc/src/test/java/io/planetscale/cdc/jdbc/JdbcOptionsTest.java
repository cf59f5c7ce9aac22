package io.planetscale.cdc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.TabletType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JdbcOptionsTest {
  private static final PlanetScaleSource TLS = PlanetScaleSource.builder().host("h").database("d").build();
  private static final PlanetScaleSource PLAIN = TLS.toBuilder().plaintext(true).build();

  @Test
  void defaults() {
    JdbcOptions o = JdbcOptions.defaults();

    assertThat(o.sslMode()).isEmpty();
    assertThat(o.tabletType()).isEmpty();
    assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.pingTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.sslModeFor(TLS)).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(o.sslModeFor(PLAIN)).isEqualTo(SslMode.DISABLE);
    assertThat(o.tabletTypeFor(TLS)).isEqualTo(TabletType.PRIMARY);
    assertThat(o.tabletTypeFor(TLS.toBuilder().useReplica(true).build())).isEqualTo(TabletType.REPLICA);
  }

  @Test
  void explicitValuesWinOverTheSource() {
    JdbcOptions o = JdbcOptions.builder().sslMode(SslMode.VERIFY_CA).tabletType(TabletType.REPLICA).build();

    assertThat(o.sslModeFor(PLAIN)).isEqualTo(SslMode.VERIFY_CA);
    assertThat(o.tabletTypeFor(TLS)).isEqualTo(TabletType.REPLICA);
  }

  @Test
  void toBuilderCopiesAndValueSemanticsHold() {
    JdbcOptions o = JdbcOptions.builder().sslMode(SslMode.TRUST).pingTimeout(Duration.ofSeconds(2)).build();

    assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o);
    assertThat(o.toBuilder().sslMode(null).build()).isNotEqualTo(o);
    assertThat(o.toString()).contains("TRUST").contains("PT2S");
    assertThat(SslMode.VERIFY_FULL.driverValue()).isEqualTo("verify-full");
  }

  @Test
  void nonPositiveOrHugeTimeoutsAreRejectedNamingTheField() {
    assertThatThrownBy(() -> JdbcOptions.builder().connectTimeout(Duration.ZERO))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> JdbcOptions.builder().queryTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("queryTimeout");
    assertThatThrownBy(() -> JdbcOptions.builder().pingTimeout(Duration.ofDays(30)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("pingTimeout");
  }
}
