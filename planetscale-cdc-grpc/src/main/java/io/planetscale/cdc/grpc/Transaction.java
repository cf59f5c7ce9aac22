package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Record;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One committed transaction of one shard, or one batch of a table copy, as a keyspace stream
 * delivers it to {@link TransactionListener#onTransaction}.
 *
 * <p>A transaction larger than the stream's memory bound arrives in pieces: chunks {@code 0, 1, ...}
 * of the same transaction, in order, the last one marked {@link #lastChunk()}. Only the last chunk
 * carries a {@link #position()}: a position saved after an earlier chunk would resume in the middle
 * of the transaction, which Vitess cannot do. A transaction that fits is a single chunk, number
 * {@code 0} and last.
 *
 * @param keyspace the keyspace (database)
 * @param shard the shard the transaction was committed on
 * @param records the changed rows of this chunk, in commit order (unmodifiable); copied rows are inserts
 * @param position on the last chunk, the position that covers this transaction and everything before
 *     it on every shard: resuming from it delivers only what came after; {@code null} on other chunks
 * @param commitTime when the transaction was committed, as the server reports it (whole seconds);
 *     {@code null} when the server gives none, as for copy batches
 * @param chunk the index of this piece of the transaction, from 0
 * @param lastChunk whether this is the transaction's last piece
 */
public record Transaction(String keyspace, String shard, List<Record> records, VGtid position, Instant commitTime,
    int chunk, boolean lastChunk) {

  /**
   * Validates the components and makes {@code records} unmodifiable.
   *
   * @param keyspace the keyspace (database)
   * @param shard the shard the transaction was committed on
   * @param records the changed rows of this chunk, in commit order
   * @param position on the last chunk, the position that covers this transaction and everything
   *     before it on every shard; {@code null} on other chunks
   * @param commitTime when the transaction was committed, or {@code null} when the server gives none
   * @param chunk the index of this piece of the transaction, from 0
   * @param lastChunk whether this is the transaction's last piece
   * @throws NullPointerException if {@code keyspace}, {@code shard}, {@code records} or a record is null
   * @throws IllegalArgumentException if {@code chunk} is negative, or {@code position} is null on the
   *     last chunk or set on another
   */
  public Transaction {
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(shard, "shard");
    records = List.copyOf(Objects.requireNonNull(records, "records"));
    if (chunk < 0) {
      throw new IllegalArgumentException("chunk index " + chunk + " is negative");
    }
    if (lastChunk && position == null) {
      throw new IllegalArgumentException("keyspace \"" + keyspace + "\", shard \"" + shard + "\", chunk " + chunk
          + ": the last chunk of a transaction needs its position");
    }
    if (!lastChunk && position != null) {
      throw new IllegalArgumentException("keyspace \"" + keyspace + "\", shard \"" + shard + "\", chunk " + chunk
          + ": only the last chunk of a transaction carries a position");
    }
  }

  /**
   * A whole transaction, delivered in one piece (chunk 0, last).
   *
   * @param keyspace the keyspace (database)
   * @param shard the shard the transaction was committed on
   * @param records the changed rows, in commit order
   * @param position the position that covers this transaction and everything before it on every shard
   * @param commitTime when the transaction was committed, or {@code null} when the server gives none
   * @throws NullPointerException if {@code keyspace}, {@code shard}, {@code records}, a record or
   *     {@code position} is null
   */
  public Transaction(String keyspace, String shard, List<Record> records, VGtid position, Instant commitTime) {
    this(keyspace, shard, records, Objects.requireNonNull(position, "position"), commitTime, 0, true);
  }

  /** @return true if the transaction came in one piece: chunk 0 and last */
  public boolean isWhole() {
    return chunk == 0 && lastChunk;
  }
}
