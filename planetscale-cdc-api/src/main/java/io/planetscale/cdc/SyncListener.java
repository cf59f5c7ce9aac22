package io.planetscale.cdc;

/**
 * Progress of a sync, for progress bars, metrics and logs. Every method has an empty default, so a
 * listener overrides only what it needs. Calls for one stream never overlap (with parallel shards
 * they are serialized with the sink's calls); a listener must return quickly and must not throw.
 */
public interface SyncListener {
  /** A listener that ignores everything. */
  SyncListener NONE = new SyncListener() {};

  /**
   * A stream is about to be synced.
   *
   * @param stream the stream (its filtered schema)
   * @param incremental whether it continues from the saved state (else a full copy)
   */
  default void streamStarted(Stream stream, boolean incremental) {}

  /**
   * A shard of a stream is about to be read.
   *
   * @param stream the stream name
   * @param shard the shard
   * @param from the cursor the read starts from
   */
  default void shardStarted(String stream, String shard, TableCursor from) {}

  /**
   * A cursor arrived: every record before it has been delivered and flushed.
   *
   * @param stream the stream name
   * @param shard the shard
   * @param cursor the new cursor
   * @param soFar the shard's records so far
   */
  default void cursorAdvanced(String stream, String shard, TableCursor cursor, ShardCounts soFar) {}

  /**
   * A shard of a stream is done and its state was handed to the sink.
   *
   * @param stream the stream name
   * @param shard the shard
   * @param counts the shard's records
   */
  default void shardFinished(String stream, String shard, ShardCounts counts) {}

  /**
   * A stream is done on every shard.
   *
   * @param stream the stream name
   * @param counts the stream's records over all shards
   */
  default void streamFinished(String stream, ShardCounts counts) {}

  /**
   * The columns of a stream's table changed on one shard; the sink has accepted the change
   * ({@link RecordSink#schemaChange}).
   *
   * @param change the change
   */
  default void schemaChanged(SchemaChange change) {}
}
