package io.planetscale.cdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The position a keyspace stream resumes from, as the server's VGTIDs move it through a copy. */
class KeyspacePositionTest {
  private static final String G1 = "MySQL56/11111111-1111-1111-1111-111111111111:1-5";
  private static final String G2 = "MySQL56/11111111-1111-1111-1111-111111111111:1-9";

  private static QueryResult pk(long id) {
    return new QueryResult(List.of(Field.of("id", VitessType.INT64)), List.of(List.of(Value.of(VitessType.INT64,
        Long.toString(id)))));
  }

  /** A server VGTID naming {@code shards} at {@code gtid}, the first copying {@code table} after {@code id}. */
  private static io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid server(String gtid, String table, long id,
      String... shards) {
    var v = io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid.newBuilder();
    for (int i = 0; i < shards.length; i++) {
      var s = io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid.newBuilder().setKeyspace("ks")
          .setShard(shards[i]).setGtid(gtid);
      if (i == 0 && table != null) {
        s.addTablePKs(TableLastPK.newBuilder().setTableName(table).setLastpk(ProtoCodec.toProto(pk(id))));
      }
      v.addShardGtids(s);
    }
    return v.build();
  }

  private static KeyspacePosition copying(String... shards) {
    List<ShardGtid> list = new java.util.ArrayList<>();
    for (String s : shards) {
      list.add(new ShardGtid("ks", s, "", List.of()));
    }
    return new KeyspacePosition(new VGtid(list));
  }

  @Test
  void aCopyWithNoKeyYetResumesAsAFreshCopyEvenOnceThePositionIsKnown() {
    KeyspacePosition p = copying("-");
    p.onVgtid(server(G1, null, 0, "-")); // the snapshot position, before the first batch
    assertThat(p.resumable()).isEqualTo(new VGtid(List.of(new ShardGtid("ks", "-", "", List.of()))));
  }

  @Test
  void finishedTablesKeepTheirLastKeySoThatAResumeCopiesNothingOfThemAgain() {
    KeyspacePosition p = copying("-");
    p.onVgtid(server(G1, "a", 7, "-"));
    assertThat(p.resumable().shardGtids().get(0).tablePks()).containsExactly(new TableLastPk("a", pk(7)));
    p.onVgtid(server(G1, "a", 9, "-"));
    p.onVgtid(server(G1, null, 0, "-")); // a finished, b not started: between tables
    assertThat(p.resumable()).isEqualTo(new VGtid(List.of(new ShardGtid("ks", "-", G1,
        List.of(new TableLastPk("a", pk(9)))))));
    p.onVgtid(server(G2, "b", 3, "-"));
    assertThat(p.resumable().shardGtids().get(0).tablePks())
        .containsExactly(new TableLastPk("a", pk(9)), new TableLastPk("b", pk(3)));
    assertThat(p.resumable().shardGtids().get(0).gtid()).isEqualTo(G2);
  }

  @Test
  void aCompletedCopyResumesByPositionAlone() {
    KeyspacePosition p = copying("-80", "80-");
    p.onVgtid(server(G1, "a", 7, "-80", "80-"));
    p.onCopyCompleted("ks", "-80");
    VGtid v = p.resumable();
    assertThat(v.shard("ks", "-80").orElseThrow()).isEqualTo(new ShardGtid("ks", "-80", G1, List.of()));
    assertThat(v.shard("ks", "80-").orElseThrow().gtid()).isEqualTo(""); // still copying, no key yet
  }

  @Test
  void aStreamStartedAtTheCurrentPositionNeverCopies() {
    KeyspacePosition p = new KeyspacePosition(new VGtid(List.of(new ShardGtid("ks", "-", "current", List.of()))));
    p.onVgtid(server(G1, null, 0, "-"));
    assertThat(p.resumable()).isEqualTo(new VGtid(List.of(new ShardGtid("ks", "-", G1, List.of()))));
  }

  @Test
  void theWholeKeyspaceIsReplacedByTheShardsTheServerNamesWhichInheritTheCopy() {
    KeyspacePosition p = copying("");
    p.onVgtid(server(G1, "a", 2, "-80", "80-"));
    VGtid v = p.resumable();
    assertThat(v.shards()).containsExactly("-80", "80-");
    assertThat(v.shard("ks", "-80").orElseThrow().tablePks()).containsExactly(new TableLastPk("a", pk(2)));
    assertThat(v.shard("ks", "80-").orElseThrow().gtid()).isEqualTo(""); // copying, no key yet
  }

  @Test
  void afterAReshardTheServersVgtidNamesTheNewShardsAndTheOldOnesAreGone() {
    KeyspacePosition p = new KeyspacePosition(new VGtid(List.of(new ShardGtid("ks", "-80", G1, List.of()),
        new ShardGtid("ks", "80-", G1, List.of()))));
    p.onVgtid(server(G2, null, 0, "80-", "-40", "40-80"));
    assertThat(p.resumable().shards()).containsExactly("80-", "-40", "40-80");
    assertThat(p.gtid("ks", "-40")).isEqualTo(G2);
    assertThat(p.gtid("ks", "-80")).isEmpty();
  }

  @Test
  void tableNamesLoseTheirKeyspace() {
    assertThat(KeyspacePosition.normalize("ks.orders")).isEqualTo("orders");
    assertThat(KeyspacePosition.normalize("orders")).isEqualTo("orders");
  }
}
