package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.TableCursor;

/**
 * Receives what a {@link ChangeStream} reads, on the thread that called {@link ChangeStream#run}:
 * each shard's records and cursors in that shard's stream order, the shards interleaved. Callbacks
 * are never concurrent. A callback that throws stops the stream on every shard: {@code run} then
 * throws a {@link ChangeStream.ListenerException} with the exception as its cause.
 *
 * <p>A cursor covers every record of its shard ({@link TableCursor#shard()}) delivered before it:
 * persist the latest cursor of each shard (once the records before it are safely stored) and resume
 * from them with {@link ChangeStream.Builder#startAt(java.util.Collection)}, or, for one shard,
 * {@link ChangeStream.Builder#startAt(TableCursor)}.
 */
@FunctionalInterface
public interface ChangeListener {
  /**
   * Receives one changed row: an insert (copy-phase rows are inserts too), an update with its
   * previous image in {@link Record#before()}, or a delete whose {@link Record#data()} holds the
   * primary key.
   *
   * @param record the record
   * @throws Exception to stop the stream
   */
  void onRecord(Record record) throws Exception;

  /**
   * Receives a cursor covering every record of its shard delivered so far. Does nothing by default.
   *
   * @param cursor the cursor; resuming from it delivers only what came after it
   * @throws Exception to stop the stream
   */
  default void onCursor(TableCursor cursor) throws Exception {}

  /**
   * Receives a change of the table's columns, between the records of the old shape and those of
   * the new one. Does nothing by default.
   *
   * @param change the DDL statement (if one was seen) and the table's columns from now on
   * @throws Exception to stop the stream; {@link ChangeStream#run} then throws a
   *     {@link ChangeStream.ListenerException}
   */
  default void onSchemaChange(SchemaChange change) throws Exception {}
}
