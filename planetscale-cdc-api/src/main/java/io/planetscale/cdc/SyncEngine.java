package io.planetscale.cdc;

import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.spi.ReadParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link PlanetScaleCdc#sync}: the Go {@code Sync} with its bugs fixed — deterministic shard order,
 * errors never swallowed, records flushed before every state, one state after every shard plus a
 * final one, and sink failures reported with the last state whose records were all accepted.
 */
final class SyncEngine {
  private final MysqlAccess mysql;
  private final EdgeDatabase edge;
  private final SyncLogger logger;
  private final PlanetScaleSource source;
  private final RecordSink sink;
  private final TabletType tabletType;
  private final ReadOptions options;

  SyncEngine(MysqlAccess mysql, EdgeDatabase edge, SyncLogger logger, PlanetScaleSource source, RecordSink sink,
      TabletType tabletType, ReadOptions options) {
    this.mysql = mysql;
    this.edge = edge;
    this.logger = logger;
    this.source = source;
    this.sink = sink;
    this.tabletType = tabletType;
    this.options = options;
  }

  State run(Catalog catalog, State stored) {
    List<SelectedStream> selected = SchemaFilter.select(catalog);
    List<String> shards = new ArrayList<>(mysql.vitessShards(source));
    shards.sort(ShardOrder.INSTANCE);
    if (shards.isEmpty()) {
      throw new PlanetScaleCdcException("keyspace \"" + source.database() + "\" has no shards");
    }
    List<String> cells = TabletCells.find(tabletType, mysql.vitessTablets(source), source.database());
    ShardStates initial = source.initialState(source.database(), shards);

    SyncProgress progress = new SyncProgress(stored);
    for (SelectedStream s : selected) {
      progress.addMissing(s.stream().name(), initial);
    }
    for (SelectedStream s : selected) {
      syncStream(s, stored, initial, cells, progress);
    }
    State last = progress.snapshot();
    try {
      sink.state(last);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new SinkException("the sink failed to accept the final state: " + e, last, e);
    }
    return last;
  }

  private void syncStream(SelectedStream selected, State stored, ShardStates initial, List<String> cells,
      SyncProgress progress) {
    Stream stream = selected.stream();
    logger.streamSchema(stream.withType("SCHEMA"));
    Map<String, SerializedCursor> start = initial.shards();
    if (stream.incrementalSyncRequested()) {
      logger.info("Stream \"" + stream.name() + "\" will be synced incrementally");
      ShardStates saved = stored.streams().get(stream.name());
      if (saved != null) {
        // The saved cursor of each shard being synced; shards new to the state start from the beginning.
        Map<String, SerializedCursor> merged = new LinkedHashMap<>(initial.shards());
        merged.replaceAll((shard, cursor) -> saved.shards().getOrDefault(shard, cursor));
        start = merged;
      }
    } else {
      logger.info("Stream \"" + stream.name() + "\" will be synced in full");
    }
    for (Map.Entry<String, SerializedCursor> e : start.entrySet()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new PlanetScaleCdcException("sync interrupted before stream \"" + stream.name() + "\" shard \""
            + e.getKey() + "\"");
      }
      syncShard(selected, e.getKey(), e.getValue(), cells, progress);
    }
  }

  private void syncShard(SelectedStream selected, String shard, SerializedCursor cursor, List<String> cells,
      SyncProgress progress) {
    Stream stream = selected.stream();
    TableCursor start = cursor.toTableCursor(stream.name(), shard);
    if (!start.shard().isEmpty() && !start.shard().equals(shard)) {
      throw new ConfigurationException("state of stream \"" + stream.name() + "\" shard \"" + shard
          + "\" holds a cursor for shard \"" + start.shard() + "\"");
    }
    start = new TableCursor(shard, start.keyspace().isEmpty() ? source.database() : start.keyspace(),
        start.position(), start.lastKnownPk());
    logger.info("syncing rows from stream \"" + stream.name() + "\" from shard \"" + shard + "\" at position ["
        + start.position() + "]");
    if (!start.position().isEmpty()) {
      logger.info("stream's known position is \"" + start.position() + "\"");
    }
    ShardSync callbacks = new ShardSync(selected, start, sink, progress);
    ReadParams params = new ReadParams(source, stream, start, selected.columns(), callbacks, callbacks, tabletType,
        cells, options);
    SerializedCursor end;
    try {
      end = edge.read(params);
    } catch (SinkException | StaleCursorException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ExceptionContext.with("reading stream \"" + stream.name() + "\" shard \"" + shard + "\" failed: ", e);
    }
    if (end == null) {
      throw new PlanetScaleCdcException("the edge database returned no cursor for stream \"" + stream.name()
          + "\" shard \"" + shard + "\"");
    }
    callbacks.finish(end);
    logger.info("finished stream \"" + stream.name() + "\" shard \"" + shard + "\": " + callbacks.records()
        + " records");
  }
}
