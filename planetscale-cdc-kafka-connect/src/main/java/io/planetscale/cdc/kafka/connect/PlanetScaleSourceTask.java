package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.grpc.ShardGtid;
import io.planetscale.cdc.grpc.VGtid;
import io.planetscale.cdc.spi.MysqlAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the shards the connector assigned to this task, each on its own {@code KeyspaceStream}
 * and thread so that shards never hold each other up, into Debezium-style change events. A shard
 * resumes from its stored offset; without one, from {@code planetscale.starting.gtids}, else as
 * {@code snapshot.mode} says. With {@code transaction.boundary=connector}, each Kafka transaction
 * ends where a VStream transaction or copy batch ends (never inside one of any shard).
 * Transient failures are retried inside the streams; a task fails only when retries are exhausted,
 * the credentials are rejected, or a position is lost and {@code snapshot.mode} is not
 * {@code when_needed}.
 */
public class PlanetScaleSourceTask extends SourceTask {
  private static final Logger LOG = LoggerFactory.getLogger(PlanetScaleSourceTask.class);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

  private final AtomicReference<ConnectException> failure = new AtomicReference<>();
  private final List<ShardStreamer> streamers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  /** Units (shards, heartbeats) whose transaction has records polled but not its end yet. */
  private final Set<String> open = new HashSet<>();
  private RecordQueue queue;
  private ConnectorConfig config;

  /** Creates the task; the worker then calls {@link #initialize} and {@link #start}. */
  public PlanetScaleSourceTask() {}

  /** @return the connector's version */
  @Override
  public String version() {
    return Versions.VERSION;
  }

  /**
   * Discovers the tables, reads the stored offsets of the assigned shards and starts one stream per shard.
   *
   * @param props the task configuration (the connector's plus the assigned shards)
   * @throws ConnectException if the configuration is invalid or discovery fails
   */
  @Override
  public void start(Map<String, String> props) {
    try {
      config = new ConnectorConfig(props);
    } catch (ConfigException e) {
      throw new ConnectException("invalid configuration: " + e.getMessage(), e);
    }
    PlanetScaleSource source = config.source();
    List<String> shards = config.taskShards();
    queue = new RecordQueue(config.maxQueueSize());
    Catalog catalog = discover(source);
    List<String> tables = config.tables();
    for (String t : tables) {
      if (catalog.stream(t).isEmpty()) {
        throw new ConnectException(ConnectorConfig.TABLES + " names \"" + t + "\", which is not a table of database \""
            + source.database() + "\"");
      }
    }
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (String shard : shards) {
      partitions.add(SourceOffsets.partition(source.database(), shard));
    }
    Map<Map<String, Object>, Map<String, Object>> stored = context.offsetStorageReader().offsets(partitions);
    for (String shard : shards) {
      ShardStreamer.Start start = startOf(source, shard, stored.get(SourceOffsets.partition(source.database(), shard)));
      if (start == null) {
        continue;
      }
      ShardStreamer s = new ShardStreamer(config, source, catalog, tables, shard, start, queue, this::failed);
      Thread t = new Thread(s, "planetscale-" + source.database() + "/" + shard);
      t.setDaemon(true);
      streamers.add(s);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    LOG.info("streaming shards {} of {} ({} stream(s))", shards, source.database(), streamers.size());
  }

  private Catalog discover(PlanetScaleSource source) {
    try (MysqlAccess mysql = MysqlAccesses.open(source)) {
      return PlanetScaleCdc.discover(source, mysql, config.discoverSettings());
    } catch (PlanetScaleCdcException e) {
      throw new ConnectException("discovering the tables of " + source.database() + " failed: " + e.getMessage(), e);
    }
  }

  /** @return where the shard starts, or null if a reshard retired it */
  private ShardStreamer.Start startOf(PlanetScaleSource source, String shard, Map<String, Object> offset) {
    String keyspace = source.database();
    if (offset != null) {
      SourceOffsets.Stored s;
      try {
        s = SourceOffsets.parse(keyspace, shard, offset);
      } catch (IllegalArgumentException e) {
        throw new ConnectException("the stored " + e.getMessage() + "; fix or reset the connector's offsets", e);
      }
      if (s.retired()) {
        LOG.info("shard {}/{} was resharded away; nothing to stream from it", keyspace, shard);
        return null;
      }
      LOG.info("shard {}/{} resumes from its stored offset {}", keyspace, shard, offset);
      return new ShardStreamer.Start(s.position(), s.ordinal(), false);
    }
    String gtid = source.startingGtids().getOrDefault(keyspace, Map.of()).get(shard);
    if (gtid != null) {
      LOG.info("shard {}/{} starts at {} from {}", keyspace, shard, gtid, ConnectorConfig.STARTING_GTIDS);
      return new ShardStreamer.Start(VGtid.of(ShardGtid.of(keyspace, shard, gtid)), 0, false);
    }
    SnapshotMode mode = config.snapshotMode();
    LOG.info("shard {}/{} has no stored offset; {}={}", keyspace, shard, ConnectorConfig.SNAPSHOT_MODE,
        mode.configName());
    return new ShardStreamer.Start(null, 0, mode != SnapshotMode.NEVER);
  }

  private void failed(ConnectException e) {
    failure.compareAndSet(null, e);
  }

  /**
   * Returns the records converted so far, waiting up to {@code poll.interval.ms} for some.
   *
   * @return the records, or null when none came in time
   * @throws ConnectException if a shard's stream failed
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    ConnectException failed = failure.get();
    if (failed != null) {
      throw failed;
    }
    List<RecordQueue.Entry> entries = queue.poll(config.pollInterval(), config.maxBatchSize());
    if (entries.isEmpty()) {
      failed = failure.get();
      if (failed != null) {
        throw failed;
      }
      return null;
    }
    TransactionContext tx = context.transactionContext();
    List<SourceRecord> records = new ArrayList<>(entries.size());
    for (RecordQueue.Entry e : entries) {
      records.add(e.record());
      if (e.first()) {
        open.add(e.unit());
      }
      if (e.endsUnit()) {
        open.remove(e.unit());
        // A Kafka transaction ends only where no shard is inside a transaction, so offsets committed with it
        // never point into one.
        if (open.isEmpty() && tx != null) {
          tx.commitTransaction(e.record());
        }
      }
    }
    return records;
  }

  /** Stops the streams and waits for their threads. */
  @Override
  public void stop() {
    if (queue != null) {
      queue.close();
    }
    streamers.forEach(ShardStreamer::stop);
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (t.isAlive()) {
        LOG.warn("{} did not stop within {}", t.getName(), JOIN_TIMEOUT);
      }
    }
  }
}
