package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import java.time.Instant;

/**
 * Receives what a keyspace stream reads: committed transactions and copy batches in stream order
 * (each shard's in commit order), the schema changes between them, heartbeats and reshards. Calls
 * are never concurrent. A method that throws stops the stream; the position of the last
 * {@link Transaction} it accepted (the last one whose {@code onTransaction} returned) is the one to
 * resume from.
 */
@FunctionalInterface
public interface TransactionListener {
  /**
   * Receives a committed transaction, a copy batch (its records are inserts), or one chunk of a
   * large transaction ({@link Transaction#chunk()}). Once the call for a transaction's last chunk
   * returns, the stream takes its {@link Transaction#position()} as accepted.
   *
   * @param tx the transaction or chunk
   * @throws Exception to stop the stream
   */
  void onTransaction(Transaction tx) throws Exception;

  /**
   * Receives a change of a table's columns on a shard, between the transactions of the old shape
   * and those of the new one: {@link Record}s delivered after it carry the new columns. Does
   * nothing by default.
   *
   * @param change the DDL statement (if one was seen) and the table's columns from now on
   * @throws Exception to stop the stream
   */
  default void onSchemaChange(SchemaChange change) throws Exception {}

  /**
   * Receives a table's columns on a shard as the stream first sends them on each connection
   * (again after a reconnect), before the table's first record from that shard: their SQL types, column types (e.g. {@code decimal(10,2)},
   * {@code enum('a','b')}), flags and scales, for listeners that need more than the catalog's JSON
   * schema. {@code change.ddl()} is null. Later changes of the columns come to
   * {@link #onSchemaChange}. Does nothing by default.
   *
   * @param fields the table, keyspace, shard and columns
   * @throws Exception to stop the stream
   */
  default void onTableFields(SchemaChange fields) throws Exception {}

  /**
   * Receives a heartbeat: the stream is alive, with no transaction to deliver. Does nothing by default.
   *
   * @param at the server's time of the heartbeat
   * @throws Exception to stop the stream
   */
  default void onHeartbeat(Instant at) throws Exception {}

  /**
   * Receives a reshard: the keyspace's shards were replaced (for example {@code -80} and
   * {@code 80-} by {@code -40}, {@code 40-80} and {@code 80-}), and the stream goes on from the new
   * shards with nothing lost. Called after the last transaction from the old shards and before the
   * first from the new ones; {@code to} is the position to resume from until the next transaction
   * is delivered. Does nothing by default.
   *
   * @param from the position before the reshard, on the old shards
   * @param to the position after it, on the new shards
   * @throws Exception to stop the stream
   */
  default void onReshard(VGtid from, VGtid to) throws Exception {}
}
