package io.planetscale.cdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.VitessType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link VGtid}, {@link ShardGtid} and {@link TableLastPk}: validation, immutability, helpers, cursors. */
class VGtidTest {
  private static final String POS = "MySQL56/4c8f0a1e-7f5d-11ee-9d5e-0242ac120002:1-42";
  private static final Field ID = new Field("id", VitessType.INT64, "", "", 63, 49667, "", "", "", 20, 0);

  static QueryResult pk(long id) {
    return new QueryResult(List.of(ID), List.of(List.of(Value.of(VitessType.INT64, Long.toString(id)))));
  }

  @Test
  void shardPositionsNeedKeyspaceShardAndGtid() {
    assertThatThrownBy(() -> new ShardGtid(null, "-80", "", List.of())).isInstanceOf(NullPointerException.class)
        .hasMessage("keyspace");
    assertThatThrownBy(() -> new ShardGtid("ks", null, "", List.of())).isInstanceOf(NullPointerException.class)
        .hasMessage("shard");
    assertThatThrownBy(() -> new ShardGtid("ks", "-80", null, List.of())).isInstanceOf(NullPointerException.class)
        .hasMessage("gtid");
    assertThat(new ShardGtid("ks", "-80", "", null).tablePks()).isEmpty();
  }

  @Test
  void aKeyspaceAndShardAppearsOnceInAPosition() {
    assertThatThrownBy(() -> VGtid.of(ShardGtid.of("ks", "-80", POS), ShardGtid.of("ks", "80-", POS),
        ShardGtid.of("ks", "-80", "current")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyspace \"ks\", shard \"-80\" appears twice in the position");
    // The same shard name in two keyspaces is two shards.
    assertThat(VGtid.of(ShardGtid.of("a", "-", POS), ShardGtid.of("b", "-", POS)).shards()).containsExactly("-", "-");
  }

  @Test
  void aTableAppearsOnceAmongAShardsCopies() {
    assertThatThrownBy(() -> new ShardGtid("ks", "-80", "", List.of(new TableLastPk("t", pk(1)),
        TableLastPk.notStarted("u"), TableLastPk.notStarted("t"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyspace \"ks\", shard \"-80\": table \"t\" appears twice among the tables being copied");
  }

  @Test
  void aLastKeyIsOneRowAsWideAsItsFieldsWithValuesOfTheirFieldsTypes() {
    assertThatThrownBy(() -> new TableLastPk("", pk(1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs the table name");
    assertThatThrownBy(() -> new TableLastPk("t", new QueryResult(List.of(), List.of(List.of()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table \"t\": last primary key has no fields; a copy cannot resume from it");
    assertThatThrownBy(() -> new TableLastPk("t", QueryResult.of(List.of(ID))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table \"t\": last primary key has 0 rows, expected exactly 1");
    Value one = Value.of(VitessType.INT64, "1");
    assertThatThrownBy(() -> new TableLastPk("t", new QueryResult(List.of(ID), List.of(List.of(one), List.of(one)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table \"t\": last primary key has 2 rows, expected exactly 1");
    Field name = Field.of("name", VitessType.VARCHAR);
    assertThatThrownBy(() -> new TableLastPk("t", new QueryResult(List.of(ID, name), List.of(List.of(one)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table \"t\": last primary key has 1 values for 2 fields");
    assertThatThrownBy(() -> new TableLastPk("t", new QueryResult(List.of(ID),
        List.of(List.of(Value.of(VitessType.VARCHAR, "1"))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table \"t\": last primary key column \"id\" is INT64 but its value is VARCHAR");
    // NULL fits any field; no last key at all means the copy has not started.
    assertThat(new TableLastPk("t", new QueryResult(List.of(ID), List.of(List.of(Value.NULL)))).isStarted()).isTrue();
    assertThat(TableLastPk.notStarted("t").isStarted()).isFalse();
  }

  @Test
  void listsAreCopiedAndUnmodifiable() {
    List<TableLastPk> pks = new ArrayList<>(List.of(new TableLastPk("t", pk(1))));
    ShardGtid shard = new ShardGtid("ks", "-80", "", pks);
    pks.add(TableLastPk.notStarted("u"));
    assertThat(shard.tablePks()).hasSize(1);
    assertThatThrownBy(() -> shard.tablePks().add(TableLastPk.notStarted("u")))
        .isInstanceOf(UnsupportedOperationException.class);

    List<ShardGtid> shards = new ArrayList<>(List.of(shard));
    VGtid vgtid = new VGtid(shards);
    shards.add(ShardGtid.of("ks", "80-", POS));
    assertThat(vgtid.shardGtids()).containsExactly(shard);
    assertThatThrownBy(() -> vgtid.shardGtids().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> vgtid.shards().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shardFindsWithShardReplacesInPlaceOrAppends() {
    VGtid vgtid = VGtid.of(ShardGtid.of("ks", "-80", POS), ShardGtid.of("ks", "80-", "current"));
    assertThat(vgtid.shard("ks", "80-")).contains(ShardGtid.of("ks", "80-", "current"));
    assertThat(vgtid.shard("ks", "-40")).isEmpty();
    assertThat(vgtid.shard("other", "-80")).isEmpty();
    assertThat(vgtid.shards()).containsExactly("-80", "80-");

    VGtid replaced = vgtid.withShard(ShardGtid.of("ks", "-80", "current"));
    assertThat(replaced.shardGtids()).containsExactly(ShardGtid.of("ks", "-80", "current"),
        ShardGtid.of("ks", "80-", "current"));
    VGtid added = vgtid.withShard(ShardGtid.of("ks", "c0-", ""));
    assertThat(added.shards()).containsExactly("-80", "80-", "c0-");
    assertThat(vgtid.shards()).containsExactly("-80", "80-"); // unchanged
  }

  @Test
  void copyingIsSeenPerShardAndPerTable() {
    ShardGtid copying = new ShardGtid("ks", "-80", "", List.of(new TableLastPk("t", pk(7))));
    assertThat(copying.isCopying()).isTrue();
    assertThat(copying.tablePk("t")).contains(new TableLastPk("t", pk(7)));
    assertThat(copying.tablePk("u")).isEmpty();
    assertThat(VGtid.of(ShardGtid.of("ks", "80-", POS), copying).isCopying()).isTrue();
    assertThat(VGtid.of(ShardGtid.of("ks", "80-", POS)).isCopying()).isFalse();
    assertThat(copying.withGtid(POS)).isEqualTo(new ShardGtid("ks", "-80", POS, copying.tablePks()));
    assertThat(copying.withTablePks(List.of())).isEqualTo(ShardGtid.of("ks", "-80", ""));
  }

  @Test
  void aTablesCursorIsItsShardPositionAndLastKey() {
    ShardGtid shard = new ShardGtid("ks", "-80", POS, List.of(new TableLastPk("t", pk(7)),
        TableLastPk.notStarted("u")));
    assertThat(shard.cursorFor("t")).isEqualTo(new TableCursor("-80", "ks", POS, pk(7)));
    // Not started: the table must be copied whole, which a cursor says with the position "".
    assertThat(shard.cursorFor("u")).isEqualTo(TableCursor.of("-80", "ks", ""));
    // Not listed: copied already (or never), so it replicates from the shard's position.
    assertThat(shard.cursorFor("v")).isEqualTo(TableCursor.of("-80", "ks", POS));
    assertThat(ShardGtid.of("ks", "-80", "").cursorFor("t")).isEqualTo(TableCursor.of("-80", "ks", ""));
  }

  @Test
  void aCursorBecomesTheShardPositionOfItsTable() {
    assertThat(ShardGtid.fromCursor(new TableCursor("-80", "ks", POS, pk(7)), "t"))
        .isEqualTo(new ShardGtid("ks", "-80", POS, List.of(new TableLastPk("t", pk(7)))));
    assertThat(ShardGtid.fromCursor(TableCursor.of("-80", "ks", "current"), "t"))
        .isEqualTo(ShardGtid.of("ks", "-80", "current"));
    assertThat(ShardGtid.fromCursor(TableCursor.of("-80", "ks", ""), "t")).isEqualTo(ShardGtid.of("ks", "-80", ""));
    assertThatThrownBy(() -> ShardGtid.fromCursor(new TableCursor("-80", "ks", "", QueryResult.of(List.of(ID))), "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 rows");
  }

  @Test
  void aShardPositionSurvivesTheSavedCursorForm() {
    // What a per-table state stores (SerializedCursor) converts back to the same shard position.
    for (ShardGtid shard : List.of(new ShardGtid("ks", "-80", POS, List.of(new TableLastPk("t", pk(123456789)))),
        new ShardGtid("ks", "-80", "", List.of(new TableLastPk("t", pk(-5)))), ShardGtid.of("ks", "80-", POS))) {
      TableCursor saved = SerializedCursor.of(shard.cursorFor("t")).toTableCursor();
      assertThat(ShardGtid.fromCursor(saved, "t")).isEqualTo(shard);
    }
  }
}
