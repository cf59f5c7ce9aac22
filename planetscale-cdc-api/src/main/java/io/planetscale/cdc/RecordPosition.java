package io.planetscale.cdc;

import java.util.Objects;

/**
 * Where a record came from, stable across replays: re-reading from the cursor at {@code position}
 * yields the same record at the same {@code sequence}, so {@code (keyspace, shard, position, sequence)}
 * can de-duplicate deliveries after a retry.
 *
 * @param keyspace the keyspace (database)
 * @param shard the shard, e.g. {@code -} or {@code -80}
 * @param position the position of the cursor that preceded the record ({@code ""} during the copy phase)
 * @param sequence the record's index among the records that followed that cursor, from 0
 */
public record RecordPosition(String keyspace, String shard, String position, long sequence) {
  /**
   * Validates the components.
   *
   * @param keyspace the keyspace (database)
   * @param shard the shard, e.g. {@code -} or {@code -80}
   * @param position the position of the cursor that preceded the record ({@code ""} during the copy phase)
   * @param sequence the record's index among the records that followed that cursor, from 0
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
