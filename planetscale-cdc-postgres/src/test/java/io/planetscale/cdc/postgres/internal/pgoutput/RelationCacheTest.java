package io.planetscale.cdc.postgres.internal.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelationCacheTest {
  private static final RelationMessage ORDERS = new RelationMessage(0, 16_385, "public", "orders",
      ReplicaIdentity.DEFAULT, List.of(new RelationColumn(true, "id", 23, -1),
          new RelationColumn(false, "note", 25, -1)));

  @Test
  void findsTablesByRelationIdAndKeepsTheLatestShape() {
    RelationCache cache = new RelationCache();
    assertThat(cache.find(16_385)).isEmpty();
    cache.put(ORDERS);
    assertThat(cache.find(16_385)).contains(ORDERS);
    RelationMessage altered = new RelationMessage(0, 16_385, "public", "orders", ReplicaIdentity.FULL,
        List.of(new RelationColumn(true, "id", 23, -1)));
    cache.put(altered);
    assertThat(cache.find(16_385)).contains(altered);
    assertThat(cache.size()).isEqualTo(1);
    cache.clear();
    assertThat(cache.size()).isZero();
  }

  @Test
  void requireChecksTheTupleAgainstTheColumns() {
    RelationCache cache = new RelationCache();
    cache.put(ORDERS);
    TupleData row = TupleData.of(TupleValue.text("1"), TupleValue.UNCHANGED_TOAST);
    assertThat(cache.require(16_385, row, "Update")).isSameAs(ORDERS);
    assertThatThrownBy(() -> cache.require(16_385, TupleData.of(TupleValue.text("1")), "Insert"))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Insert on public.orders (relation id 16385) has 1 values, but the relation has 2 "
            + "columns");
  }

  @Test
  void requireRejectsAnUndescribedRelation() {
    assertThatThrownBy(() -> new RelationCache().require(7, TupleData.of(), "Delete"))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Delete refers to relation id 7, which no Relation message described before it");
  }
}
