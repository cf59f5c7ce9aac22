package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.MysqlAccessProvider;
import java.util.ServiceLoader;

/**
 * Opens the {@link MysqlAccess} (discovery of tables and shards) as {@code PlanetScaleClient.create}
 * picks it: the provider named by the system property {@value MysqlAccessProvider#PROPERTY}, else the
 * first default one (planetscale-cdc-jdbc). Providers are looked up in the connector's own class
 * loader, which in a worker is the plugin's, whatever thread asks.
 */
final class MysqlAccesses {
  private MysqlAccesses() {}

  /**
   * @param source where to connect
   * @return a new access; the caller closes it
   * @throws ConfigurationException if no suitable provider is on the plugin's class path
   */
  static MysqlAccess open(PlanetScaleSource source) {
    String wanted = System.getProperty(MysqlAccessProvider.PROPERTY);
    ClassLoader loader = MysqlAccesses.class.getClassLoader();
    for (MysqlAccessProvider provider : ServiceLoader.load(MysqlAccessProvider.class, loader)) {
      if (wanted != null ? provider.getClass().getName().equals(wanted) : provider.isDefault()) {
        return provider.open(source);
      }
    }
    throw new ConfigurationException(wanted != null
        ? MysqlAccessProvider.PROPERTY + " names \"" + wanted + "\", but no such MysqlAccessProvider is in the plugin"
        : "no MysqlAccess is available: the plugin must include planetscale-cdc-jdbc");
  }
}
