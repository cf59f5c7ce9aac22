package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.grpc.KeyspaceStream;
import io.planetscale.cdc.grpc.ShardGtid;
import io.planetscale.cdc.grpc.Transaction;
import io.planetscale.cdc.grpc.TransactionListener;
import io.planetscale.cdc.grpc.VGtid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one shard (and, after a split, the shards that replaced it) on its own thread: a
 * {@link KeyspaceStream} whose transactions are converted to Connect records and queued for
 * {@code poll()}. The last record of each transaction or copy batch carries the shard's new offset;
 * the others carry the offset before the transaction, so a restart never resumes inside one.
 */
final class ShardStreamer implements Runnable, TransactionListener {
  private static final Logger LOG = LoggerFactory.getLogger(ShardStreamer.class);

  /** Where a shard's stream starts. */
  record Start(VGtid position, long ordinal, boolean copy) {}

  private final ConnectorConfig config;
  private final PlanetScaleSource source;
  private final Catalog catalog;
  private final List<String> tables;
  private final String keyspace;
  private final String firstShard;
  private final Start start;
  private final RecordQueue queue;
  private final HeartbeatRecords heartbeats;
  private final Consumer<ConnectException> onFailure;
  private final ChangeEventConverter converter;
  /** Per shard of the stream: the offset of its last whole transaction and its ordinal. */
  private final Map<String, Map<String, Object>> offsets = new LinkedHashMap<>();
  private final Map<String, Long> ordinals = new LinkedHashMap<>();
  private volatile KeyspaceStream stream;
  private volatile boolean stopping;

  ShardStreamer(ConnectorConfig config, PlanetScaleSource source, Catalog catalog, List<String> tables, String shard,
      Start start, RecordQueue queue, Consumer<ConnectException> onFailure) {
    this.config = config;
    this.source = source;
    this.catalog = catalog;
    this.tables = tables;
    this.keyspace = source.database();
    this.firstShard = shard;
    this.start = start;
    this.queue = queue;
    this.heartbeats = new HeartbeatRecords(config.heartbeatTopic());
    this.onFailure = onFailure;
    this.converter = new ChangeEventConverter(config.eventSettings(), catalog);
    ordinals.put(shard, start.ordinal());
  }

  @Override
  public void run() {
    KeyspaceStream.Builder b = builder();
    if (start.position() != null) {
      b.startAt(start.position());
    } else if (start.copy()) {
      b.startWithCopy().shards(List.of(firstShard));
    } else {
      b.startAtCurrent().shards(List.of(firstShard));
    }
    while (!stopping) {
      KeyspaceStream s = b.build();
      stream = s;
      if (stopping) {
        s.close();
        return;
      }
      rememberStart(s.position());
      try {
        s.run(this);
        return; // closed by stop()
      } catch (StaleCursorException e) {
        if (stopping) {
          return;
        }
        if (config.snapshotMode() != SnapshotMode.WHEN_NEEDED) {
          fail(new ConnectException("shard " + keyspace + "/" + shardsOf(s) + ": the stored position can no longer be"
              + " streamed (the server purged its binary logs): " + e.getMessage() + ". Set "
              + ConnectorConfig.SNAPSHOT_MODE + "=when_needed to copy the shard again, or reset the connector's"
              + " offsets to start anew", e));
          return;
        }
        LOG.warn("shard {}/{}: the stored position can no longer be streamed ({}); copying the shard again, as {}=when_needed says",
            keyspace, shardsOf(s), e.getMessage(), ConnectorConfig.SNAPSHOT_MODE);
        b = builder().startWithCopy().shards(s.position().shards());
      } catch (KeyspaceStream.ListenerException e) {
        if (!stopping) {
          fail(new ConnectException("shard " + keyspace + "/" + shardsOf(s) + ": converting a change failed: "
              + e.getCause(), e.getCause()));
        }
        return;
      } catch (AuthenticationException e) {
        if (!stopping) {
          fail(new ConnectException("shard " + keyspace + "/" + shardsOf(s) + ": PlanetScale rejected the"
              + " credentials of user \"" + source.username() + "\" (check " + ConnectorConfig.USERNAME + " and "
              + ConnectorConfig.PASSWORD + "): " + e.getMessage(), e));
        }
        return;
      } catch (RuntimeException e) {
        if (!stopping) {
          fail(new ConnectException("shard " + keyspace + "/" + shardsOf(s) + ": the stream failed after its"
              + " retries: " + e.getMessage(), e));
        }
        return;
      }
    }
  }

  private KeyspaceStream.Builder builder() {
    KeyspaceStream.Builder b = KeyspaceStream.builder(source, catalog)
        .connectOptions(config.connectOptions())
        .tabletType(config.tabletType())
        .maxTransactionRecords(config.maxTransactionRecords());
    if (!tables.isEmpty()) {
      b.tables(tables);
    }
    return b;
  }

  /** The offsets before the first transaction: the start position of each shard. */
  private void rememberStart(VGtid position) {
    for (ShardGtid g : position.shardGtids()) {
      if (g.keyspace().equals(keyspace) && !g.shard().isEmpty()) {
        ordinals.putIfAbsent(g.shard(), 0L);
        offsets.put(g.shard(), SourceOffsets.offset(VGtid.of(g), ordinals.get(g.shard())));
      }
    }
  }

  private static String shardsOf(KeyspaceStream s) {
    return String.join(",", s.position().shards());
  }

  private void fail(ConnectException e) {
    LOG.error(e.getMessage(), e);
    onFailure.accept(e);
  }

  /** Stops the stream; the thread ends soon after. */
  void stop() {
    stopping = true;
    KeyspaceStream s = stream;
    if (s != null) {
      s.close();
    }
  }

  @Override
  public void onTableFields(SchemaChange fields) {
    converter.onTableFields(fields);
  }

  @Override
  public void onSchemaChange(SchemaChange change) {
    converter.onSchemaChange(change);
  }

  @Override
  public void onTransaction(Transaction tx) throws InterruptedException {
    String shard = tx.shard();
    Map<String, Object> partition = SourceOffsets.partition(keyspace, shard);
    Map<String, Object> before = offsets.get(shard);
    long ordinal = ordinals.getOrDefault(shard, 0L);
    Map<String, Object> after = before;
    String vgtid = before == null ? null : (String) before.get(SourceOffsets.VGTID);
    if (tx.lastChunk()) {
      VGtid position = SourceOffsets.ofShard(tx.position(), keyspace, shard);
      after = SourceOffsets.offset(position, ordinal + 1);
      vgtid = position.toJson();
    }
    List<SourceRecord> out = new ArrayList<>(tx.records().size() + 1);
    List<Record> records = tx.records();
    for (int i = 0; i < records.size(); i++) {
      Record r = records.get(i);
      boolean snapshot = r.position().position().startsWith("copy:");
      Map<String, Object> offset = i == records.size() - 1 ? after : before;
      converter.convert(keyspace, shard, r, snapshot, vgtid, tx.commitTime(), partition,
          offset == null ? after : offset, out);
    }
    if (tx.lastChunk() && out.isEmpty()) {
      // Nothing to carry the new position (a copy that ended with no row): a heartbeat record does.
      out.add(heartbeats.record(keyspace, shard, "position", Instant.now(), after));
    }
    queue.put(shard, out, tx.lastChunk());
    if (tx.lastChunk()) {
      ordinals.put(shard, ordinal + 1);
      offsets.put(shard, after);
    }
  }

  @Override
  public void onHeartbeat(Instant at) throws InterruptedException {
    List<SourceRecord> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : offsets.entrySet()) {
      out.add(heartbeats.record(keyspace, e.getKey(), "heartbeat", at, e.getValue()));
    }
    queue.put("heartbeat", out, true);
  }

  @Override
  public void onReshard(VGtid from, VGtid to) throws InterruptedException {
    Instant now = Instant.now();
    List<SourceRecord> out = new ArrayList<>();
    for (ShardGtid g : from.shardGtids()) {
      if (g.keyspace().equals(keyspace) && to.shard(keyspace, g.shard()).isEmpty()) {
        out.add(heartbeats.record(keyspace, g.shard(), "retired", now, SourceOffsets.retired()));
        offsets.remove(g.shard());
        ordinals.remove(g.shard());
      }
    }
    for (ShardGtid g : to.shardGtids()) {
      if (g.keyspace().equals(keyspace) && from.shard(keyspace, g.shard()).isEmpty()) {
        Map<String, Object> offset = SourceOffsets.offset(VGtid.of(g), 0);
        out.add(heartbeats.record(keyspace, g.shard(), "reshard", now, offset));
        offsets.put(g.shard(), offset);
        ordinals.put(g.shard(), 0L);
      }
    }
    LOG.info("keyspace {}: shards {} were resharded into {}; the connector reassigns them at its next shard lookup",
        keyspace, from.shards(), to.shards());
    queue.put("reshard", out, true);
  }
}
