package io.planetscale.cdc.jdbc;

import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.MysqlAccessProvider;

/**
 * Registers {@link JdbcMysqlAccess} with {@link java.util.ServiceLoader}, so that
 * {@code PlanetScaleClient.create(source)} finds it whenever this module is on the classpath.
 */
public final class JdbcMysqlAccessProvider implements MysqlAccessProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public JdbcMysqlAccessProvider() {}

  /**
   * @param source where to connect
   * @return {@link JdbcMysqlAccess#open(PlanetScaleSource)}; nothing is connected yet
   */
  @Override
  public MysqlAccess open(PlanetScaleSource source) {
    return JdbcMysqlAccess.open(source);
  }
}
