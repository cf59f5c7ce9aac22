package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A client's settings, as its builder left them (validated there). */
record ClientSettings(String slot, String publication, boolean createIfMissing, boolean failoverSlot,
    boolean temporarySlot, int snapshotParallelism, int snapshotChunkSize, Duration confirmInterval,
    long streamedTransactionMemory, Path spillDirectory, String logicalDecodingWorkMem, String schema) {

  /**
   * The catalog's selected streams and their tables. Discovery names a table of the source's schema by its name
   * and any other as {@code schema.table} (its {@link Stream#tableName()} being the bare name).
   */
  List<SyncTable> tables(Catalog catalog) {
    List<SyncTable> tables = new ArrayList<>();
    for (Stream stream : catalog.streams()) {
      if (stream.isSelected()) {
        String table = stream.tableName().isEmpty() ? stream.name() : stream.tableName();
        String tableSchema = schema;
        if (!stream.name().equals(table) && stream.name().endsWith("." + table)) {
          tableSchema = stream.name().substring(0, stream.name().length() - table.length() - 1);
        }
        tables.add(SyncTable.of(stream, tableSchema, table));
      }
    }
    return tables;
  }

  Map<String, SyncTable> tablesByName(List<SyncTable> tables) {
    Map<String, SyncTable> byName = new LinkedHashMap<>();
    for (SyncTable table : tables) {
      byName.put(table.schema() + "." + table.table(), table);
    }
    return byName;
  }

  /** The stream's settings: pgoutput protocol 4 (streamed transactions, v4 fields) needs PostgreSQL 16+. */
  ChangeStreamReader.Settings streamSettings(int serverMajor, SyncOptions options) {
    int protocol = serverMajor >= 16 ? 4 : serverMajor >= 15 ? 3 : serverMajor >= 14 ? 2 : 1;
    return new ChangeStreamReader.Settings(slot, publication, protocol, logicalDecodingWorkMem,
        streamedTransactionMemory, spillDirectory, confirmInterval, retryPolicy(options));
  }

  /** How lost connections are retried: the retry policy of the options' read options, else the default. */
  static RetryPolicy retryPolicy(SyncOptions options) {
    return options.readOptions() == null ? RetryPolicy.defaults() : options.readOptions().retryPolicy();
  }
}
