package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.SyncTestSupport.insertItems;
import static io.planetscale.cdc.testkit.SyncTestSupport.item;
import static io.planetscale.cdc.testkit.VStreamTestSupport.ITEMS;
import static io.planetscale.cdc.testkit.VStreamTestSupport.frame;
import static io.planetscale.cdc.testkit.VStreamTestSupport.frames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.planetscale.cdc.testkit.VStreamTestSupport.Env;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** VStream fault injection: failures, unexpected ends, the copy interruption, idle ends, repeats, purges. */
class VStreamFaultsTest {

  @Test
  void failsAfterNResponsesOnceWithTheGivenStatus() throws Exception {
    try (Env env = Env.items(false)) {
      String start = env.fake.position("-");
      insertItems(env.fake, 1, 3);
      env.fake.faults().vstream().failAfterResponses(2, Status.Code.UNAVAILABLE, "tablet restarting");
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      assertThat(frames(s.next(2))).containsExactly("BEGIN FIELD ROW VGTID COMMIT", "BEGIN ROW VGTID COMMIT");
      Status status = s.error();
      assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(status.getDescription()).isEqualTo("tablet restarting");

      RawVStreamClient.Stream again = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      assertThat(again.next(3)).as("one-shot").hasSize(3);
      again.cancel();

      env.fake.faults().vstream().failAfterResponses(0, Status.Code.CANCELLED, "the client connection is closing");
      Status cancelled = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start)).error();
      assertThat(cancelled.getCode()).isEqualTo(Status.Code.CANCELLED);
      assertThat(cancelled.getDescription()).isEqualTo("the client connection is closing");
    }
  }

  @Test
  void endsUnexpectedlyOrCleanlyAfterNResponses() throws Exception {
    try (Env env = Env.items(false)) {
      String start = env.fake.position("-");
      insertItems(env.fake, 1, 3);
      env.fake.faults().vstream().endUnexpectedlyAfterResponses(1);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      s.next();
      Status status = s.error();
      assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
      assertThat(status.getDescription()).isEqualTo("vstream ended unexpectedly")
          .isEqualTo(VStreamFaults.ENDED_UNEXPECTEDLY);

      env.fake.faults().vstream().completeAfterResponses(2);
      RawVStreamClient.Stream eof = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      assertThat(eof.next(2)).hasSize(2);
      assertThat(eof.poll(RawVStreamClient.WAIT)).as("an end of stream nobody asked for")
          .isSameAs(RawVStreamClient.Stream.COMPLETED);
      assertThat(env.fake.awaitOpenStreams(0, Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void interruptsTheCopyLikeTheOneHourLimitAndTheCopyResumesFromTheLastVgtid() throws Exception {
    try (Env env = Env.items(false)) {
      insertItems(env.fake, 1, 5);
      env.fake.vstream().copyBatchRows(2);
      env.fake.faults().vstream().interruptCopyAfterBatches(1);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", ""));
      List<VStreamResponse> before = s.next(3);
      assertThat(frames(before)).containsExactly("BEGIN FIELD", "VGTID", "ROW ROW VGTID COMMIT");
      Status status = s.error();
      assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
      assertThat(status.getDescription()).contains("errno 3024")
          .contains("Query execution was interrupted, maximum statement execution time exceeded")
          .contains("from `items` where (`id`) > (2)");

      VEvent last = before.get(2).getEvents(2);
      VStreamRequest.Builder resume = RawVStreamClient.request(env.fake, ITEMS, "-", "");
      resume.setVgtid(last.getVgtid()); // sent back verbatim: gtid and table_p_ks
      RawVStreamClient.Stream rest = env.client.open(resume);
      List<VStreamResponse> copy = rest.until(VStreamTestSupport.GLOBAL_COPY_COMPLETED);
      assertThat(VStreamTestSupport.afterIds(copy)).containsExactly("3", "4", "5");
      rest.cancel();
    }
  }

  @Test
  void goesSilentThenEndsAsIdle() throws Exception {
    try (Env env = Env.items(false)) {
      env.fake.vstream().heartbeatInterval(Duration.ofMillis(20));
      env.fake.faults().vstream().endIdleAfterResponses(1, Duration.ofMillis(300));
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", "current")
          .setFlags(VStreamFlags.newBuilder().setHeartbeatInterval(1)));
      assertThat(frame(s.next())).isEqualTo("VGTID OTHER");
      env.fake.insert(ITEMS, item(1));
      // Without the fault, heartbeats every 20 ms and the insert would arrive; silent, the next thing is the end.
      Object next = s.poll(RawVStreamClient.WAIT);
      assertThat(next).isInstanceOf(io.grpc.StatusRuntimeException.class);
      Status status = ((io.grpc.StatusRuntimeException) next).getStatus();
      assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(status.getDescription()).isEqualTo(VStreamFaults.IDLE_ENDED);
    }
  }

  @Test
  void repeatsVgtidsInResponsesOfTheirOwn() throws Exception {
    try (Env env = Env.items(false)) {
      String start = env.fake.position("-");
      env.fake.insert(ITEMS, item(1));
      env.fake.faults().vstream().repeatVgtids(3);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      List<VStreamResponse> got = s.next(3);
      assertThat(frames(got)).containsExactly("BEGIN FIELD ROW VGTID COMMIT", "VGTID", "VGTID");
      assertThat(got.get(1).getEvents(0)).isEqualTo(got.get(0).getEvents(3));
      assertThat(got.get(2).getEvents(0)).isEqualTo(got.get(0).getEvents(3));
      s.cancel();
      env.fake.faults().reset();
      RawVStreamClient.Stream normal = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      normal.next();
      env.fake.insert(ITEMS, item(2));
      assertThat(frame(normal.next())).isEqualTo("BEGIN ROW VGTID COMMIT");
      normal.cancel();
    }
  }

  @Test
  void aPurgedPositionCannotReplicate() throws Exception {
    try (Env env = Env.items(false)) {
      String old = env.fake.position("-");
      insertItems(env.fake, 1, 3);
      env.fake.faults().purgeBinlogsBefore(env.fake.position("-"));
      Status status = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", old)).error();
      assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
      assertThat(status.getDescription()).contains("Cannot replicate because the source purged required binary logs");

      VStreamRequest.Builder catchUp = RawVStreamClient.request(env.fake, ITEMS, "-", old);
      catchUp.getVgtidBuilder().getShardGtidsBuilder(0).addTablePKs(
          io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK.newBuilder().setTableName(ITEMS)
              .setLastpk(SyncTestSupport.lkpk(List.of("id"), List.of("1"))));
      assertThat(env.client.open(catchUp).error().getDescription()).contains("purged required binary logs");
      assertThat(frame(env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", "")).next()))
          .as("a new copy needs no binlog").isEqualTo("BEGIN FIELD");
    }
  }

  @Test
  void syncFaultsLeaveVStreamAlone() throws Exception {
    try (Env env = Env.items(false);
        RawSyncClient sync = new RawSyncClient(env.fake)) {
      String start = env.fake.position("-");
      insertItems(env.fake, 1, 2);
      env.fake.faults().failResponse(1, Status.Code.INTERNAL, "sync only").repeatCursorPositions(3);
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", start));
      assertThat(frames(s.next(2))).containsExactly("BEGIN FIELD ROW VGTID COMMIT", "BEGIN ROW VGTID COMMIT");
      s.cancel();
      Status status = sync.open(SyncTestSupport.all(env.fake, ITEMS, "-", start).build()).error();
      assertThat(status.getDescription()).isEqualTo("sync only");
    }
  }

  @Test
  void closingTheFakeEndsOpenCallsPromptly() throws Exception {
    Env env = Env.items(false);
    try {
      RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, ITEMS, "-", "current"));
      s.next();
      long start = System.nanoTime();
      env.fake.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(s.error().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED, Status.Code.INTERNAL);
      assertThat(env.fake.openStreams()).isZero();
    } finally {
      env.close();
    }
  }

  @Test
  void rejectsInvalidFaultArguments() {
    VStreamFaults faults = new VStreamFaults();
    assertThatThrownBy(() -> faults.failAfterResponses(-1, Status.Code.UNKNOWN, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.repeatVgtids(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.endIdleAfterResponses(1, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VStreamSettings().maxEventsPerResponse(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VStreamSettings().heartbeatInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
