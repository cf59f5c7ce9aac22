package io.planetscale.cdc;

import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.ReadParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link PlanetScaleCdc#sync}: the Go {@code Sync} with its bugs fixed — deterministic shard order,
 * errors never swallowed, records flushed before every state, one state after every shard plus a
 * final one (and checkpoints in between when asked), and sink failures reported with the last state
 * whose records were all accepted. Shards of a stream may be read in parallel.
 */
final class SyncEngine {
  /** How many rows a read running ahead may hold before it waits for its turn. */
  private static final long READ_AHEAD_ROWS = 10_000;
  /** Reads ahead when the edge database allows concurrent reads and the options do not say. */
  private static final int DEFAULT_READ_AHEAD = 3;

  private final MysqlAccess mysql;
  private final EdgeDatabase edge;
  private final PlanetScaleSource source;
  private final GuardedSink sink;
  private final TabletType tabletType;
  private final SyncOptions options;
  private final SyncLogger logger;
  private final Checkpoints checkpoints;

  SyncEngine(MysqlAccess mysql, EdgeDatabase edge, PlanetScaleSource source, RecordSink sink, SyncOptions options) {
    this.mysql = mysql;
    this.edge = edge;
    this.source = source;
    this.sink = new GuardedSink(sink);
    this.options = options;
    this.logger = options.logger();
    this.tabletType = options.tabletType() != null ? options.tabletType() : source.tabletType();
    this.checkpoints = new Checkpoints(options.checkpointEveryRows(), options.checkpointInterval());
  }

  State run(Catalog catalog, State stored) {
    List<SelectedStream> selected = SchemaFilter.select(catalog);
    if (selected.isEmpty()) {
      throw new ConfigurationException("no stream of the catalog is selected (" + catalog.streams().size()
          + " streams), so there is nothing to sync: discover with auto-selection "
          + "(DiscoverSettings with autoSelectTables = true) or mark streams selected in their metadata");
    }
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
    int readAhead = options.readAhead() >= 0 ? options.readAhead() : edge.concurrentReads() ? DEFAULT_READ_AHEAD : 0;
    if (options.shardParallelism() > 1 || readAhead == 0) {
      for (SelectedStream s : selected) {
        syncStream(s, stored, initial, cells, progress);
      }
    } else {
      syncInOrder(selected, stored, initial, cells, progress, readAhead);
    }
    State last = progress.snapshot();
    try {
      sink.sink().state(last);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new SinkException("the sink failed to accept the final state: " + e, last, e);
    }
    return last;
  }

  /**
   * Every stream's shards one after another, as the sink sees them, with up to {@code readAhead}
   * reads running ahead of the one delivering (see {@link OrderedReads}).
   */
  private void syncInOrder(List<SelectedStream> selected, State stored, ShardStates initial, List<String> cells,
      SyncProgress progress, int readAhead) {
    List<OrderedReads.Step> steps = new ArrayList<>();
    for (SelectedStream s : selected) {
      Map<String, SerializedCursor> start = startCursors(s.stream(), stored, initial);
      Object lock = new Object();
      List<ShardCounts> counts = new ArrayList<>();
      int i = 0;
      for (Map.Entry<String, SerializedCursor> e : start.entrySet()) {
        boolean first = i == 0;
        boolean last = ++i == start.size();
        steps.add(new OrderedReads.Step(
            first ? () -> startStream(s.stream()) : () -> { },
            sequencer -> syncShard(s, e.getKey(), e.getValue(), cells, progress, lock, sequencer, counts),
            last ? () -> finishStream(s.stream(), counts) : () -> { }));
      }
    }
    OrderedReads.run(source.database(), readAhead, READ_AHEAD_ROWS, steps);
  }

  /** Each shard's start: its saved cursor for an incremental stream that has one, else the initial one. */
  private static Map<String, SerializedCursor> startCursors(Stream stream, State stored, ShardStates initial) {
    ShardStates saved = stored.streams().get(stream.name());
    if (!stream.incrementalSyncRequested() || saved == null) {
      return initial.shards();
    }
    // The saved cursor of each shard being synced; shards new to the state start from the beginning.
    Map<String, SerializedCursor> merged = new LinkedHashMap<>(initial.shards());
    merged.replaceAll((shard, cursor) -> saved.shards().getOrDefault(shard, cursor));
    return merged;
  }

  private void startStream(Stream stream) {
    logger.streamSchema(stream.withType("SCHEMA"));
    boolean incremental = stream.incrementalSyncRequested();
    logger.info("Stream \"" + stream.name() + "\" will be synced " + (incremental ? "incrementally" : "in full"));
    options.listener().streamStarted(stream, incremental);
  }

  private void finishStream(Stream stream, List<ShardCounts> counts) {
    ShardCounts total = ShardCounts.ZERO;
    for (ShardCounts c : counts) {
      total = total.plus(c);
    }
    options.listener().streamFinished(stream.name(), total);
  }

  private void syncStream(SelectedStream selected, State stored, ShardStates initial, List<String> cells,
      SyncProgress progress) {
    Stream stream = selected.stream();
    startStream(stream);
    Map<String, SerializedCursor> start = startCursors(stream, stored, initial);
    Object lock = new Object();
    List<ShardCounts> counts = new ArrayList<>();
    List<Runnable> reads = new ArrayList<>();
    for (Map.Entry<String, SerializedCursor> e : start.entrySet()) {
      reads.add(() -> syncShard(selected, e.getKey(), e.getValue(), cells, progress, lock, Sequencer.DIRECT, counts));
    }
    if (options.shardParallelism() > 1 && reads.size() > 1) {
      ParallelShards.run(stream.name(), options.shardParallelism(), reads);
    } else {
      int i = 0;
      for (String shard : start.keySet()) {
        if (Thread.currentThread().isInterrupted()) {
          throw new PlanetScaleCdcException("sync interrupted before stream \"" + stream.name() + "\" shard \""
              + shard + "\"");
        }
        reads.get(i++).run();
      }
    }
    finishStream(stream, counts);
  }

  private void syncShard(SelectedStream selected, String shard, SerializedCursor cursor, List<String> cells,
      SyncProgress progress, Object lock, Sequencer sequencer, List<ShardCounts> counts) {
    Stream stream = selected.stream();
    TableCursor start = cursor.toTableCursor(stream.name(), shard);
    if (!start.shard().isEmpty() && !start.shard().equals(shard)) {
      throw new ConfigurationException("state of stream \"" + stream.name() + "\" shard \"" + shard
          + "\" holds a cursor for shard \"" + start.shard() + "\"");
    }
    start = new TableCursor(shard, start.keyspace().isEmpty() ? source.database() : start.keyspace(),
        start.position(), start.lastKnownPk());
    try {
      read(selected, start, cells, progress, lock, sequencer, counts);
    } catch (StaleCursorException stale) {
      if (!options.restartOnStaleCursor() || start.position().isEmpty() && !start.isCopying()) {
        throw stale;
      }
      String stalePosition = start.position();
      sequencer.run(() -> logger.error("stream \"" + stream.name() + "\" shard \"" + shard + "\": the saved position ["
          + stalePosition + "] is stale (binlogs purged); copying the shard again from the start"), 1);
      read(selected, TableCursor.of(shard, start.keyspace(), ""), cells, progress, lock, sequencer, counts);
    }
  }

  private void read(SelectedStream selected, TableCursor start, List<String> cells, SyncProgress progress,
      Object lock, Sequencer sequencer, List<ShardCounts> counts) {
    Stream stream = selected.stream();
    String shard = start.shard();
    TableCursor from = start;
    // Logged and announced in delivery order: with reads running ahead, on the delivering thread.
    sequencer.run(() -> {
      logger.info("syncing rows from stream \"" + stream.name() + "\" from shard \"" + shard + "\" at position ["
          + from.position() + "]");
      if (!from.position().isEmpty()) {
        logger.info("stream's known position is \"" + from.position() + "\"");
      }
      synchronized (lock) {
        options.listener().shardStarted(stream.name(), shard, from);
      }
    }, 1);
    ShardSync callbacks = new ShardSync(selected, start, sink, progress, lock, options.listener(), checkpoints);
    ReadParams params;
    if (sequencer == Sequencer.DIRECT) {
      params = new ReadParams(source, stream, start, selected.columns(), callbacks, callbacks, tabletType, cells,
          options.readOptions());
    } else {
      SequencedCallbacks sequenced = new SequencedCallbacks(callbacks, sequencer);
      params = new ReadParams(source, stream, start, selected.columns(), sequenced, sequenced, tabletType, cells,
          options.readOptions());
    }
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
    SerializedCursor last = end;
    sequencer.run(() -> {
      callbacks.finish(last);
      logger.info("finished stream \"" + stream.name() + "\" shard \"" + shard + "\": " + callbacks.counts().total()
          + " records");
      synchronized (lock) {
        counts.add(callbacks.counts());
      }
    }, 1);
  }
}
