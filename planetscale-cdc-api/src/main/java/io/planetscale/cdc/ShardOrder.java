package io.planetscale.cdc;

import java.util.Comparator;

/**
 * Orders shard names by key range ({@code -40 < 40-80 < 80-c0 < c0-}): the start key as unsigned
 * hex, an empty start first; names that are not key ranges sort after ranges, by text.
 * SKELETON — helper C implements.
 */
final class ShardOrder implements Comparator<String> {
  static final ShardOrder INSTANCE = new ShardOrder();

  private ShardOrder() {}

  @Override
  public int compare(String a, String b) {
    return a.compareTo(b);
  }
}
