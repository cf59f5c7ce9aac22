package io.planetscale.cdc;

import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.ReadOptions;
import java.util.Objects;

/**
 * Discover and sync: the Go package's {@code Discover} and {@code Sync}, with the Go connectors'
 * data formats and algorithm and without their bugs.
 *
 * <pre>{@code
 * Catalog catalog = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.defaults())
 *     .selectOnly("orders", "customers");   // or discover with DiscoverSettings.autoSelectAll()
 * State state = PlanetScaleCdc.sync(mysql, edge, SyncLogger.slf4j(), source, catalog, savedState, sink,
 *     TabletType.PRIMARY);
 * }</pre>
 */
public final class PlanetScaleCdc {
  private PlanetScaleCdc() {}

  /**
   * Builds a catalog of the database's tables: for each table (in SHOW TABLES order, excluded names
   * left out) its JSON schema, primary key and Singer metadata.
   *
   * @param source the connection settings
   * @param mysql the schema access
   * @param settings selection, exclusion, incremental and tinyint settings
   * @return the catalog
   * @throws PlanetScaleCdcException of the kind the failing step raised, its message saying which
   *     step (ping, table names, a table's schema or keys) failed
   */
  public static Catalog discover(PlanetScaleSource source, MysqlAccess mysql, DiscoverSettings settings) {
    return CatalogDiscovery.discover(source, mysql, settings);
  }

  /**
   * Syncs every selected stream of the catalog: for each stream in catalog order and each shard in
   * key-range order, reads from the saved cursor (incremental streams) or from a full copy, hands
   * records to the sink, flushes, and hands the whole state to the sink; finally hands the state once
   * more and returns it.
   *
   * @param mysql the topology access (shards and tablets)
   * @param edge the table change streams
   * @param logger progress messages and stream schemas
   * @param source the connection settings (keyspace, shards, starting GTIDs)
   * @param catalog the catalog, with the streams and columns to sync selected
   * @param state the saved state, or {@code null}/{@link State#empty()} for a first sync
   * @param sink receives records, flushes and states
   * @param tabletType the tablet type to read from
   * @return the final state, the same one last handed to {@link RecordSink#state}
   * @throws SinkException if the sink threw; it carries the last state whose records the sink accepted
   * @throws StaleCursorException if a saved cursor points at purged binary logs
   * @throws PlanetScaleCdcException on any other failure, naming the stream and shard
   */
  public static State sync(MysqlAccess mysql, EdgeDatabase edge, SyncLogger logger, PlanetScaleSource source,
      Catalog catalog, State state, RecordSink sink, TabletType tabletType) {
    return sync(mysql, edge, logger, source, catalog, state, sink, tabletType, null);
  }

  /**
   * {@link #sync(MysqlAccess, EdgeDatabase, SyncLogger, PlanetScaleSource, Catalog, State, RecordSink, TabletType)}
   * with explicit read options (read window, peek timeout, settle interval, retries) instead of the
   * edge database's own.
   *
   * @param mysql the topology access
   * @param edge the table change streams
   * @param logger progress messages
   * @param source the connection settings
   * @param catalog the catalog
   * @param state the saved state, or {@code null}
   * @param sink the sink
   * @param tabletType the tablet type
   * @param options the read options passed to every {@link EdgeDatabase#read}, or {@code null} for the
   *     edge database's defaults
   * @return the final state
   */
  public static State sync(MysqlAccess mysql, EdgeDatabase edge, SyncLogger logger, PlanetScaleSource source,
      Catalog catalog, State state, RecordSink sink, TabletType tabletType, ReadOptions options) {
    SyncOptions goLike = SyncOptions.goCompatible().toBuilder().logger(Objects.requireNonNull(logger, "logger"))
        .tabletType(Objects.requireNonNull(tabletType, "tabletType")).readOptions(options).build();
    return sync(mysql, edge, source, catalog, state, sink, goLike);
  }

  /**
   * Syncs every selected stream of the catalog with full control: tablet type, read settings,
   * checkpoints every N records or T time, shards read in parallel, stale-cursor recovery, a
   * progress listener. Otherwise as
   * {@link #sync(MysqlAccess, EdgeDatabase, SyncLogger, PlanetScaleSource, Catalog, State, RecordSink, TabletType)}.
   *
   * @param mysql the topology access (shards and tablets)
   * @param edge the table change streams
   * @param source the connection settings (keyspace, shards, starting GTIDs)
   * @param catalog the catalog, with the streams and columns to sync selected
   * @param state the saved state, or {@code null}/{@link State#empty()} for a first sync
   * @param sink receives records, flushes and states
   * @param options the sync settings
   * @return the final state, the same one last handed to {@link RecordSink#state}
   */
  public static State sync(MysqlAccess mysql, EdgeDatabase edge, PlanetScaleSource source, Catalog catalog,
      State state, RecordSink sink, SyncOptions options) {
    SyncEngine engine = new SyncEngine(Objects.requireNonNull(mysql, "mysql"), Objects.requireNonNull(edge, "edge"),
        Objects.requireNonNull(source, "source"), Objects.requireNonNull(sink, "sink"),
        Objects.requireNonNull(options, "options"));
    return engine.run(Objects.requireNonNull(catalog, "catalog"), state == null ? State.empty() : state);
  }
}
