package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.KeyspaceStreamSupport.shardsOf;
import static io.planetscale.cdc.testkit.SyncTestSupport.insertItems;
import static io.planetscale.cdc.testkit.SyncTestSupport.item;
import static io.planetscale.cdc.testkit.VStreamTestSupport.ITEMS;
import static io.planetscale.cdc.testkit.VStreamTestSupport.afterIds;
import static io.planetscale.cdc.testkit.VStreamTestSupport.frame;
import static io.planetscale.cdc.testkit.VStreamTestSupport.has;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.planetscale.cdc.testkit.VStreamTestSupport.Env;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Journal;
import io.planetscale.cdc.wire.internal.proto.binlogdata.MigrationType;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link FakePlanetScale#reshard}: JOURNAL events, the VGTID moving to the new shards, old shards' history. */
class VStreamReshardTest {
  private static final List<String> FROM = List.of("-80", "80-");
  private static final List<String> SPLIT_LOW = List.of("-40", "40-80", "80-");
  private static final List<String> SPLIT_BOTH = List.of("-40", "40-80", "80-c0", "c0-");

  @Test
  void withIncludeReshardJournalEventsTheJournalComesThenTheStreamGoesOnOnTheNewShards() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      insertItems(env.fake, 1, 20);
      RawVStreamClient.Stream s = env.client.open(replicate(env.fake, FROM, flags().setIncludeReshardJournalEvents(true)));
      long low = idOn(env.fake, "-80", 100);
      env.fake.insert(ITEMS, item(low)); // before the reshard: streamed from -80
      env.fake.reshard(FROM, SPLIT_LOW);
      assertThat(env.fake.shardNames()).containsExactly("-40", "40-80", "80-");
      assertThat(env.fake.rowCount(ITEMS)).isEqualTo(21);

      List<VStreamResponse> got = s.until(r -> has(r, VEventType.JOURNAL));
      assertThat(afterIds(got)).containsExactly(Long.toString(low));
      VStreamResponse journalResponse = got.get(got.size() - 1);
      assertThat(frame(journalResponse)).isEqualTo("BEGIN JOURNAL VGTID COMMIT");
      Journal journal = journalResponse.getEvents(1).getJournal();
      assertThat(journalResponse.getEvents(1).getShard()).isEqualTo("-80");
      assertThat(journal.getMigrationType()).isEqualTo(MigrationType.SHARDS);
      assertThat(journal.getParticipantsList()).extracting(p -> p.getShard()).containsExactly("-80");
      assertThat(journal.getParticipants(0).getKeyspace()).isEqualTo(env.fake.keyspace());
      assertThat(journal.getShardGtidsList()).extracting(ShardGtid::getShard).containsExactly("-40", "40-80");
      for (ShardGtid g : journal.getShardGtidsList()) {
        assertThat(g.getGtid()).as("the new shard's own history").isEqualTo(env.fake.position(g.getShard()));
        assertThat(g.getKeyspace()).isEqualTo(env.fake.keyspace());
      }
      assertThat(shardsOf(journalResponse.getEvents(2))).as("the journal's VGTID still lists the old shards")
          .containsExactly("-80", "80-");

      List<Long> after = new ArrayList<>();
      for (String shard : SPLIT_LOW) {
        long id = idOn(env.fake, shard, 200);
        after.add(id);
        String pos = env.fake.insert(ITEMS, item(id));
        VStreamResponse r = s.next();
        assertThat(frame(r)).isEqualTo("BEGIN FIELD ROW VGTID COMMIT");
        assertThat(r.getEvents(2).getShard()).isEqualTo(shard);
        VEvent vgtid = r.getEvents(3);
        assertThat(shardsOf(vgtid)).as("old shard replaced, new ones appended").containsExactly("80-", "-40", "40-80");
        assertThat(VStreamTestSupport.gtids(vgtid)).containsEntry(shard, pos);
      }
      assertThat(env.fake.shardOf(ITEMS, after.get(0))).isEqualTo("-40");
      s.cancel();
    }
  }

  @Test
  void aReshardUnderConcurrentWritesLosesAndRepeatsNothing() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      insertItems(env.fake, 1, 10);
      RawVStreamClient.Stream s = env.client.open(replicate(env.fake, FROM, flags().setIncludeReshardJournalEvents(true)));
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        for (long id = 11; id <= 400; id++) {
          env.fake.insert(ITEMS, item(id));
          if (id == 200) {
            env.fake.reshard(FROM, SPLIT_LOW);
          }
        }
      });
      writer.get(30, TimeUnit.SECONDS);
      List<String> ids = new ArrayList<>();
      Map<String, String> lastGtids = Map.of();
      int journals = 0;
      boolean journalSeen = false;
      while (ids.size() < 390) {
        VStreamResponse r = s.next();
        for (VEvent e : r.getEventsList()) {
          if (e.getType() == VEventType.JOURNAL) {
            journals++;
            journalSeen = true;
          } else if (e.getType() == VEventType.ROW) {
            assertThat(e.getShard().equals("-40") || e.getShard().equals("40-80"))
                .as("new shards only after the journal").isEqualTo(journalSeen && !e.getShard().equals("80-"));
          } else if (e.getType() == VEventType.VGTID) {
            lastGtids = VStreamTestSupport.gtids(e);
          }
        }
        ids.addAll(afterIds(List.of(r)));
      }
      assertThat(ids).hasSize(390).doesNotHaveDuplicates();
      assertThat(journals).isEqualTo(1);
      assertThat(lastGtids).containsOnlyKeys("80-", "-40", "40-80");
      for (String shard : SPLIT_LOW) {
        assertThat(lastGtids.get(shard)).isEqualTo(env.fake.position(shard));
      }
      s.cancel();
    }
  }

  @Test
  void aReshardDuringTheCopyMovesTheCallToTheNewShardsWithoutCopyingTheRest() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      insertItems(env.fake, 1, 40);
      env.fake.vstream().copyBatchRows(2).beforeCopyBatch((shard, table, batches) -> {
        if (shard.equals("-80") && batches == 1) {
          env.fake.reshard(FROM, SPLIT_BOTH);
        }
      });
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.allTables(env.fake, "", "-80", "80-")
          .setFlags(flags().setIncludeReshardJournalEvents(true)));
      List<VStreamResponse> got = s.until(r -> has(r, VEventType.JOURNAL));
      got.addAll(s.until(r -> has(r, VEventType.JOURNAL)));
      long late = idOn(env.fake, "c0-", 100);
      env.fake.insert(ITEMS, item(late));
      got.addAll(s.until(r -> afterIds(List.of(r)).contains(Long.toString(late))));
      assertThat(afterIds(got).size()).as("the journal's positions carry no table_p_ks: the rest is not copied")
          .isLessThan(41);
      assertThat(got).noneMatch(r -> has(r, VEventType.COPY_COMPLETED));
      s.cancel();
    }
  }

  @Test
  void withoutTheFlagTheJournalIsSwallowedAndTheVgtidMigratesInPlace() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      insertItems(env.fake, 1, 10);
      RawVStreamClient.Stream s = env.client.open(replicate(env.fake, FROM, flags()));
      env.fake.reshard(FROM, SPLIT_LOW);
      long id = idOn(env.fake, "40-80", 100);
      env.fake.insert(ITEMS, item(id));
      VStreamResponse r = s.next();
      assertThat(frame(r)).as("no JOURNAL, no journal transaction").isEqualTo("BEGIN FIELD ROW VGTID COMMIT");
      assertThat(shardsOf(r.getEvents(3))).containsExactly("80-", "-40", "40-80");
      s.cancel();
    }
  }

  @Test
  void stopOnReshardEndsTheCallAfterTheJournalsAndAResumeDoesNotSendThemAgain() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      insertItems(env.fake, 1, 10);
      RawVStreamClient.Stream s = env.client.open(replicate(env.fake, FROM, flags().setStopOnReshard(true)));
      env.fake.reshard(FROM, SPLIT_BOTH);
      List<VStreamResponse> journals = List.of(s.next(), s.next());
      assertThat(journals).allSatisfy(r -> assertThat(frame(r)).isEqualTo("BEGIN JOURNAL VGTID COMMIT"));
      assertThat(journals).extracting(r -> r.getEvents(1).getShard()).containsExactly("-80", "80-");
      assertThat(s.poll(RawCall.WAIT)).as("the call completes").isSameAs(RawCall.COMPLETED);

      VGtid last = journals.get(1).getEvents(2).getVgtid();
      assertThat(shardsOf(journals.get(1).getEvents(2))).containsExactly("-80", "80-");
      env.fake.vstream().heartbeatInterval(Duration.ofMillis(20));
      RawVStreamClient.Stream resumed = env.client.open(RawVStreamClient.allTables(env.fake, "", "-")
          .setVgtid(last).setFlags(flags().setStopOnReshard(true).setHeartbeatInterval(1)));
      env.fake.insert(ITEMS, item(idOn(env.fake, "c0-", 100))); // goes to a new shard: this call never sees it
      List<VStreamResponse> idle = resumed.next(3);
      assertThat(idle).as("vitess#16621: no journal again, only heartbeats")
          .allSatisfy(r -> assertThat(frame(r)).isEqualTo("HEARTBEAT"));
      resumed.cancel();
    }
  }

  @Test
  void aRequestFromAnOldShardsPositionCatchesUpThereThenMovesOn() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      insertItems(env.fake, 1, 10);
      VStreamRequest saved = replicate(env.fake, FROM, flags().setIncludeReshardJournalEvents(true));
      long missed = idOn(env.fake, "-80", 100);
      env.fake.insert(ITEMS, item(missed)); // committed on -80 while the client was away
      env.fake.reshard(FROM, SPLIT_LOW);
      long later = idOn(env.fake, "-40", 200);
      env.fake.insert(ITEMS, item(later)); // on a new shard, after the reshard

      RawVStreamClient.Stream s = env.client.open(saved);
      List<VStreamResponse> got = s.until(r -> afterIds(List.of(r)).contains(Long.toString(later)));
      List<String> frames = VStreamTestSupport.frames(got);
      assertThat(afterIds(got)).containsExactly(Long.toString(missed), Long.toString(later));
      assertThat(frames.indexOf("BEGIN JOURNAL VGTID COMMIT")).isBetween(1, frames.size() - 2);
      s.cancel();

      env.fake.removeShards(List.of("-80"));
      RawVStreamClient.Stream gone = env.client.open(saved);
      Status status = gone.error();
      assertThat(status.getCode()).isEqualTo(Status.Code.CANCELLED);
      assertThat(status.getDescription()).contains("failed to find a PRIMARY tablet for VStream in "
          + env.fake.keyspace() + "/-80").contains("context has expired");
    }
  }

  @Test
  void aCallReadingOnlySomeParticipantsFails() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      RawVStreamClient.Stream s = env.client.open(replicate(env.fake, List.of("-80"), flags()));
      env.fake.reshard(FROM, SPLIT_BOTH);
      Status status = s.error();
      assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
      assertThat(status.getDescription()).contains("not all journaling participants are in the stream");
    }
  }

  @Test
  void aCopyAfterTheReshardReadsTheNewShards() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      insertItems(env.fake, 1, 30);
      env.fake.reshard(FROM, SPLIT_BOTH);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.allTables(env.fake, "", ""));
      List<VStreamResponse> copy = s.until(VStreamTestSupport.GLOBAL_COPY_COMPLETED);
      assertThat(afterIds(copy)).hasSize(30).doesNotHaveDuplicates();
      VEvent last = VStreamTestSupport.ofType(copy, VEventType.VGTID).get(0);
      assertThat(shardsOf(last)).containsExactlyElementsOf(SPLIT_BOTH);
      s.cancel();
    }
  }

  @Test
  void badReshardsAndRemovalsAreRejectedNamingTheProblem() {
    try (FakePlanetScale fake = FakePlanetScale.builder().shards("-80", "80-").build()) {
      assertThatThrownBy(() -> fake.reshard(List.of("-80"), List.of("-40")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cover exactly");
      assertThatThrownBy(() -> fake.reshard(List.of("-40"), List.of("-20", "20-40")))
          .hasMessageContaining("\"-40\" does not serve");
      assertThatThrownBy(() -> fake.reshard(FROM, FROM)).hasMessageContaining("nothing to reshard");
      assertThatThrownBy(() -> fake.removeShards(List.of("-80"))).hasMessageContaining("(it serves)");
      fake.reshard(List.of("-80"), List.of("-40", "40-80"));
      assertThatThrownBy(() -> fake.reshard(List.of("-40", "40-80"), List.of("-80")))
          .hasMessageContaining("removeShards it first");
      fake.removeShards(List.of("-80"));
      fake.reshard(List.of("-40", "40-80"), List.of("-80")); // merged back under the old name, a new history
      assertThat(fake.shardNames()).containsExactly("-80", "80-");
    }
  }

  private static VStreamFlags.Builder flags() {
    return VStreamFlags.newBuilder();
  }

  /** Replication from each shard's current position. */
  private static VStreamRequest replicate(FakePlanetScale fake, List<String> shards, VStreamFlags.Builder flags) {
    VGtid.Builder vgtid = VGtid.newBuilder();
    for (String shard : shards) {
      vgtid.addShardGtids(ShardGtid.newBuilder().setKeyspace(fake.keyspace()).setShard(shard)
          .setGtid(fake.position(shard)));
    }
    return RawVStreamClient.allTables(fake, "", "-").setVgtid(vgtid).setFlags(flags).build();
  }

  /** The first id at or above {@code from} that lives on {@code shard}. */
  private static long idOn(FakePlanetScale fake, String shard, long from) {
    for (long id = from; ; id++) {
      if (fake.shardOf(ITEMS, id).equals(shard)) {
        return id;
      }
    }
  }
}
