package io.planetscale.cdc.testkit;

import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.MysqlAccessProvider;

/**
 * Discovery against a {@link FakePlanetScale} from another process — for testing command lines and
 * services end to end. Never picked by default: select it with the system property
 * {@code -Dio.planetscale.cdc.mysqlAccessProvider=io.planetscale.cdc.testkit.FakeMysqlAccessProvider},
 * then {@code PlanetScaleClient.create(fake.source())} discovers the fake's tables over its port.
 */
public final class FakeMysqlAccessProvider implements MysqlAccessProvider {
  /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
  public FakeMysqlAccessProvider() {}

  /**
   * @param source the fake's source ({@link FakePlanetScale#source()})
   * @return discovery answered by that fake
   */
  @Override
  public MysqlAccess open(PlanetScaleSource source) {
    return RemoteMysqlAccess.open(source);
  }

  /** @return false: only used when named by the system property */
  @Override
  public boolean isDefault() {
    return false;
  }
}
