package io.planetscale.cdc.testkit.bench;

import io.planetscale.cdc.grpc.PlanetScaleClient;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.testkit.FakePlanetScale;

/** The client a benchmark runner measures: the public API with its defaults, on a named transport. */
final class ClientFactory {
  private ClientFactory() {}

  /**
   * @param transport {@code default}, or a transport's configuration name
   */
  static PlanetScaleClient client(FakePlanetScale fake, String transport) {
    PlanetScaleClient.Builder b = PlanetScaleClient.builder(fake.source()).mysql(fake.mysqlAccess());
    if (!"default".equals(transport)) {
      b.transport(Transport.fromConfig("transport", transport));
    }
    return b.build();
  }
}
