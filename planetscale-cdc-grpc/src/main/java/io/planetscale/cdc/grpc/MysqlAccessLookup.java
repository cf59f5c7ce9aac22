package io.planetscale.cdc.grpc;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.MysqlAccessProvider;
import java.util.ServiceLoader;

/**
 * Finds the {@link MysqlAccess} of the module on the classpath that provides one (planetscale-cdc-jdbc),
 * for {@link PlanetScaleClient} and for the shards of a {@link ChangeStream}: the provider named by
 * the system property {@value MysqlAccessProvider#PROPERTY}, else the first default provider.
 */
final class MysqlAccessLookup {
  private MysqlAccessLookup() {}

  /**
   * @param source where the access connects
   * @param otherwise what else the caller can do, ending the message when no provider is found,
   *     e.g. {@code "pass one with PlanetScaleClient.builder(source).mysql(...)"}
   * @return a new access; the caller closes it
   * @throws ConfigurationException if the property names a provider that is not on the classpath,
   *     or none is and no default provider is
   */
  static MysqlAccess open(PlanetScaleSource source, String otherwise) {
    String wanted = System.getProperty(MysqlAccessProvider.PROPERTY);
    for (MysqlAccessProvider provider : ServiceLoader.load(MysqlAccessProvider.class)) {
      if (wanted != null ? provider.getClass().getName().equals(wanted) : provider.isDefault()) {
        return provider.open(source);
      }
    }
    if (wanted != null) {
      throw new ConfigurationException(MysqlAccessProvider.PROPERTY + " names \"" + wanted
          + "\", but no such MysqlAccessProvider is on the classpath");
    }
    throw new ConfigurationException("no MysqlAccess is available: add the planetscale-cdc-jdbc module to the"
        + " classpath, or " + otherwise);
  }
}
