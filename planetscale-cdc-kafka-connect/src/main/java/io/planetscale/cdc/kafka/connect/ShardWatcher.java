package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.spi.MysqlAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks the keyspace's shards up every interval on a daemon thread and reports when they change (a
 * reshard), so that the connector reassigns them: a task cannot ask for that itself.
 */
final class ShardWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardWatcher.class);

  private final PlanetScaleSource source;
  private final Duration interval;
  private final Consumer<List<String>> onChange;
  private final ScheduledExecutorService executor;
  private List<String> known;

  ShardWatcher(PlanetScaleSource source, Duration interval, List<String> known, Consumer<List<String>> onChange) {
    this.source = source;
    this.interval = interval;
    this.known = List.copyOf(known);
    this.onChange = onChange;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "planetscale-shard-watcher-" + source.database());
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    executor.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    try {
      List<String> found = lookUp(source);
      if (!found.equals(known)) {
        LOG.info("the shards of {} changed from {} to {}; reassigning them to tasks", source.database(), known, found);
        known = found;
        onChange.accept(found);
      }
    } catch (RuntimeException e) {
      LOG.warn("looking up the shards of {} failed; trying again in {}: {}", source.database(), interval,
          describe(source, e));
    }
  }

  /**
   * @return the keyspace's shards, sorted
   * @throws PlanetScaleCdcException if they cannot be looked up
   */
  static List<String> lookUp(PlanetScaleSource source) {
    try (MysqlAccess mysql = MysqlAccesses.open(source)) {
      List<String> shards = new ArrayList<>(mysql.vitessShards(source));
      if (shards.isEmpty()) {
        throw new PlanetScaleCdcException("keyspace " + source.database() + " has no shard");
      }
      shards.sort(null);
      return List.copyOf(shards);
    }
  }

  /** @return what failed, for a message: the SDK's messages never contain the password */
  static String describe(PlanetScaleSource source, RuntimeException e) {
    if (e instanceof AuthenticationException) {
      return "PlanetScale rejected the credentials of user \"" + source.username() + "\" for " + source.database()
          + " (check " + ConnectorConfig.USERNAME + " and " + ConnectorConfig.PASSWORD + "): " + e.getMessage();
    }
    return "looking up the shards of " + source.database() + " on " + source.host() + " failed: " + e.getMessage();
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
