package io.planetscale.cdc.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.MetadataCollection;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.ShardStates;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.StreamSchema;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordingSinkTest {
  private static final Stream USERS = stream("users");
  private static final Stream ORDERS = stream("orders");

  private final RecordingSink sink = new RecordingSink();

  @Test
  void keepsRecordsInArrivalOrderAndByStream() throws Exception {
    Record alice = record("users", 1);
    Record order = record("orders", 2);
    Record bob = record("users", 3);
    sink.record(alice, USERS);
    sink.record(order, ORDERS);
    sink.record(bob, USERS);

    assertThat(sink.records()).containsExactly(alice, order, bob);
    assertThat(sink.records("users")).containsExactly(alice, bob);
    assertThat(sink.records("orders")).containsExactly(order);
    assertThat(sink.records("unknown")).isEmpty();
  }

  @Test
  void logsEventsInCallOrderAndCountsFlushesPerStream() throws Exception {
    sink.record(record("users", 1), USERS);
    sink.flush(USERS);
    sink.state(state("users", "c1"));
    sink.record(record("orders", 2), ORDERS);
    sink.flush(ORDERS);
    sink.flush(USERS);
    sink.state(state("orders", "c2"));

    assertThat(sink.events()).containsExactly(
        "record:users", "flush:users", "state", "record:orders", "flush:orders", "flush:users", "state");
    assertThat(sink.flushes("users")).isEqualTo(2);
    assertThat(sink.flushes("orders")).isEqualTo(1);
    assertThat(sink.flushes("never")).isZero();
  }

  @Test
  void keepsStatesAndReturnsTheLastOne() throws Exception {
    State first = state("users", "c1");
    State second = state("users", "c2");
    sink.state(first);
    sink.state(second);

    assertThat(sink.states()).containsExactly(first, second);
    assertThat(sink.lastState()).isEqualTo(second);
  }

  @Test
  void lastStateWithoutAnyStateExplainsWhatArrived() throws Exception {
    sink.record(record("users", 1), USERS);

    assertThatThrownBy(sink::lastState)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no state")
        .hasMessageContaining("1 record(s)");
  }

  @Test
  void snapshotsAreImmutableAndDoNotFollowLaterCalls() throws Exception {
    sink.record(record("users", 1), USERS);
    List<Record> records = sink.records();
    List<String> events = sink.events();
    List<State> states = sink.states();

    sink.record(record("users", 2), USERS);

    assertThat(records).hasSize(1);
    assertThat(events).hasSize(1);
    assertThatThrownBy(() -> records.add(record("users", 9))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> events.clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> states.add(State.empty())).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> sink.records("users").clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void clearForgetsEverythingIncludingArmedFaults() throws Exception {
    sink.failOnRecord(1, new IOException("armed"));
    sink.record(record("users", 1), USERS);
    sink.flush(USERS);
    sink.state(State.empty());

    sink.clear();

    assertThat(sink.records()).isEmpty();
    assertThat(sink.states()).isEmpty();
    assertThat(sink.events()).isEmpty();
    assertThat(sink.flushes("users")).isZero();
    sink.record(record("users", 2), USERS); // call index 0 again, and the fault at 1 is gone
    sink.record(record("users", 3), USERS);
    assertThat(sink.records()).hasSize(2);
  }

  @Test
  void awaitRecordsReturnsTrueWhenAnotherThreadDelivers() throws Exception {
    ExecutorService producer = Executors.newSingleThreadExecutor();
    try {
      Future<?> delivered = producer.submit(() -> {
        for (int i = 0; i < 50; i++) {
          sink.record(record("users", i), USERS);
        }
        return null;
      });

      assertThat(sink.awaitRecords(50, Duration.ofSeconds(10))).isTrue();
      assertThat(sink.records()).hasSize(50);
      delivered.get(10, TimeUnit.SECONDS);
    } finally {
      producer.shutdownNow();
      assertThat(producer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void awaitRecordsWakesAWaiterThatStartedFirst() throws Exception {
    CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
      try {
        return sink.awaitRecords(2, Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });

    sink.record(record("users", 1), USERS);
    sink.record(record("users", 2), USERS);

    assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void awaitRecordsTimesOutWithFalse() throws Exception {
    sink.record(record("users", 1), USERS);
    long start = System.nanoTime();

    boolean arrived = sink.awaitRecords(2, Duration.ofMillis(200));

    assertThat(arrived).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
  }

  @Test
  void awaitRecordsAlreadySatisfiedReturnsAtOnceEvenWithZeroTimeout() throws Exception {
    sink.record(record("users", 1), USERS);

    assertThat(sink.awaitRecords(1, Duration.ZERO)).isTrue();
    assertThat(sink.awaitRecords(0, Duration.ZERO)).isTrue();
    assertThat(sink.awaitRecords(2, Duration.ZERO)).isFalse();
  }

  @Test
  void awaitRecordsAcceptsAHugeTimeoutWithoutOverflow() throws Exception {
    sink.record(record("users", 1), USERS);

    assertThat(sink.awaitRecords(1, Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
  }

  @Test
  void awaitRecordsHonoursInterruption() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> sink.awaitRecords(1, Duration.ofSeconds(10)))
          .isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted(); // never leak the flag into the next test
    }
  }

  @Test
  void awaitStatesWaitsForStates() throws Exception {
    assertThat(sink.awaitStates(1, Duration.ofMillis(50))).isFalse();
    sink.state(State.empty());
    assertThat(sink.awaitStates(1, Duration.ZERO)).isTrue();
  }

  @Test
  void failOnRecordThrowsOnceAtTheChosenCallAndKeepsNoTrace() throws Exception {
    IOException diskFull = new IOException("disk full");
    sink.failOnRecord(1, diskFull);

    sink.record(record("users", 1), USERS);
    assertThatThrownBy(() -> sink.record(record("users", 2), USERS)).isSameAs(diskFull);
    sink.record(record("users", 3), USERS);

    assertThat(sink.records()).extracting(r -> r.data().get("id")).containsExactly(1, 3);
    assertThat(sink.events()).containsExactly("record:users", "record:users");
  }

  @Test
  void failOnFlushAndFailOnStateThrowAtTheChosenCall() throws Exception {
    IllegalStateException stateStoreDown = new IllegalStateException("state store down");
    sink.failOnFlush(0, new IOException("flush failed")).failOnState(1, stateStoreDown);

    assertThatThrownBy(() -> sink.flush(USERS)).hasMessage("flush failed");
    sink.flush(USERS);
    sink.state(State.empty());
    assertThatThrownBy(() -> sink.state(State.empty())).isSameAs(stateStoreDown);

    assertThat(sink.flushes("users")).isEqualTo(1);
    assertThat(sink.states()).hasSize(1);
    assertThat(sink.events()).containsExactly("flush:users", "state");
  }

  @Test
  void faultHooksRejectBadArguments() {
    assertThatThrownBy(() -> sink.failOnRecord(-1, new IOException()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sink.failOnState(0, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void concurrentProducersLoseNothing() throws Exception {
    int threads = 4;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Stream stream = stream("t" + t);
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            sink.record(record(stream.name(), i), stream);
            sink.flush(stream);
          }
          return null;
        }));
      }
      assertThat(sink.awaitRecords(threads * perThread, Duration.ofSeconds(30))).isTrue();
      for (Future<?> future : done) {
        future.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(sink.records()).hasSize(threads * perThread);
    assertThat(sink.events()).hasSize(2 * threads * perThread);
    for (int t = 0; t < threads; t++) {
      assertThat(sink.records("t" + t)).hasSize(perThread);
      assertThat(sink.flushes("t" + t)).isEqualTo(perThread);
    }
  }

  static Stream stream(String name) {
    return new Stream("", name, "db:" + name, StreamSchema.of(Map.of()), name,
        new MetadataCollection(List.of()), List.of(), List.of());
  }

  private static Record record(String stream, int id) {
    return new Record(stream, Operation.INSERT, Map.of("id", id), null, Instant.EPOCH,
        new RecordPosition("ks", "-", "", id));
  }

  private static State state(String stream, String cursor) {
    return State.empty().with(stream, new ShardStates(Map.of("-", new SerializedCursor(cursor))));
  }
}
