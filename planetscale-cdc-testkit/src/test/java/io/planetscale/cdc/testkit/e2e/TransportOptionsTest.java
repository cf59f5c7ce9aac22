package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.State;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Transport settings of ConnectOptions against the fake, over both transports. */
class TransportOptionsTest {
  @ParameterizedTest
  @EnumSource(Transport.class)
  void gzipRequestsAndKeepaliveStillSync(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 50);
        EdgeDatabase edge = E2e.edge(transport, fake.source(), ConnectOptions.builder().gzip(true)
            .keepAliveTime(Duration.ofSeconds(10)).keepAliveTimeout(Duration.ofSeconds(5)).build())) {
      E2e.orders(fake, 300);
      RecordingSink sink = new RecordingSink();
      E2e.sync(fake, edge, E2e.catalog(fake), State.empty(), sink);
      assertThat(sink.records()).hasSize(300);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aSmallInboundLimitIsEnforcedAndReported(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 1000);
        EdgeDatabase edge = E2e.edge(transport, fake.source(),
            ConnectOptions.builder().maxInboundMessageSize(1024).retryPolicy(E2e.FAST_RETRY).build())) {
      E2e.orders(fake, 300);
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> E2e.sync(fake, edge, E2e.catalog(fake), State.empty(), new RecordingSink()))
          .isInstanceOf(io.planetscale.cdc.PlanetScaleCdcException.class)
          .hasMessageContaining("RESOURCE_EXHAUSTED");
    }
  }
}
