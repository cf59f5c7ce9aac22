package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.State;
import io.planetscale.cdc.grpc.ConnectEdgeDatabase;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Transport settings of ConnectOptions against the fake. */
class TransportOptionsTest {
  @Test
  void gzipRequestsAndKeepaliveStillSync() {
    try (FakePlanetScale fake = E2e.twoShards(false, 50);
        ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(fake.source(), ConnectOptions.builder().gzip(true)
            .keepAliveTime(Duration.ofSeconds(10)).keepAliveTimeout(Duration.ofSeconds(5)).build())) {
      E2e.orders(fake, 300);
      RecordingSink sink = new RecordingSink();
      E2e.sync(fake, edge, E2e.catalog(fake), State.empty(), sink);
      assertThat(sink.records()).hasSize(300);
    }
  }

  @Test
  void aSmallInboundLimitIsEnforcedAndReported() {
    try (FakePlanetScale fake = E2e.twoShards(false, 1000);
        ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(fake.source(),
            ConnectOptions.builder().maxInboundMessageSize(1024).retryPolicy(E2e.FAST_RETRY).build())) {
      E2e.orders(fake, 300);
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> E2e.sync(fake, edge, E2e.catalog(fake), State.empty(), new RecordingSink()))
          .isInstanceOf(io.planetscale.cdc.PlanetScaleCdcException.class)
          .hasMessageContaining("RESOURCE_EXHAUSTED");
    }
  }
}
