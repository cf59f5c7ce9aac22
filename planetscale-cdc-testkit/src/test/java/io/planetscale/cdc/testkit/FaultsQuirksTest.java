package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.SyncTestSupport.ITEMS;
import static io.planetscale.cdc.testkit.SyncTestSupport.PAIRS;
import static io.planetscale.cdc.testkit.SyncTestSupport.hasRows;
import static io.planetscale.cdc.testkit.SyncTestSupport.insertItems;
import static io.planetscale.cdc.testkit.SyncTestSupport.item;
import static io.planetscale.cdc.testkit.SyncTestSupport.resultIds;
import static io.planetscale.cdc.testkit.SyncTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.testkit.SyncTestSupport.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server quirks of {@link Faults} (repeated positions, empty peek answers, late delays) as seen on the wire. */
class FaultsQuirksTest {

  /** A response with no rows whose cursor is exactly {@code position} on shard "-", without last_known_pk. */
  private static void assertPositionOnly(Env env, SyncResponse r, String position) {
    assertThat(hasRows(r)).as("rows in %s", r).isFalse();
    assertThat(r.hasCursor()).isTrue();
    assertThat(r.getCursor().getPosition()).isEqualTo(position);
    assertThat(r.getCursor().getShard()).isEqualTo("-");
    assertThat(r.getCursor().getKeyspace()).isEqualTo(env.fake.keyspace());
    assertThat(r.getCursor().hasLastKnownPk()).isFalse();
  }

  /** A response with exactly one inserted row {@code id} and a cursor at {@code position}. */
  private static void assertOneInsertAt(SyncResponse r, long id, String position) {
    assertThat(resultIds(r)).containsExactly(id);
    assertThat(r.getUpdatesCount() + r.getDeletesCount()).isZero();
    assertThat(r.getCursor().getPosition()).isEqualTo(position);
    assertThat(r.getCursor().hasLastKnownPk()).isFalse();
  }

  @Test
  void repeatCursorPositionsSendsATransactionOneChangePerResponseEachAtItsPosition() throws Exception {
    try (Env env = Env.items(1000, false)) {
      env.fake.faults().repeatCursorPositions(3);
      String start = env.fake.position("-");
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      for (int i = 0; i < 3; i++) {
        assertPositionOnly(env, s.next(), start); // the peek answer, three times
      }

      env.fake.insertAll(ITEMS, List.of(item(1), item(2), item(3)));
      String p = env.fake.position("-");
      assertThat(p).isNotEqualTo(start);
      List<SyncResponse> tx = List.of(s.next(), s.next(), s.next());
      for (int i = 0; i < 3; i++) {
        assertOneInsertAt(tx.get(i), i + 1, p);
      }

      // One change: its response, then cursor-only responses until three carried the position.
      String q = env.fake.insert(ITEMS, item(4));
      assertOneInsertAt(s.next(), 4, q);
      assertPositionOnly(env, s.next(), q);
      assertPositionOnly(env, s.next(), q);

      // Updates and deletes carry the cursor too; the next transaction's row proves nothing else was sent.
      String u = env.fake.update(ITEMS, 4, Map.of("qty", 1));
      SyncResponse update = s.next();
      assertThat(update.getUpdatesCount()).isEqualTo(1);
      assertThat(update.getCursor().getPosition()).isEqualTo(u);
      assertPositionOnly(env, s.next(), u);
      assertPositionOnly(env, s.next(), u);
      String d = env.fake.delete(ITEMS, 4);
      SyncResponse delete = s.next();
      assertThat(text(delete.getDeletes(0).getResult())).containsExactly(List.of("4"));
      assertThat(delete.getCursor().getPosition()).isEqualTo(d);
      assertPositionOnly(env, s.next(), d);
      assertPositionOnly(env, s.next(), d);
      String next = env.fake.insert(ITEMS, item(5));
      assertOneInsertAt(s.next(), 5, next);
      s.cancel();
    }
  }

  @Test
  void aClientStoppingAtTheSecondResponseAtItsStopPositionMissesRows() throws Exception {
    try (Env env = Env.items(1000, false)) {
      insertItems(env.fake, 1, 2);
      String stored = env.fake.position("-");
      env.fake.insertAll(ITEMS, List.of(item(3), item(4), item(5)));
      String stop = env.fake.position("-");
      env.fake.faults().repeatCursorPositions(2);

      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", stored));
      List<SyncResponse> got = new ArrayList<>();
      int atStop = 0;
      while (atStop < 2) { // the naive stop rule
        SyncResponse r = s.next();
        got.add(r);
        if (r.getCursor().getPosition().equals(stop)) {
          atStop++;
        }
      }
      assertThat(resultIds(got)).containsExactly(3L, 4L);
      // The row the naive client left behind comes in a third response at the same position.
      assertOneInsertAt(s.next(), 5, stop);
      String after = env.fake.insert(ITEMS, item(6));
      assertOneInsertAt(s.next(), 6, after);
      s.cancel();
    }
  }

  @Test
  void repeatCursorPositionsOfTwoStillSendsEveryChangeOfALongerTransactionSeparately() throws Exception {
    try (Env env = Env.items(1000, false)) {
      String stored = env.fake.position("-");
      env.fake.insertAll(ITEMS, List.of(item(1), item(2), item(3)));
      String p = env.fake.position("-");
      String q = env.fake.insert(ITEMS, item(4));
      env.fake.faults().repeatCursorPositions(2);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", stored));
      for (long id = 1; id <= 3; id++) {
        assertOneInsertAt(s.next(), id, p);
      }
      assertOneInsertAt(s.next(), 4, q);
      assertPositionOnly(env, s.next(), q);
      s.cancel();
    }
  }

  @Test
  void repeatCursorPositionsLeavesCopyBatchesAloneAndRepeatsTheCopyCompleteCursor() throws Exception {
    try (Env env = Env.items(2, false)) {
      insertItems(env.fake, 1, 5);
      String snapshot = env.fake.position("-");
      env.fake.faults().repeatCursorPositions(3);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", ""));
      List<SyncResponse> batches = s.until(SyncTestSupport::copyDone);
      assertThat(batches).hasSize(4);
      assertThat(batches).extracting(SyncTestSupport::resultRowCount).containsExactly(2, 2, 1, 0);
      List<String> lastKeys = List.of("2", "4", "5");
      for (int i = 0; i < 3; i++) {
        assertThat(batches.get(i).getCursor().getPosition()).isEqualTo(snapshot);
        assertThat(text(batches.get(i).getCursor().getLastKnownPk())).containsExactly(List.of(lastKeys.get(i)));
      }
      assertPositionOnly(env, batches.get(3), snapshot);
      assertPositionOnly(env, s.next(), snapshot);
      assertPositionOnly(env, s.next(), snapshot);
      String p = env.fake.insert(ITEMS, item(6));
      assertOneInsertAt(s.next(), 6, p);
      s.cancel();
    }
  }

  @Test
  void repeatCursorPositionsRepeatsThePositionOfOtherTablesTransactions() throws Exception {
    try (Env env = Env.items(1000, false)) {
      env.fake.createTable(SyncTestSupport.pairsSpec());
      env.fake.faults().repeatCursorPositions(2);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      s.next();
      s.next();
      String other = env.fake.insert(PAIRS, Map.of("a", 1, "b", "x", "v", "y"));
      assertPositionOnly(env, s.next(), other);
      assertPositionOnly(env, s.next(), other);
      String mine = env.fake.insert(ITEMS, item(1));
      assertOneInsertAt(s.next(), 1, mine);
      s.cancel();
    }
  }

  @Test
  void repeatCursorPositionsOfOneRestoresRowsPerResponseBatching() throws Exception {
    try (Env env = Env.items(2, false)) {
      env.fake.faults().repeatCursorPositions(3).repeatCursorPositions(1);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      String start = s.next().getCursor().getPosition();
      assertThat(start).isEqualTo(env.fake.position("-"));
      env.fake.insertAll(ITEMS, List.of(item(1), item(2), item(3)));
      SyncResponse first = s.next();
      assertThat(resultIds(first)).containsExactly(1L, 2L);
      assertThat(first.hasCursor()).isFalse();
      assertOneInsertAt(s.next(), 3, env.fake.position("-"));
      String next = env.fake.insert(ITEMS, item(4));
      assertOneInsertAt(s.next(), 4, next);
      s.cancel();
    }
  }

  @Test
  void peekAnswersEmptyPositionThenStreamsChangesAsUsualUntilTurnedOff() throws Exception {
    try (Env env = Env.items(1000, false)) {
      env.fake.faults().peekAnswersEmptyPosition(true);
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      assertPositionOnly(env, s.next(), "");
      String p = env.fake.insert(ITEMS, item(1));
      assertOneInsertAt(s.next(), 1, p);
      s.cancel();

      // Only "current" calls are affected: a stored position streams as always.
      RawSyncClient.Stream resumed = env.open(env.all(ITEMS, "-", p));
      String q = env.fake.insert(ITEMS, item(2));
      assertOneInsertAt(resumed.next(), 2, q);
      resumed.cancel();

      env.fake.faults().peekAnswersEmptyPosition(false);
      RawSyncClient.Stream again = env.open(env.all(ITEMS, "-", "current"));
      assertPositionOnly(env, again.next(), q);
      again.cancel();
    }
  }

  @Test
  void delayResponsesDelaysTheAnswerToACurrentCall() throws Exception {
    try (Env env = Env.items(1000, false)) {
      Duration delay = Duration.ofMillis(300);
      env.fake.faults().delayResponses(delay);
      long started = System.nanoTime();
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      assertPositionOnly(env, s.next(), env.fake.position("-"));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(delay);
      s.cancel();
    }
  }

  @Test
  void delayResponsesAfterSendsTheFirstResponsesAtOnceThenHoldsEveryLaterOne() throws Exception {
    try (Env env = Env.items(1, false)) {
      insertItems(env.fake, 1, 4);
      // 30 s: the first two can only arrive within the 10 s wait if they were not delayed.
      env.fake.faults().delayResponsesAfter(2, Duration.ofSeconds(30));
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", ""));
      assertThat(resultIds(s.next())).containsExactly(1L);
      assertThat(resultIds(s.next())).containsExactly(2L);
      assertThat(s.poll(Duration.ofMillis(300))).as("the third response is held back").isNull();
      s.cancel();
      assertThat(env.fake.awaitOpenStreams(0, RawSyncClient.WAIT)).isTrue();

      // The count is spent: a new stream waits from its first response on.
      RawSyncClient.Stream later = env.open(env.all(ITEMS, "-", "current"));
      assertThat(later.poll(Duration.ofMillis(300))).isNull();
      later.cancel();
    }
  }

  @Test
  void resetClearsRepeatedPositionsEmptyPeeksAndLateDelays() throws Exception {
    try (Env env = Env.items(1000, false)) {
      env.fake.faults().repeatCursorPositions(3).peekAnswersEmptyPosition(true)
          .delayResponsesAfter(1, Duration.ofSeconds(30)).reset();
      RawSyncClient.Stream s = env.open(env.all(ITEMS, "-", "current"));
      assertPositionOnly(env, s.next(), env.fake.position("-"));
      env.fake.insertAll(ITEMS, List.of(item(1), item(2), item(3)));
      SyncResponse tx = s.next(); // within 10 s: not delayed
      assertThat(resultIds(tx)).containsExactly(1L, 2L, 3L);
      assertThat(tx.getCursor().getPosition()).isEqualTo(env.fake.position("-"));
      String next = env.fake.insert(ITEMS, item(4));
      assertOneInsertAt(s.next(), 4, next);
      s.cancel();
    }
  }

  @Test
  void quirkArgumentsAreValidated() {
    try (FakePlanetScale fake = FakePlanetScale.builder().build()) {
      Faults f = fake.faults();
      assertThatThrownBy(() -> f.repeatCursorPositions(0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("times");
      assertThatThrownBy(() -> f.delayResponsesAfter(-1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("n must be");
      assertThatThrownBy(() -> f.delayResponsesAfter(0, Duration.ofMillis(-1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
      assertThatThrownBy(() -> f.delayResponsesAfter(0, null)).isInstanceOf(NullPointerException.class);
    }
  }
}
