package io.planetscale.cdc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.ConfigurationException;
import org.junit.jupiter.api.Test;

class HostPortTest {
  @Test
  void aNameWithAPortSplits() {
    assertThat(HostPort.name("db.example.com:6432")).isEqualTo("db.example.com");
    assertThat(HostPort.port("db.example.com:6432")).isEqualTo(6432);
    assertThat(HostPort.name("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(HostPort.port("127.0.0.1")).isZero();
  }

  @Test
  void anIpv6LiteralsColonsAreNoPort() {
    assertThat(HostPort.name("[::1]:443")).isEqualTo("[::1]");
    assertThat(HostPort.port("[::1]:443")).isEqualTo(443);
    assertThat(HostPort.name("[::1]")).isEqualTo("[::1]");
    assertThat(HostPort.port("[::1]")).isZero();
    assertThat(HostPort.name("fe80::1")).isEqualTo("fe80::1");
    assertThat(HostPort.port("fe80::1")).isZero();
  }

  @Test
  void aBadPortNamesTheHost() {
    assertThatThrownBy(() -> HostPort.port("h:abc")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"h:abc\"").hasMessageContaining("not a number");
    assertThatThrownBy(() -> HostPort.port("h:70000")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"h:70000\"").hasMessageContaining("between 1 and 65535");
    assertThatThrownBy(() -> HostPort.port("h:")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not a number");
  }
}
