package io.planetscale.cdc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reference §6.3 {@code TestShardsForKeyspace_SiblingKeyspacePrefix} and §7.S-16. */
class ShardRowsTest {
  private static final List<String> ROWS = List.of("test/-", "test_sharded/-80", "test_sharded/80-");

  @Test
  void shardedKeyspaceGetsItsOwnShards() {
    assertThat(ShardRows.shardsOf(ROWS, "test_sharded")).containsExactly("-80", "80-");
  }

  @Test
  void keyspaceThatPrefixesASiblingGetsOnlyItsOwnShard() {
    assertThat(ShardRows.shardsOf(ROWS, "test")).containsExactly("-");
  }

  @Test
  void unknownKeyspaceGetsNothing() {
    assertThat(ShardRows.shardsOf(ROWS, "other")).isEmpty();
    assertThat(ShardRows.shardsOf(ROWS, "tes")).isEmpty();
    assertThat(ShardRows.shardsOf(ROWS, "test/")).isEmpty();
  }

  @Test
  void malformedRowsAreIgnored() {
    assertThat(ShardRows.shardsOf(Arrays.asList("test", "", null, "test/", "/-", "test/-80"), "test")).containsExactly("-80");
  }

  @Test
  void keyspaceMatchIsExactAndCaseSensitive() {
    assertThat(ShardRows.shardsOf(List.of("Test/-", "test/-80", "te_t/80-", "te%t/c0-"), "test")).containsExactly("-80");
    assertThat(ShardRows.shardsOf(List.of("te_t/80-", "test/-80"), "te_t")).containsExactly("80-");
  }

  @Test
  void serverOrderIsKeptAndDuplicatesDropped() {
    assertThat(ShardRows.shardsOf(List.of("ks/80-c0", "ks/-40", "ks/80-c0", "ks/40-80"), "ks"))
        .containsExactly("80-c0", "-40", "40-80");
  }
}
