package io.planetscale.cdc;

/**
 * How many records of each operation a shard (or stream) delivered.
 *
 * @param inserts inserted rows, including the rows of a copy
 * @param updates updated rows
 * @param deletes deleted rows
 */
public record ShardCounts(long inserts, long updates, long deletes) {
  /** No records. */
  public static final ShardCounts ZERO = new ShardCounts(0, 0, 0);

  /** @return all records */
  public long total() {
    return inserts + updates + deletes;
  }

  /**
   * @param other counts to add
   * @return the sum
   */
  public ShardCounts plus(ShardCounts other) {
    return new ShardCounts(inserts + other.inserts, updates + other.updates, deletes + other.deletes);
  }
}
