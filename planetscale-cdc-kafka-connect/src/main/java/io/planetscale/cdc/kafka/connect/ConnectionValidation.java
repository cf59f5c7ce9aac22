package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.MysqlAccess;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The connector's pre-flight check: once every value is valid on its own, connects with them and
 * reports a problem on the key that causes it. Messages never contain the password.
 */
final class ConnectionValidation {
  private ConnectionValidation() {}

  static void check(Map<String, String> props, Config result) {
    for (ConfigValue v : result.configValues()) {
      if (!v.errorMessages().isEmpty()) {
        return; // connect only with values that are valid each on its own
      }
    }
    ConnectorConfig config = new ConnectorConfig(props);
    try {
      config.connectOptions();
    } catch (ConfigException e) {
      add(result, ConnectorConfig.RETRY_MAX_BACKOFF_MS, e.getMessage());
      return;
    }
    PlanetScaleSource source;
    try {
      source = config.source();
    } catch (PlanetScaleCdcException e) {
      add(result, ConnectorConfig.HOST, e.getMessage());
      return;
    }
    Catalog catalog;
    try (MysqlAccess mysql = MysqlAccesses.open(source);
        PlanetScaleClient client = PlanetScaleClient.builder(source).mysql(mysql).transport(Transport.VSTREAM).build()) {
      client.check();
      catalog = client.discover(config.discoverSettings());
      List<String> shards = ShardWatcher.lookUp(source);
      for (String s : config.shards()) {
        if (!shards.contains(s)) {
          add(result, ConnectorConfig.SHARDS, "shard \"" + s + "\" is not a shard of " + source.database()
              + "; its shards are " + shards);
        }
      }
    } catch (AuthenticationException e) {
      add(result, ConnectorConfig.PASSWORD, "PlanetScale rejected the credentials of user \"" + source.username()
          + "\": " + e.getMessage());
      return;
    } catch (PlanetScaleCdcException e) {
      add(result, ConnectorConfig.HOST, "connecting to " + source.host() + " failed: " + e.getMessage());
      return;
    }
    for (String t : config.tables()) {
      if (catalog.stream(t).isEmpty()) {
        add(result, ConnectorConfig.TABLES, "\"" + t + "\" is not a table of " + source.database());
      }
    }
    if (catalog.streams().isEmpty() || (config.tables().isEmpty() && !config.getList(ConnectorConfig.TABLES).isEmpty())) {
      add(result, config.getList(ConnectorConfig.TABLES).isEmpty() ? ConnectorConfig.TABLES_EXCLUDE
          : ConnectorConfig.TABLES, "no table of " + source.database() + " is left to stream");
    }
  }

  private static void add(Config result, String key, String message) {
    for (ConfigValue v : result.configValues()) {
      if (v.name().equals(key)) {
        v.addErrorMessage(message);
        return;
      }
    }
  }
}
