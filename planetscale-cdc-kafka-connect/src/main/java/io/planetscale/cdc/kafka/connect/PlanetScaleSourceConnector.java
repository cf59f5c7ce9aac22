package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.PlanetScaleCdcException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect source connector for a PlanetScale (Vitess) keyspace: the selected tables of every
 * shard as Debezium-style change events in topics {@code <topic.prefix>.<keyspace>.<table>}.
 *
 * <p>Each shard is one source partition, {@code {"keyspace": ..., "shard": ...}}, whose offset holds
 * the shard's VGtid and a transaction ordinal. Shards are spread round-robin over
 * {@code min(tasks.max, shards)} tasks, so changing {@code tasks.max} needs nothing else. The
 * connector looks the shards up again every {@code shard.poll.interval.ms} and reassigns them after a
 * reshard (the tasks write the new shards' first offsets themselves, with the records).
 *
 * <p>Exactly-once delivery (KIP-618) is supported, and so are connector-defined transaction
 * boundaries: each Kafka transaction then ends at a VStream COMMIT or copy batch. Offsets can be
 * set through the REST API (KIP-875), e.g. to start a shard at a GTID position.
 */
public class PlanetScaleSourceConnector extends SourceConnector {
  private static final Logger LOG = LoggerFactory.getLogger(PlanetScaleSourceConnector.class);

  private Map<String, String> props;
  private ShardWatcher watcher;
  private volatile List<String> shards = List.of();

  /** Creates the connector; the worker then calls {@link #initialize} and {@link #start}. */
  public PlanetScaleSourceConnector() {}

  /** @return the connector's version */
  @Override
  public String version() {
    return Versions.VERSION;
  }

  /** @return every configuration key with its documentation, default and validator */
  @Override
  public ConfigDef config() {
    return ConnectorConfig.DEF;
  }

  /**
   * Looks up the keyspace's shards (or takes {@code planetscale.shards}) and, unless shards are
   * configured, starts watching them for reshards.
   *
   * @param props the connector configuration
   * @throws ConnectException if the configuration is invalid or the shards cannot be looked up
   */
  @Override
  public void start(Map<String, String> props) {
    this.props = new HashMap<>(props);
    ConnectorConfig config;
    try {
      config = new ConnectorConfig(props);
      config.connectOptions(); // checks the backoffs' order
    } catch (ConfigException e) {
      throw new ConnectException("invalid configuration: " + e.getMessage(), e);
    }
    if (!config.shards().isEmpty()) {
      shards = config.shards();
    } else {
      try {
        shards = ShardWatcher.lookUp(config.source());
      } catch (PlanetScaleCdcException e) {
        throw new ConnectException(ShardWatcher.describe(config.source(), e), e);
      }
      if (!config.shardPollInterval().isZero()) {
        watcher = new ShardWatcher(config.source(), config.shardPollInterval(), shards, found -> {
          shards = found;
          context().requestTaskReconfiguration();
        });
        watcher.start();
      }
    }
    LOG.info("connector for {} started with shards {}", config.getString(ConnectorConfig.DATABASE), shards);
  }

  /** @return {@link PlanetScaleSourceTask} */
  @Override
  public Class<? extends Task> taskClass() {
    return PlanetScaleSourceTask.class;
  }

  /**
   * Spreads the shards round-robin over {@code min(maxTasks, shards)} tasks.
   *
   * @param maxTasks {@code tasks.max}
   * @return one configuration per task: the connector's plus its shards
   */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return TaskAssignment.assign(props, shards, maxTasks);
  }

  /** Stops watching the shards. */
  @Override
  public void stop() {
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
  }

  /**
   * Checks each value, then connects with them: a rejected password is reported on
   * {@code planetscale.password}, an unreachable host on {@code planetscale.host}, unknown tables and
   * shards on their keys. Messages never contain the password.
   *
   * @param connectorConfigs the configuration to check
   * @return the keys with their errors
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config result = super.validate(connectorConfigs);
    ConnectionValidation.check(connectorConfigs, result);
    return result;
  }

  /** @return SUPPORTED: offsets are written with the records, in the same Kafka transaction */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  /** @return SUPPORTED: the task ends each Kafka transaction at a VStream COMMIT or copy batch */
  @Override
  public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
    return ConnectorTransactionBoundaries.SUPPORTED;
  }

  /**
   * Checks offsets given through the REST API: partitions {@code {"keyspace": <planetscale.database>,
   * "shard": <shard>}}; offsets {@code {"vgtid": <VGtid JSON of that one shard>, "ordinal": <number>}}
   * ({@code ordinal} may be left out), {@code {"retired": true}}, or null to reset the shard.
   *
   * @param connectorConfig the connector's configuration
   * @param offsets the partitions and their new offsets
   * @return true: the connector keeps no offsets of its own
   * @throws ConnectException saying which partition or offset is wrong and why
   */
  @Override
  public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
    String database = connectorConfig.get(ConnectorConfig.DATABASE);
    if (database == null || database.isBlank()) {
      throw new ConnectException("the connector configuration has no " + ConnectorConfig.DATABASE);
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
      try {
        String shard = SourceOffsets.shardOf(e.getKey(), database.strip());
        if (e.getValue() != null) {
          SourceOffsets.parse(database.strip(), shard, e.getValue());
        }
      } catch (IllegalArgumentException ex) {
        problems.add(ex.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConnectException("invalid offsets: " + String.join("; ", problems));
    }
    return true;
  }
}
