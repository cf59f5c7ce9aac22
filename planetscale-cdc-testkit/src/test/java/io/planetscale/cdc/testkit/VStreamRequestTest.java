package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.SyncTestSupport.insertItems;
import static io.planetscale.cdc.testkit.SyncTestSupport.item;
import static io.planetscale.cdc.testkit.VStreamTestSupport.ITEMS;
import static io.planetscale.cdc.testkit.VStreamTestSupport.frame;
import static io.planetscale.cdc.testkit.VStreamTestSupport.gtids;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.planetscale.cdc.testkit.VStreamTestSupport.Env;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Filter;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Rule;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.topodata.TabletType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** VStream request handling: "current", validation errors, auth, and recorded requests. */
class VStreamRequestTest {

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void currentAnswersThePositionThenStreamsLiveChanges(boolean tls) throws Exception {
    try (Env env = Env.items(tls)) {
      insertItems(env.fake, 1, 3);
      String now = env.fake.position("-");
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", "current"));

      VStreamResponse first = s.next();
      assertThat(frame(first)).isEqualTo("VGTID OTHER");
      VEvent vgtid = first.getEvents(0);
      assertThat(gtids(vgtid)).containsExactly(Map.entry("-", now));
      assertThat(vgtid.getVgtid().getShardGtids(0).getKeyspace()).isEqualTo(env.fake.keyspace());
      assertThat(vgtid.getKeyspace()).isEqualTo(env.fake.keyspace());
      assertThat(vgtid.getShard()).isEqualTo("-");
      assertThat(s.poll(Duration.ofMillis(200))).as("nothing until something commits").isNull();

      String p4 = env.fake.insert(ITEMS, item(4)); // while the call is open
      VStreamResponse tx = s.next();
      assertThat(frame(tx)).isEqualTo("BEGIN FIELD ROW VGTID COMMIT");
      assertThat(VStreamTestSupport.after(tx.getEvents(2).getRowEvent().getRowChanges(0)))
          .containsExactly("4", "n4", "40");
      assertThat(gtids(tx.getEvents(3))).containsExactly(Map.entry("-", p4));
      s.cancel();
    }
  }

  @Test
  void anEmptyShardMeansEveryShardAndEachAnswersItsOwnPosition() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      insertItems(env.fake, 1, 10);
      VStreamRequest request = RawVStreamClient.request(env.fake, ITEMS, "", "current").build();
      RawVStreamClient.Stream s = env.client.open(request);

      VStreamResponse first = s.next();
      VStreamResponse second = s.next();
      assertThat(frame(first)).isEqualTo("VGTID OTHER");
      assertThat(frame(second)).isEqualTo("VGTID OTHER");
      // The whole VGTID: a shard that has not reported yet still says "current".
      assertThat(gtids(first.getEvents(0)))
          .containsExactly(Map.entry("-80", env.fake.position("-80")), Map.entry("80-", "current"));
      assertThat(gtids(second.getEvents(0)))
          .containsExactly(Map.entry("-80", env.fake.position("-80")), Map.entry("80-", env.fake.position("80-")));
      assertThat(first.getEvents(0).getShard()).isEqualTo("-80");
      assertThat(second.getEvents(0).getShard()).isEqualTo("80-");
      s.cancel();

      // An empty keyspace means every keyspace (only with "current"): here the fake's one.
      RawVStreamClient.Stream all = env.client.open(withShard(RawVStreamClient.request(env.fake, ITEMS, "", "current"),
          "", ""));
      VEvent vgtid = all.next().getEvents(0);
      assertThat(vgtid.getVgtid().getShardGtidsList()).extracting(ShardGtid::getKeyspace)
          .containsExactly(env.fake.keyspace(), env.fake.keyspace());
      all.cancel();
      assertError(env, withShard(RawVStreamClient.request(env.fake, ITEMS, "", ""), "", ""),
          Status.Code.INVALID_ARGUMENT, "for an empty keyspace, the Gtid value must be 'current'");
    }
  }

  @Test
  void aFilterNamingAMissingColumnFailsToBuildTheReplicationPlan() throws Exception {
    try (Env env = Env.items(false)) {
      insertItems(env.fake, 1, 2);
      VStreamRequest.Builder copy = RawVStreamClient.request(env.fake, ITEMS, "-", "")
          .setFilter(Filter.newBuilder().addRules(Rule.newBuilder().setMatch(ITEMS)
              .setFilter("SELECT `id`,`nope` FROM `items`")));
      Status copyError = env.client.open(copy).error();
      assertThat(copyError.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(copyError.getDescription()).contains("failed to build table replication plan")
          .contains("column nope not found in table items");

      // Replicating, vttablet builds the plan at the table's first row event.
      VStreamRequest.Builder replicate = copy.clone();
      replicate.getVgtidBuilder().getShardGtidsBuilder(0).setGtid(env.fake.position("-"));
      RawVStreamClient.Stream s = env.client.open(replicate);
      assertThat(s.poll(Duration.ofMillis(200))).isNull();
      env.fake.insert(ITEMS, item(3));
      Status replicateError = s.error();
      assertThat(replicateError.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(replicateError.getDescription()).contains("failed to build table replication plan");
    }
  }

  @Test
  void aColumnListFilterSendsOnlyThoseColumns() throws Exception {
    try (Env env = Env.items(false)) {
      insertItems(env.fake, 1, 1);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", "")
          .setFilter(Filter.newBuilder().addRules(Rule.newBuilder().setMatch(ITEMS)
              .setFilter("select `qty`, id from `items`"))));
      List<VStreamResponse> copy = s.until(VStreamTestSupport.GLOBAL_COPY_COMPLETED);
      VEvent field = VStreamTestSupport.ofType(copy, VEventType.FIELD).get(0);
      assertThat(SyncTestSupport.names(field.getFieldEvent().getFieldsList())).containsExactly("qty", "id");
      assertThat(VStreamTestSupport.after(VStreamTestSupport.changes(copy).get(0))).containsExactly("10", "1");
      s.cancel();
    }
  }

  @Test
  void badRequestsFailWithVtgatesErrors() throws Exception {
    try (Env env = Env.items(false, "-80", "80-")) {
      String pos80 = env.fake.position("-80");
      assertError(env, RawVStreamClient.request(env.fake, "missing", "-80", "current"), Status.Code.UNKNOWN,
          "unknown table missing in schema");
      assertError(env, VStreamRequest.newBuilder().setTabletType(TabletType.PRIMARY), Status.Code.INVALID_ARGUMENT,
          "vgtid must have at least one value");
      assertError(env, RawVStreamClient.request(env.fake, ITEMS, "-80", "current").setTabletType(TabletType.UNKNOWN),
          Status.Code.INVALID_ARGUMENT, "tablet_type");
      assertError(env, withShard(RawVStreamClient.request(env.fake, ITEMS, "-80", "current"), "elsewhere", "-80"),
          Status.Code.INVALID_ARGUMENT, "keyspace \"elsewhere\" not found");
      assertError(env, RawVStreamClient.request(env.fake, ITEMS, "-40", "current"), Status.Code.INVALID_ARGUMENT,
          "shard \"-40\" does not exist");
      assertError(env, RawVStreamClient.request(env.fake, ITEMS, "", pos80), Status.Code.INVALID_ARGUMENT,
          "if shards are unspecified");
      assertError(env, RawVStreamClient.request(env.fake, ITEMS, "80-", pos80), Status.Code.INVALID_ARGUMENT,
          "GTIDSet Mismatch");
      assertError(env, RawVStreamClient.request(env.fake, ITEMS, "-80", "MySQL56/garbage"),
          Status.Code.INVALID_ARGUMENT, "unable to parse position");
      assertError(env, RawVStreamClient.request(env.fake, ITEMS, "-80", "")
          .setFilter(Filter.newBuilder().addRules(Rule.newBuilder().setMatch(ITEMS)
              .setFilter("SELECT * FROM `items` WHERE id > 3"))), Status.Code.INVALID_ARGUMENT, "unsupported filter");
      assertError(env, RawVStreamClient.allTables(env.fake, "", "-80").setFilter(Filter.newBuilder()
          .addRules(Rule.newBuilder().setMatch("/^nothing$"))), Status.Code.UNKNOWN,
          "stream needs a position or a table to copy");
      assertThat(env.fake.vstreamRequests()).hasSize(10); // invalid requests are recorded too
    }
  }

  @Test
  void wrongOrRejectedCredentialsAreUnauthenticated() throws Exception {
    try (Env env = Env.items(true);
        RawVStreamClient wrong = new RawVStreamClient(env.fake, "fake-user", "not-the-password")) {
      Status status = wrong.open(RawVStreamClient.request(env.fake, ITEMS, "-", "current")).error();
      assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(status.getDescription()).doesNotContain("not-the-password");

      env.fake.faults().rejectCredentials(true);
      assertThat(env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", "current")).error().getCode())
          .isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(env.fake.vstreamRequests()).isEmpty();
      env.fake.faults().rejectCredentials(false);
      assertThat(frame(env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", "current")).next()))
          .isEqualTo("VGTID OTHER");
    }
  }

  @Test
  void recordsEveryRequest() throws Exception {
    try (Env env = Env.items(false)) {
      insertItems(env.fake, 1, 3);
      VStreamRequest request = VStreamRequest.newBuilder().setTabletType(TabletType.REPLICA)
          .setVgtid(VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder().setKeyspace(env.fake.keyspace())
              .setShard("-").setGtid("").addTablePKs(io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK
                  .newBuilder().setTableName(ITEMS).setLastpk(SyncTestSupport.lkpk(List.of("id"), List.of("2"))))))
          .setFilter(Filter.newBuilder().addRules(Rule.newBuilder().setMatch(ITEMS).setFilter("SELECT * FROM `items`")))
          .setFlags(VStreamFlags.newBuilder().setHeartbeatInterval(7).setMinimizeSkew(true)
              .setCells("planetscale_operator_default").addTablesToCopy(ITEMS))
          .build();
      RawVStreamClient.Stream s = env.client.open(request);
      s.next();
      s.cancel();
      assertThat(env.fake.vstreamRequests()).hasSize(1);
      RecordedVStreamRequest r = env.fake.vstreamRequests().get(0);
      assertThat(r.tabletType()).isEqualTo(2);
      assertThat(r.shardGtids()).containsExactly(new RecordedVStreamRequest.Shard(env.fake.keyspace(), "-", "",
          Map.of(ITEMS, Map.of("id", "2"))));
      assertThat(r.rules()).containsExactly(new RecordedVStreamRequest.Rule(ITEMS, "SELECT * FROM `items`"));
      assertThat(r.heartbeatIntervalSeconds()).isEqualTo(7);
      assertThat(r.minimizeSkew()).isTrue();
      assertThat(r.cells()).isEqualTo("planetscale_operator_default");
      assertThat(r.tablesToCopy()).containsExactly(ITEMS);
      assertThat(r.deadline()).isNull();
      assertThat(env.fake.requests()).as("psdbconnect requests are kept apart").isEmpty();
    }
  }

  @Test
  void aDeadlineIsRecorded() throws Exception {
    try (Env env = Env.items(false)) {
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", "current").build(),
          Duration.ofSeconds(30));
      s.next();
      s.cancel();
      assertThat(env.fake.vstreamRequests().get(0).deadline()).isBetween(Duration.ofSeconds(20),
          Duration.ofSeconds(30));
    }
  }

  private static VStreamRequest.Builder withShard(VStreamRequest.Builder r, String keyspace, String shard) {
    r.getVgtidBuilder().getShardGtidsBuilder(0).setKeyspace(keyspace).setShard(shard);
    return r;
  }

  private static void assertError(Env env, VStreamRequest.Builder request, Status.Code code, String text)
      throws InterruptedException {
    Status status = env.client.open(request).error();
    assertThat(status.getCode()).as(status.toString()).isEqualTo(code);
    assertThat(status.getDescription()).contains(text);
  }
}
