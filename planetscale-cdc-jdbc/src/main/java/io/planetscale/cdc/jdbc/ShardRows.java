package io.planetscale.cdc.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code keyspace/shard} rows of {@code SHOW VITESS_SHARDS}.
 *
 * <p>singer-tap and airbyte-source asked for {@code like "%db%"} and trimmed the {@code db/}
 * prefix, so database {@code test} also picked up {@code test_sharded/-80} unchanged (reference
 * §7.S-16). Here a row counts only when its keyspace equals the database exactly, as
 * fivetran-source's {@code shardsForKeyspace} does; the filtering is done in Java rather than with a
 * LIKE pattern, whose wildcard and escape handling in Vitess's SHOW filter would otherwise have to
 * be trusted with names containing {@code _}, {@code %} or {@code \}.
 */
final class ShardRows {
  private ShardRows() {}

  /**
   * @param rows the values of the single column of {@code SHOW VITESS_SHARDS}, e.g. {@code test/-80}
   * @param keyspace the database (keyspace) whose shards are wanted
   * @return the shard names of that keyspace in server order, without duplicates; rows without a
   *     {@code /}, with an empty shard, or {@code null} are ignored
   */
  static List<String> shardsOf(List<String> rows, String keyspace) {
    Set<String> shards = new LinkedHashSet<>();
    for (String row : rows) {
      if (row == null) {
        continue;
      }
      // Keyspace names cannot contain '/', shard names can be "-80" or "80-c0": split at the first one.
      int slash = row.indexOf('/');
      if (slash < 0) {
        continue;
      }
      String shard = row.substring(slash + 1);
      if (row.substring(0, slash).equals(keyspace) && !shard.isEmpty()) {
        shards.add(shard);
      }
    }
    return new ArrayList<>(shards);
  }
}
