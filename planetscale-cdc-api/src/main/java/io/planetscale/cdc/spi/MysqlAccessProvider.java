package io.planetscale.cdc.spi;

import io.planetscale.cdc.PlanetScaleSource;

/**
 * Creates a {@link MysqlAccess} for a source; found with {@link java.util.ServiceLoader} so that
 * {@code PlanetScaleClient.create(source)} uses the JDBC module when it is on the classpath and
 * nothing else needs to name it. When several providers are present, the system property
 * {@value #PROPERTY} names the one to use (its class name); without it, the first default provider
 * is used.
 */
public interface MysqlAccessProvider {
  /** The system property naming the provider class to use. */
  String PROPERTY = "io.planetscale.cdc.mysqlAccessProvider";

  /**
   * @param source where to connect
   * @return a new schema access; the caller closes it
   */
  MysqlAccess open(PlanetScaleSource source);

  /**
   * Whether this provider may be picked without being named by {@value #PROPERTY}. Providers for
   * tests (the testkit's) return false, so they never replace the real one by accident.
   *
   * @return true by default
   */
  default boolean isDefault() {
    return true;
  }
}
