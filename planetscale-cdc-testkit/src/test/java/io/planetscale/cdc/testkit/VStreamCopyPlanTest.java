package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.copied;
import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.copyFields;
import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.count;
import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.idsOn;
import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.lastPk;
import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.replicated;
import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.request;
import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.shard;
import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.shardsOf;
import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.tablePkNames;
import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.threeTables;
import static io.planetscale.cdc.testkit.VStreamTestSupport.GLOBAL_COPY_COMPLETED;
import static io.planetscale.cdc.testkit.VStreamTestSupport.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.testkit.VStreamTestSupport.Env;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The copy plan of vttablet's uvstreamer, with tables a, b, c on shards -80 and 80- in one call: every
 * start state, and resumes at every point of a copy (the quirks included).
 */
class VStreamCopyPlanTest {
  private static final List<String> SHARDS = List.of("-80", "80-");

  @Test
  void emptyGtidOnEveryShardCopiesEveryTableInNameOrderThenReplicates() throws Exception {
    try (Env env = threeTables(12)) {
      env.fake.vstream().copyBatchRows(2);
      RawVStreamClient.Stream s = env.client.open(request(shard(env.fake, "", ""))); // "" = every shard
      List<VStreamResponse> copy = s.until(GLOBAL_COPY_COMPLETED);
      for (String sh : SHARDS) {
        assertThat(copyFields(copy, sh)).containsExactly("a", "b", "c");
        for (String t : KeyspaceStreamSupport.TABLES) {
          assertThat(copied(copy, sh, t)).as(sh + " " + t).isEqualTo(idsOn(env.fake, sh, 12));
        }
      }
      int tableEnds = 0;
      for (VStreamResponse r : copy) {
        for (VEvent e : r.getEventsList()) {
          if (e.getType() == VEventType.VGTID) {
            assertThat(shardsOf(e)).as("every VGTID is whole").containsExactly("-80", "80-");
            assertThat(tablePkNames(e, e.getShard())).as("only the table being copied").hasSizeLessThanOrEqualTo(1);
          }
        }
        if (frame(r).equals("BEGIN VGTID COMMIT")) {
          tableEnds++;
          VEvent v = r.getEvents(1);
          assertThat(tablePkNames(v, v.getShard())).as("a finished table leaves table_p_ks").isEmpty();
        }
      }
      assertThat(tableEnds).isEqualTo(6);
      assertThat(count(copy, VEventType.COPY_COMPLETED)).as("one per shard").isEqualTo(2);
      VStreamResponse last = copy.get(copy.size() - 1);
      assertThat(frame(last)).isEqualTo("COPY_COMPLETED COPY_COMPLETED");

      String pos = env.fake.insert("c", Map.of("id", 100, "name", "live"));
      VStreamResponse live = s.next();
      assertThat(frame(live)).isEqualTo("BEGIN FIELD ROW VGTID COMMIT");
      assertThat(VStreamTestSupport.gtids(live.getEvents(3))).containsEntry(env.fake.shardOf("c", 100), pos);
      s.cancel();
    }
  }

  @Test
  void resumeInsideTheSecondTableCopiesTheFirstAgainFromScratchAfterCatchingUp() throws Exception {
    try (Env env = threeTables(12)) {
      env.fake.vstream().copyBatchRows(2);
      Map<String, Long> lastB = new java.util.HashMap<>();
      List<ShardGtidAt> saved = new ArrayList<>();
      for (String sh : SHARDS) {
        List<Long> ids = idsOn(env.fake, sh, 12);
        lastB.put(sh, ids.get(1));
        saved.add(new ShardGtidAt(sh, env.fake.position(sh)));
      }
      for (String sh : SHARDS) { // after the saved positions: what the catch-up must sort out
        List<Long> ids = idsOn(env.fake, sh, 12);
        env.fake.update("a", ids.get(0), Map.of("name", "a-new")); // a is not in table_p_ks: suppressed
        env.fake.update("b", ids.get(0), Map.of("name", "b-new")); // b at or below its lastpk: streamed
        env.fake.update("b", ids.get(ids.size() - 1), Map.of("name", "b-late")); // above its lastpk: suppressed
        env.fake.update("c", ids.get(0), Map.of("name", "c-new")); // c not started: suppressed
      }
      RawVStreamClient.Stream s = env.client.open(request(
          shard(env.fake, "-80", saved.get(0).gtid).addTablePKs(lastPk("b", lastB.get("-80"))),
          shard(env.fake, "80-", saved.get(1).gtid).addTablePKs(lastPk("b", lastB.get("80-")))));
      List<VStreamResponse> copy = s.until(GLOBAL_COPY_COMPLETED);
      for (String sh : SHARDS) {
        List<Long> ids = idsOn(env.fake, sh, 12);
        assertThat(copyFields(copy, sh)).as("every matching table is planned").containsExactly("a", "b", "c");
        assertThat(copied(copy, sh, "a")).as("a, not listed, is copied again from scratch").isEqualTo(ids);
        assertThat(copied(copy, sh, "b")).as("b resumes after its lastpk").isEqualTo(ids.subList(2, ids.size()));
        assertThat(copied(copy, sh, "c")).isEqualTo(ids);
        assertThat(replicated(copy, sh, "b")).as("catch-up: only b's copied rows").containsExactly(ids.get(0));
        assertThat(replicated(copy, sh, "a")).isEmpty();
        assertThat(replicated(copy, sh, "c")).isEmpty();
        assertThat(tablePksWhileCopying(copy, sh, "a")).as("the request's b stays, a is appended")
            .containsOnly(List.of("b", "a"));
        assertThat(tablePksWhileCopying(copy, sh, "b")).containsOnly(List.of("b"));
        assertThat(tablePksWhileCopying(copy, sh, "c")).containsOnly(List.of("c"));
      }
      assertThat(names(copy, "a")).contains("a-new");
      assertThat(names(copy, "b")).contains("b-new", "b-late");
      s.cancel();
    }
  }

  @Test
  void resumeBetweenTheSecondAndThirdTableReplicatesOnlyAndNeverCopiesTheThird() throws Exception {
    try (Env env = threeTables(6)) {
      String low = env.fake.position("-80");
      String high = env.fake.position("80-");
      long onLow = idsOn(env.fake, "-80", 6).get(0);
      env.fake.insert("c", Map.of("id", 1000 + onLow, "name", "after"));
      RawVStreamClient.Stream s = env.client.open(request(shard(env.fake, "-80", low), shard(env.fake, "80-", high)));
      List<VStreamResponse> got = untilMarker(env, s);
      assertThat(count(got, VEventType.COPY_COMPLETED)).as("no copy at all").isZero();
      assertThat(VStreamTestSupport.ofType(got, VEventType.ROW)).allSatisfy(e ->
          assertThat(e.getTimestamp()).as("replication only").isPositive());
      assertThat(replicated(got, env.fake.shardOf("c", 1000 + onLow), "c")).contains(1000 + onLow);
      s.cancel();
    }
  }

  @Test
  void resumeFromTheSnapshotVgtidBeforeTheFirstTableSkipsTheCopyOfThatShard() throws Exception {
    try (Env env = threeTables(6)) {
      VEvent snapshot;
      RawVStreamClient.Stream first = env.client.open(request(shard(env.fake, "-80", ""), shard(env.fake, "80-", "")));
      List<VStreamResponse> opening = first.until(r -> frame(r).equals("VGTID"));
      snapshot = opening.get(opening.size() - 1).getEvents(0);
      first.cancel();
      assertThat(VStreamTestSupport.gtids(snapshot)).containsEntry("80-", ""); // -80 has its position, 80- none

      RawVStreamClient.Stream s = env.client.open(request().setVgtid(snapshot.getVgtid()));
      List<VStreamResponse> got = s.until(r -> frame(r).startsWith("COPY_COMPLETED"));
      assertThat(copyFields(got, "-80")).as("a position without table_p_ks: nothing is copied").isEmpty();
      assertThat(copyFields(got, "80-")).containsExactly("a", "b", "c");
      assertThat(frame(got.get(got.size() - 1))).as("per shard only: -80 never reports a copy")
          .isEqualTo("COPY_COMPLETED");
      got = untilMarker(env, s);
      assertThat(got).noneMatch(GLOBAL_COPY_COMPLETED);
      s.cancel();
    }
  }

  @Test
  void tablePksWithoutAPositionResumeListedTablesAndALastPkPastTheEndCopiesNothing() throws Exception {
    try (Env env = threeTables(8)) {
      long firstLow = idsOn(env.fake, "-80", 8).get(0);
      RawVStreamClient.Stream s = env.client.open(request(
          shard(env.fake, "-80", "").addTablePKs(lastPk("c", 1000)).addTablePKs(lastPk("a", firstLow))));
      List<VStreamResponse> copy = s.until(GLOBAL_COPY_COMPLETED);
      List<Long> ids = idsOn(env.fake, "-80", 8);
      assertThat(copyFields(copy, "-80")).containsExactly("a", "b", "c");
      assertThat(copied(copy, "-80", "a")).isEqualTo(ids.subList(1, ids.size()));
      assertThat(copied(copy, "-80", "b")).isEqualTo(ids);
      assertThat(copied(copy, "-80", "c")).isEmpty();
      assertThat(tablePksWhileCopying(copy, "-80", "b")).as("b appended; a's entry was swapped out")
          .containsOnly(List.of("c", "b"));
      s.cancel();
    }
  }

  @Test
  void catchUpInTheCopyPassesTablesAlreadyCopiedAndSuppressesTablesStillWaiting() throws Exception {
    try (Env env = threeTables(6, "-")) {
      env.fake.vstream().copyBatchRows(2).beforeCopyBatch((sh, table, batches) -> {
        if (table.equals("b") && batches == 1) {
          env.fake.update("a", 1, Map.of("name", "a-done")); // a is copied: streamed now
          env.fake.update("c", 1, Map.of("name", "c-wait")); // c waits: in its copy
          env.fake.update("b", 6, Map.of("name", "b-later")); // b above its lastpk: in its copy
          env.fake.addColumn("c", new ColumnSpec("extra", "int", true)); // non-row events pass
        }
      });
      RawVStreamClient.Stream s = env.client.open(request(shard(env.fake, "-", "")));
      List<VStreamResponse> copy = s.until(GLOBAL_COPY_COMPLETED);
      assertThat(replicated(copy, "-", "a")).containsExactly(1L);
      assertThat(replicated(copy, "-", "b")).isEmpty();
      assertThat(replicated(copy, "-", "c")).isEmpty();
      assertThat(count(copy, VEventType.DDL)).isEqualTo(1);
      assertThat(names(copy, "c")).contains("c-wait");
      assertThat(copied(copy, "-", "c")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      s.cancel();
    }
  }

  private record ShardGtidAt(String shard, String gtid) {}

  /** Distinct table_p_ks name lists of {@code shard}'s VGTIDs in the batches of {@code table}'s copy. */
  private static List<List<String>> tablePksWhileCopying(List<VStreamResponse> responses, String shard, String table) {
    List<List<String>> out = new ArrayList<>();
    for (VStreamResponse r : responses) {
      boolean batch = false;
      for (VEvent e : r.getEventsList()) {
        batch |= e.getType() == VEventType.ROW && e.getTimestamp() == 0 && e.getShard().equals(shard)
            && e.getRowEvent().getTableName().endsWith("." + table);
        if (batch && e.getType() == VEventType.VGTID) {
          List<String> names = tablePkNames(e, shard);
          if (!out.contains(names)) {
            out.add(names);
          }
        }
      }
    }
    return out;
  }

  /** The name column of every row image of {@code table}. */
  private static List<String> names(List<VStreamResponse> responses, String table) {
    List<String> out = new ArrayList<>();
    for (VEvent e : VStreamTestSupport.ofType(responses, VEventType.ROW)) {
      if (e.getRowEvent().getTableName().endsWith("." + table)) {
        for (var c : e.getRowEvent().getRowChangesList()) {
          if (c.hasAfter()) {
            out.add(ServerTestSupport.texts(c.getAfter()).get(1));
          }
        }
      }
    }
    return out;
  }

  /** Inserts a marker row and reads until its transaction: everything the call sent before it. */
  private static List<VStreamResponse> untilMarker(Env env, RawVStreamClient.Stream s) throws Exception {
    env.fake.insert("a", Map.of("id", 999_999, "name", "marker"));
    return s.until(r -> names(List.of(r), "a").contains("marker"));
  }
}
