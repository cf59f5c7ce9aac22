package io.planetscale.cdc;

import java.util.Objects;

/**
 * Where a record came from, for de-duplication.
 *
 * <p><b>What it is.</b> {@code position} is the GTID position that covers the record: the position
 * of the cursor ending the server response that carried it (the last cursor's position if that
 * response had none; {@code ""} before the first cursor of a copy). For a change, that is its
 * transaction's position; for a copied row, the snapshot position of the copy. {@code sequence}
 * numbers the records labelled with one position from 0, in delivery order, across however many
 * responses and cursors repeat that position. A {@link SchemaChange} takes a sequence number among
 * the records of its shard, like a record.
 *
 * <p><b>What is unique.</b> Within what one sync (or one {@code ChangeStream} run) delivers, two
 * records with equal positions are the same change of the same row: distinct changes, copied rows
 * and schema changes included, never share a position. A record delivered again after a retry or a new read window
 * carries the position it had the first time, so keeping the first record of each position drops
 * exactly the duplicates. Across separate syncs this is not guaranteed: a sync resumed from a saved
 * state numbers from that state's cursor again, so de-duplicate within a sync, not across syncs.
 *
 * <p><b>What is ordered.</b> Records reach the sink in the shard's stream order, and positions of one
 * shard never go back outside a copy (GTID sets only grow); within one position, {@code sequence}
 * grows in delivery order. Positions of different shards are not comparable, and no order is
 * implied between shards.
 *
 * @param keyspace the keyspace (database)
 * @param shard the shard, e.g. {@code -} or {@code -80}
 * @param position the GTID position that covers the record
 * @param sequence the record's number among the records with that position, from 0
 */
public record RecordPosition(String keyspace, String shard, String position, long sequence) {
  /**
   * Validates the components.
   *
   * @param keyspace the keyspace (database)
   * @param shard the shard, e.g. {@code -} or {@code -80}
   * @param position the GTID position that covers the record
   * @param sequence the record's number among the records with that position, from 0
   */
  public RecordPosition {
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(position, "position");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, was " + sequence);
    }
  }
}
