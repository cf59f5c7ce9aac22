package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.SyncTestSupport.ITEMS;
import static io.planetscale.cdc.testkit.SyncTestSupport.insertItems;
import static io.planetscale.cdc.testkit.SyncTestSupport.item;
import static io.planetscale.cdc.testkit.SyncTestSupport.resultIds;
import static io.planetscale.cdc.testkit.SyncTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor;
import io.planetscale.cdc.testkit.SyncTestSupport.Env;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests the server refuses, and stale positions. */
class SyncErrorsTest {
  private static final String PURGED = "Cannot replicate because the source purged required binary logs";

  /** The status the call ends with; fails if any response comes first. */
  private static Status failure(RawSyncClient.Stream s) throws InterruptedException {
    Object first = s.poll(RawSyncClient.WAIT);
    assertThat(first).as("the call's first event").isInstanceOf(StatusRuntimeException.class);
    return ((StatusRuntimeException) first).getStatus();
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void unknownColumnIsInvalidArgumentNamingIt(boolean tls) throws Exception {
    try (Env env = Env.items(1000, tls)) {
      Status status = failure(env.open(env.all(ITEMS, "-", "").addColumns("id").addColumns("colour")));
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains("colour");
      assertThat(env.fake.awaitOpenStreams(0, RawSyncClient.WAIT)).isTrue();
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void unknownTableIsNotFoundNamingIt(boolean tls) throws Exception {
    try (Env env = Env.items(1000, tls)) {
      Status status = failure(env.open(env.all("nope", "-", "")));
      assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(status.getDescription()).contains("nope");
    }
  }

  @Test
  void unknownShardIsInvalidArgumentNamingIt() throws Exception {
    try (Env env = new Env(FakePlanetScale.builder().shards("-80", "80-"))) {
      env.fake.createTable(SyncTestSupport.itemsSpec());
      Status status = failure(env.open(env.all(ITEMS, "-", "")));
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains("\"-\"");
    }
  }

  @Test
  void wrongKeyspaceIsInvalidArgumentNamingIt() throws Exception {
    try (Env env = Env.items(1000, false)) {
      SyncRequest.Builder request = env.all(ITEMS, "-", "");
      request.getCursorBuilder().setKeyspace("elsewhere");
      Status status = failure(env.open(request));
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains("elsewhere");
    }
  }

  @Test
  void anEmptyKeyspaceMeansThisOne() throws Exception {
    try (Env env = Env.items(1000, false)) {
      insertItems(env.fake, 1, 2);
      SyncRequest.Builder request = env.all(ITEMS, "-", "");
      request.getCursorBuilder().clearKeyspace();
      RawSyncClient.Stream s = env.open(request);
      assertThat(resultIds(s.until(SyncTestSupport::copyDone))).containsExactly(1L, 2L);
      s.cancel();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"garbage", "MySQL56/not-a-uuid:1-5", "MariaDB/0-1-5", "MySQL56/:1-2"})
  void unparsablePositionIsInvalidArgument(String position) throws Exception {
    try (Env env = Env.items(1000, false)) {
      Status status = failure(env.open(env.all(ITEMS, "-", position)));
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains(position);
    }
  }

  @Test
  void positionOfAnotherShardIsAGtidSetMismatch() throws Exception {
    try (Env env = new Env(FakePlanetScale.builder().shards("-80", "80-"))) {
      env.fake.createTable(SyncTestSupport.itemsSpec());
      Status status = failure(env.open(env.all(ITEMS, "80-", env.fake.position("-80"))));
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains("GTIDSet Mismatch");
    }
  }

  @Test
  void positionAheadOfTheShardIsInvalidArgument() throws Exception {
    try (Env env = Env.items(1000, false)) {
      String current = env.fake.position("-");
      long n = Long.parseLong(current.substring(current.lastIndexOf('-') + 1));
      String ahead = current.substring(0, current.lastIndexOf('-') + 1) + (n + 5);
      Status status = failure(env.open(env.all(ITEMS, "-", ahead)));
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains("ahead");
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void purgedBinlogsFailOlderPositionsWithUnknownButTheCurrentOneWorks(boolean tls) throws Exception {
    try (Env env = Env.items(1000, tls)) {
      String old = env.fake.position("-");
      insertItems(env.fake, 1, 3);
      String current = env.fake.position("-");
      env.fake.faults().purgeBinlogsBefore(current);

      Status status = failure(env.open(env.all(ITEMS, "-", old)));
      assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
      assertThat(status.getDescription()).contains(PURGED).contains(old);

      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", current));
      assertThat(env.fake.awaitOpenStreams(1, RawSyncClient.WAIT)).isTrue();
      String pos = env.fake.insert(ITEMS, item(4));
      SyncResponse r = s.next();
      assertThat(resultIds(r)).containsExactly(4L);
      assertThat(r.getCursor().getPosition()).isEqualTo(pos);
      s.cancel();
    }
  }

  @Test
  void thePositionJustBeforeThePurgePointIsStale() throws Exception {
    try (Env env = Env.items(1000, false)) {
      String justBefore = env.fake.insert(ITEMS, item(1));
      String purgePoint = env.fake.insert(ITEMS, item(2));
      env.fake.faults().purgeBinlogsBefore(purgePoint);
      Status status = failure(env.open(env.all(ITEMS, "-", justBefore)));
      assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
      assertThat(status.getDescription()).contains(PURGED);
      // MySQL's wording: the missing transactions are a GTID set naming what the replica lacks.
      String uuid = purgePoint.substring("MySQL56/".length(), purgePoint.lastIndexOf(':'));
      long n = Long.parseLong(purgePoint.substring(purgePoint.lastIndexOf('-') + 1));
      assertThat(status.getDescription()).contains("the missing transactions are '" + uuid + ":" + n + "'");
    }
  }

  @Test
  void purgeAllBinlogsMakesEveryOlderPositionStale() throws Exception {
    try (Env env = new Env(FakePlanetScale.builder().shards("-80", "80-"))) {
      env.fake.createTable(SyncTestSupport.itemsSpec());
      String oldLow = env.fake.position("-80");
      String oldHigh = env.fake.position("80-");
      insertItems(env.fake, 1, 20);
      env.fake.faults().purgeAllBinlogs();
      for (String[] shardAndPosition : new String[][] {{"-80", oldLow}, {"80-", oldHigh}}) {
        Status status = failure(env.open(env.all(ITEMS, shardAndPosition[0], shardAndPosition[1])));
        assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
        assertThat(status.getDescription()).contains(PURGED);
      }
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "80-", env.fake.position("80-")));
      assertThat(s.poll(Duration.ofMillis(300))).isNull();
      assertThat(env.fake.openStreams()).isEqualTo(1);
      s.cancel();
      // A full copy does not need old binlogs.
      RawSyncClient.Stream copy = env.open(env.all(ITEMS, "-80", ""));
      assertThat(copy.until(SyncTestSupport::copyDone)).isNotEmpty();
      copy.cancel();
    }
  }

  @Test
  void resumingACopyFromAPurgedPositionIsUnknown() throws Exception {
    try (Env env = Env.items(1, false)) {
      insertItems(env.fake, 1, 3);
      RawSyncClient.Stream first = env.open(env.all(ITEMS, "-", ""));
      TableCursor saved = first.next().getCursor();
      first.cancel();
      env.fake.update(ITEMS, 1, Map.of("qty", 0));
      env.fake.faults().purgeAllBinlogs();
      Status status = failure(env.open(env.all(ITEMS, "-", "").setCursor(saved)));
      assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
      assertThat(status.getDescription()).contains(PURGED);
      // Without the position (the older connectors' way) the copy resumes.
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "").setCursor(saved.toBuilder().setPosition("")));
      assertThat(resultIds(s.until(SyncTestSupport::copyDone))).containsExactly(2L, 3L);
      s.cancel();
    }
  }

  @Test
  void purgingWithAPositionOfNoShardIsRejected() throws Exception {
    try (Env env = Env.items(1000, false)) {
      assertThatThrownBy(() -> env.fake.faults().purgeBinlogsBefore("garbage"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> env.fake.faults().purgeBinlogsBefore(
          "MySQL56/11111111-2222-3333-4444-555555555555:1-3")).isInstanceOf(IllegalArgumentException.class);
      // Nothing was purged: the oldest position still replays every transaction since.
      insertItems(env.fake, 1, 1);
      String current = env.fake.position("-");
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", current.substring(0, current.lastIndexOf(':')) + ":1"));
      List<SyncResponse> got = s.until(SyncTestSupport::hasRows);
      SyncResponse first = got.get(got.size() - 1);
      assertThat(resultIds(first)).containsExactly(1L);
      assertThat(first.getCursor().getPosition()).isEqualTo(current);
      s.cancel();
    }
  }

  @Test
  void requestsAreRecordedWithTabletTypeCellsFlagsAndColumns() throws Exception {
    try (Env env = Env.items(1000, false)) {
      SyncRequest request = RawSyncClient.request(env.fake, ITEMS, "-", "current")
          .setTabletType(io.planetscale.cdc.wire.internal.proto.psdbconnect.TabletType.primary)
          .addCells("planetscale_operator_default").setIncludeUpdates(true).addColumns("id").addColumns("name")
          .build();
      RawSyncClient.Stream s = env.client.open(request);
      s.next();
      SyncRequest second = RawSyncClient.request(env.fake, ITEMS, "-", "current")
          .setTabletType(io.planetscale.cdc.wire.internal.proto.psdbconnect.TabletType.batch).build();
      RawSyncClient.Stream s2 = env.client.open(second);
      s2.next();

      List<RecordedRequest> recorded = env.fake.requests();
      assertThat(recorded).hasSize(2);
      RecordedRequest r = recorded.get(0);
      assertThat(r.tableName()).isEqualTo(ITEMS);
      assertThat(r.tabletType()).isEqualTo(TabletType.PRIMARY);
      assertThat(r.cells()).containsExactly("planetscale_operator_default");
      assertThat(r.includeInserts()).isFalse();
      assertThat(r.includeUpdates()).isTrue();
      assertThat(r.includeDeletes()).isFalse();
      assertThat(r.columns()).containsExactly("id", "name");
      assertThat(r.cursor().shard()).isEqualTo("-");
      assertThat(r.cursor().position()).isEqualTo("current");
      assertThat(recorded.get(1).tabletType()).isEqualTo(TabletType.BATCH);
      assertThat(recorded.get(1).cells()).isEmpty();
      s.cancel();
      s2.cancel();
    }
  }

  @Test
  void failedRequestsAreRecordedToo() throws Exception {
    try (Env env = Env.items(1000, false)) {
      failure(env.open(env.all("missing", "-", "")));
      assertThat(env.fake.requests()).extracting(RecordedRequest::tableName).containsExactly("missing");
    }
  }

  @Test
  void lastKnownPkSentBackIsRecorded() throws Exception {
    try (Env env = Env.items(1, false)) {
      insertItems(env.fake, 1, 2);
      RawSyncClient.Stream first = env.open(env.all(ITEMS, "-", ""));
      TableCursor saved = first.next().getCursor();
      first.cancel();
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "").setCursor(saved));
      s.until(SyncTestSupport::copyDone);
      RecordedRequest resumed = env.fake.requests().get(1);
      assertThat(resumed.cursor().position()).isEqualTo(saved.getPosition());
      assertThat(text(saved.getLastKnownPk())).containsExactly(List.of("1"));
      assertThat(resumed.cursor().lastKnownPk()).isNotNull();
      s.cancel();
    }
  }
}
