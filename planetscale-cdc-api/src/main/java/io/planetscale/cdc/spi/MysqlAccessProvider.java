package io.planetscale.cdc.spi;

import io.planetscale.cdc.PlanetScaleSource;

/**
 * Creates a {@link MysqlAccess} for a source; found with {@link java.util.ServiceLoader} so that
 * {@code PlanetScaleClient.create(source)} uses the JDBC module when it is on the classpath and
 * nothing else needs to name it.
 */
public interface MysqlAccessProvider {
  /**
   * @param source where to connect
   * @return a new schema access; the caller closes it
   */
  MysqlAccess open(PlanetScaleSource source);
}
