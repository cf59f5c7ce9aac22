package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.SyncTestSupport.ITEMS;
import static io.planetscale.cdc.testkit.SyncTestSupport.insertItems;
import static io.planetscale.cdc.testkit.SyncTestSupport.resultIds;
import static io.planetscale.cdc.testkit.SyncTestSupport.resultRowCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.testkit.SyncTestSupport.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fault injection as seen on the wire. */
class FaultsTest {

  /** Reads events until the call ends: the responses before the end, and the status it ended with. */
  private static List<SyncResponse> responsesUntilError(RawSyncClient.Stream s, Status[] end) throws Exception {
    List<SyncResponse> got = new ArrayList<>();
    while (true) {
      Object e = s.poll(RawSyncClient.WAIT);
      if (e instanceof SyncResponse r) {
        got.add(r);
      } else if (e instanceof StatusRuntimeException x) {
        end[0] = x.getStatus();
        return got;
      } else {
        throw new AssertionError("expected a response or an error, got " + e);
      }
    }
  }

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {1, 2, 4})
  void failResponseFailsExactlyTheNthResponseThenDisarms(int n) throws Exception {
    try (Env env = Env.items(1, false)) {
      insertItems(env.fake, 1, 6);
      env.fake.faults().failResponse(n, Status.Code.UNAVAILABLE, "tablet restarting");
      Status[] end = new Status[1];
      List<SyncResponse> before = responsesUntilError(env.open(env.all(ITEMS, "-", "")), end);
      assertThat(before).hasSize(n - 1);
      assertThat(resultIds(before)).containsExactlyElementsOf(
          java.util.stream.LongStream.rangeClosed(1, n - 1).boxed().toList());
      assertThat(end[0].getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(end[0].getDescription()).isEqualTo("tablet restarting");
      assertThat(env.fake.awaitOpenStreams(0, RawSyncClient.WAIT)).isTrue();

      RawSyncClient.Stream again = env.open(env.all(ITEMS, "-", ""));
      assertThat(resultIds(again.until(SyncTestSupport::copyDone))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      again.cancel();
    }
  }

  @Test
  void failResponseCanCarryAnyStatusAndHitsLiveChangesToo() throws Exception {
    try (Env env = Env.items(1000, true)) {
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      s.next();
      env.fake.faults().failResponse(1, Status.Code.RESOURCE_EXHAUSTED, "quota");
      env.fake.insert(ITEMS, SyncTestSupport.item(1));
      Status status = s.error();
      assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(status.getDescription()).isEqualTo("quota");
    }
  }

  @Test
  void dropStreamAfterRowsEndsTheStreamAfterTheResponseReachingTheCountOnlyOnce() throws Exception {
    try (Env env = Env.items(2, false)) {
      insertItems(env.fake, 1, 10);
      env.fake.faults().dropStreamAfterRows(5);
      Status[] end = new Status[1];
      List<SyncResponse> got = responsesUntilError(env.open(env.all(ITEMS, "-", "")), end);
      assertThat(got).extracting(SyncTestSupport::resultRowCount).containsExactly(2, 2, 2);
      assertThat(resultIds(got)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(end[0].getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(env.fake.awaitOpenStreams(0, RawSyncClient.WAIT)).isTrue();

      // Resuming from the last cursor completes the copy: the fault fired once.
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "").setCursor(got.get(2).getCursor()));
      assertThat(resultIds(s.until(SyncTestSupport::copyDone))).containsExactly(7L, 8L, 9L, 10L);
      s.cancel();
    }
  }

  @Test
  void dropStreamAfterRowsAtAnExactBatchBoundary() throws Exception {
    try (Env env = Env.items(3, false)) {
      insertItems(env.fake, 1, 9);
      env.fake.faults().dropStreamAfterRows(6);
      Status[] end = new Status[1];
      List<SyncResponse> got = responsesUntilError(env.open(env.all(ITEMS, "-", "")), end);
      assertThat(got).extracting(SyncTestSupport::resultRowCount).containsExactly(3, 3);
      assertThat(end[0].getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void dropStreamAfterRowsCountsReplicatedRows() throws Exception {
    try (Env env = Env.items(1000, false)) {
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      s.next();
      env.fake.faults().dropStreamAfterRows(2);
      env.fake.insert(ITEMS, SyncTestSupport.item(1));
      assertThat(resultIds(s.next())).containsExactly(1L);
      env.fake.insert(ITEMS, SyncTestSupport.item(2));
      Status[] end = new Status[1];
      List<SyncResponse> got = responsesUntilError(s, end);
      assertThat(resultIds(got)).containsExactly(2L);
      assertThat(end[0].getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void delayResponsesHoldsEachResponseBackUntilCleared() throws Exception {
    try (Env env = Env.items(1, false)) {
      insertItems(env.fake, 1, 4);
      env.fake.faults().delayResponses(Duration.ofMillis(300));
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", ""));
      assertThat(s.poll(Duration.ofMillis(100))).as("nothing yet after 100 ms").isNull();
      Object first = s.poll(RawSyncClient.WAIT);
      assertThat(first).isInstanceOf(SyncResponse.class);
      assertThat(resultIds((SyncResponse) first)).containsExactly(1L);
      s.cancel();
      assertThat(env.fake.awaitOpenStreams(0, RawSyncClient.WAIT)).isTrue();

      env.fake.faults().delayResponses(Duration.ZERO);
      long started = System.nanoTime();
      RawSyncClient.Stream fast = env.open(env.all(ITEMS, "-", ""));
      assertThat(fast.until(SyncTestSupport::copyDone)).hasSize(5);
      // Five responses at 300 ms each would take 1.5 s.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1200));
      fast.cancel();
    }
  }

  @Test
  void cancellingDuringADelayEndsTheServerStream() throws Exception {
    try (Env env = Env.items(1000, false)) {
      env.fake.faults().delayResponses(Duration.ofSeconds(30));
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      assertThat(env.fake.awaitOpenStreams(1, RawSyncClient.WAIT)).isTrue();
      s.cancel();
      assertThat(env.fake.awaitOpenStreams(0, RawSyncClient.WAIT)).isTrue();
    }
  }

  @Test
  void resetDisarmsEveryFault() throws Exception {
    try (Env env = Env.items(1, false)) {
      insertItems(env.fake, 1, 4);
      env.fake.faults().failResponse(1, Status.Code.INTERNAL, "boom").dropStreamAfterRows(1)
          .delayResponses(Duration.ofSeconds(5)).rejectCredentials(true).reset();
      long started = System.nanoTime();
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", ""));
      List<SyncResponse> copy = s.until(SyncTestSupport::copyDone);
      assertThat(resultIds(copy)).containsExactly(1L, 2L, 3L, 4L);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(s.poll(Duration.ofMillis(200))).isNull();
      s.cancel();
    }
  }

  @Test
  void resetKeepsPurgedBinlogsPurged() throws Exception {
    try (Env env = Env.items(1000, false)) {
      String old = env.fake.position("-");
      insertItems(env.fake, 1, 2);
      env.fake.faults().purgeAllBinlogs().reset();
      Object first = env.open(env.all(ITEMS, "-", old)).poll(RawSyncClient.WAIT);
      assertThat(first).isInstanceOf(StatusRuntimeException.class);
      assertThat(((StatusRuntimeException) first).getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void rejectCredentialsFailsCallsUntilTurnedOff(boolean tls) throws Exception {
    try (Env env = Env.items(1000, tls)) {
      env.fake.faults().rejectCredentials(true);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      assertThat(s.error().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      env.fake.faults().rejectCredentials(false);
      RawSyncClient.Stream ok = env.open(env.all(ITEMS, "-", "current"));
      assertThat(ok.next().getCursor().getPosition()).isEqualTo(env.fake.position("-"));
      ok.cancel();
    }
  }

  @Test
  void wrongCredentialsAreUnauthenticated() throws Exception {
    try (Env env = Env.items(1000, false);
        RawSyncClient wrong = new RawSyncClient(env.fake, "fake-user", "wrong", true)) {
      RawSyncClient.Stream s = wrong.open(env.all(ITEMS, "-", "current").build());
      assertThat(s.error().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(env.fake.openStreams()).isZero();
    }
  }

  @Test
  void faultArgumentsAreValidated() {
    try (FakePlanetScale fake = FakePlanetScale.builder().build()) {
      Faults f = fake.faults();
      assertThatThrownBy(() -> f.failResponse(0, Status.Code.UNAVAILABLE, "x"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> f.failResponse(1, null, "x")).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> f.dropStreamAfterRows(0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> f.delayResponses(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void volumeUnderASmallBatchSizeKeepsEveryRow() throws Exception {
    try (Env env = Env.items(7, false)) {
      List<java.util.Map<String, Object>> rows = new ArrayList<>();
      for (long id = 1; id <= 5000; id++) {
        rows.add(SyncTestSupport.item(id));
      }
      env.fake.insertAll(ITEMS, rows);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", ""));
      List<SyncResponse> copy = s.until(SyncTestSupport::copyDone);
      assertThat(copy).hasSize(5000 / 7 + 1 + 1);
      assertThat(resultIds(copy)).hasSize(5000).doesNotHaveDuplicates().isSorted();
      assertThat(copy.stream().mapToInt(SyncTestSupport::resultRowCount).max().orElseThrow()).isEqualTo(7);
      assertThat(resultRowCount(copy.get(copy.size() - 2))).isEqualTo(5000 % 7);
      s.cancel();
    }
  }
}
