package io.planetscale.cdc;

import static io.planetscale.cdc.TestStreams.INTEGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Checkpoints, listener, parallel shards and stale-cursor restarts of the options-driven sync. */
class SyncOptionsTest {
  private final PlanetScaleSource source = PlanetScaleSource.builder().host("h").database("ks").build();
  private final FakeMysqlAccess mysql = new FakeMysqlAccess("ks");
  private final CapturingSink sink = new CapturingSink();
  private final Stream items = TestStreams.named("items").selected().key("id", INTEGER, true).build();

  private static QueryResult id(long id) {
    return new QueryResult(List.of(Field.of("id", VitessType.INT64)),
        List.of(List.of(Value.of(VitessType.INT64, Long.toString(id)))));
  }

  /** Each read delivers {@code rows} rows, a cursor after each. */
  private static FakeEdgeDatabase rowsWithCursors(int rows) {
    return new FakeEdgeDatabase(p -> {
      TableCursor c = p.lastKnownPosition();
      for (int i = 1; i <= rows; i++) {
        p.onResult().onResult(id(i), Operation.INSERT, null);
        c = c.withPosition("MySQL56/u:1-" + i);
        p.onCursor().onCursor(c);
      }
      return SerializedCursor.of(c);
    });
  }

  private State sync(FakeEdgeDatabase edge, SyncOptions options, State state) {
    return PlanetScaleCdc.sync(mysql, edge, source, new Catalog(List.of(items)), state, sink,
        options.toBuilder().logger(new CapturingLogger()).build());
  }

  @Test
  void checkpointsEveryNRecordsAfterAFlush() {
    sync(rowsWithCursors(10), SyncOptions.builder().checkpointEveryRows(3).checkpointInterval(null).build(), null);
    // Checkpoints after records 3, 6, 9, then the shard's state and the final one.
    assertThat(sink.states).hasSize(5);
    assertThat(sink.states.get(0).streams().get("items").shards().get("-").toTableCursor().position())
        .isEqualTo("MySQL56/u:1-3");
    int firstState = sink.events.indexOf("state");
    assertThat(sink.events.get(firstState - 1)).isEqualTo("flush:items");
    assertThat(sink.events.subList(0, firstState).stream().filter(e -> e.startsWith("record")).count()).isEqualTo(3);
  }

  @Test
  void goCompatibleOptionsHandOneStatePerShardPlusFinal() {
    sync(rowsWithCursors(10), SyncOptions.goCompatible(), null);
    assertThat(sink.states).hasSize(2);
  }

  @Test
  void checkpointIntervalFiresOnlyWhenRecordsArrived() {
    sync(rowsWithCursors(4), SyncOptions.builder().checkpointEveryRows(0).checkpointInterval(Duration.ofNanos(1))
        .build(), null);
    assertThat(sink.states).hasSize(6); // each of the 4 cursors follows a record, then shard + final
    sink.states.clear();
    sync(FakeEdgeDatabase.echo(), SyncOptions.builder().checkpointInterval(Duration.ofNanos(1)).build(), null);
    assertThat(sink.states).hasSize(2);
  }

  @Test
  void listenerSeesStreamsShardsCursorsAndCounts() {
    List<String> events = new ArrayList<>();
    SyncListener listener = new SyncListener() {
      @Override
      public void streamStarted(Stream stream, boolean incremental) {
        events.add("stream " + stream.name() + " " + incremental);
      }

      @Override
      public void shardStarted(String stream, String shard, TableCursor from) {
        events.add("shard " + shard);
      }

      @Override
      public void cursorAdvanced(String stream, String shard, TableCursor cursor, ShardCounts soFar) {
        events.add("cursor " + soFar.inserts());
      }

      @Override
      public void shardFinished(String stream, String shard, ShardCounts counts) {
        events.add("done " + counts);
      }

      @Override
      public void streamFinished(String stream, ShardCounts counts) {
        events.add("stream done " + counts.total());
      }
    };
    sync(rowsWithCursors(2), SyncOptions.builder().listener(listener).build(), null);
    assertThat(events).containsExactly("stream items true", "shard -", "cursor 1", "cursor 2",
        "done ShardCounts[inserts=2, updates=0, deletes=0]", "stream done 2");
  }

  @Test
  void shardsReadInParallelNeverCallTheSinkConcurrently() throws Exception {
    mysql.shards = new ArrayList<>(List.of("-40", "40-80", "80-c0", "c0-"));
    CountDownLatch allReading = new CountDownLatch(4);
    AtomicInteger inSink = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      threads.add(Thread.currentThread().getName());
      allReading.countDown();
      try {
        assertThat(allReading.await(10, TimeUnit.SECONDS)).as("all four shards read at once").isTrue();
      } catch (InterruptedException e) {
        throw new PlanetScaleCdcException("interrupted", e);
      }
      TableCursor c = p.lastKnownPosition();
      for (int i = 1; i <= 50; i++) {
        p.onResult().onResult(id(i), Operation.INSERT, null);
        c = c.withPosition("MySQL56/u:1-" + i);
        p.onCursor().onCursor(c);
      }
      return SerializedCursor.of(c);
    });
    RecordSink guarded = new RecordSink() {
      @Override
      public void record(Record r, Stream s) throws Exception {
        if (inSink.incrementAndGet() > 1) {
          overlaps.incrementAndGet();
        }
        sink.record(r, s);
        inSink.decrementAndGet();
      }

      @Override
      public void state(State st) throws Exception {
        sink.state(st);
      }
    };
    State end = PlanetScaleCdc.sync(mysql, edge, source, new Catalog(List.of(items)), null, guarded,
        SyncOptions.builder().shardParallelism(4).checkpointEveryRows(0).logger(new CapturingLogger()).build());
    assertThat(overlaps).hasValue(0);
    assertThat(threads).hasSize(4);
    assertThat(sink.records).hasSize(200);
    assertThat(end.streams().get("items").shards()).hasSize(4);
    assertThat(sink.states).hasSize(5);
    // Each shard's records stay in order.
    for (String shard : List.of("-40", "40-80", "80-c0", "c0-")) {
      List<Long> ids = new ArrayList<>();
      sink.records.stream().filter(r -> r.position().shard().equals(shard)).forEach(r -> ids.add((Long) r.data().get("id")));
      List<Long> sorted = new ArrayList<>(ids);
      Collections.sort(sorted);
      assertThat(ids).hasSize(50).isEqualTo(sorted);
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("planetscale-cdc-sync-"));
  }

  @Test
  void aFailingShardCancelsTheOthersAndItsErrorWins() {
    mysql.shards = new ArrayList<>(List.of("-80", "80-"));
    CountDownLatch never = new CountDownLatch(1);
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      if (p.lastKnownPosition().shard().equals("80-")) {
        throw new ConnectionException("UNAVAILABLE: shard 80- is down");
      }
      try {
        never.await(); // blocks until interrupted by the cancellation
        throw new AssertionError("not interrupted");
      } catch (InterruptedException e) {
        throw new PlanetScaleCdcException("interrupted while reading", e);
      }
    });
    assertThatThrownBy(() -> PlanetScaleCdc.sync(mysql, edge, source, new Catalog(List.of(items)), null, sink,
        SyncOptions.builder().shardParallelism(2).logger(new CapturingLogger()).build()))
        .isInstanceOf(ConnectionException.class).hasMessageContaining("shard 80- is down");
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("planetscale-cdc-sync-"));
  }

  @Test
  void staleCursorRestartsAFullCopyWhenAsked() {
    State saved = State.empty().with("items", new ShardStates(java.util.Map.of("-",
        SerializedCursor.of(TableCursor.of("-", "ks", "MySQL56/u:1-5")))));
    List<String> positions = new ArrayList<>();
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      positions.add(p.lastKnownPosition().position());
      if (!p.lastKnownPosition().position().isEmpty()) {
        throw new StaleCursorException("items", "-", p.lastKnownPosition().position(), null);
      }
      p.onResult().onResult(id(1), Operation.INSERT, null);
      return SerializedCursor.of(p.lastKnownPosition().withPosition("MySQL56/u:1-9"));
    });
    CapturingLogger logger = new CapturingLogger();
    State end = PlanetScaleCdc.sync(mysql, edge, source, new Catalog(List.of(items)), saved, sink,
        SyncOptions.builder().restartOnStaleCursor(true).logger(logger).build());
    assertThat(positions).containsExactly("MySQL56/u:1-5", "");
    assertThat(sink.records).hasSize(1);
    assertThat(end.streams().get("items").shards().get("-").toTableCursor().position()).isEqualTo("MySQL56/u:1-9");
    assertThat(logger.errors).singleElement().asString().contains("stale");
  }

  @Test
  void staleCursorFailsByDefault() {
    State saved = State.empty().with("items", new ShardStates(java.util.Map.of("-",
        SerializedCursor.of(TableCursor.of("-", "ks", "MySQL56/u:1-5")))));
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      throw new StaleCursorException("items", "-", p.lastKnownPosition().position(), null);
    });
    assertThatThrownBy(() -> sync(edge, SyncOptions.defaults(), saved)).isInstanceOf(StaleCursorException.class);
  }

  @Test
  void invalidOptionsAreRejected() {
    assertThatThrownBy(() -> SyncOptions.builder().shardParallelism(0)).hasMessageContaining("shardParallelism");
    assertThatThrownBy(() -> SyncOptions.builder().checkpointEveryRows(-1)).hasMessageContaining("checkpointEveryRows");
    assertThatThrownBy(() -> SyncOptions.builder().checkpointInterval(Duration.ofSeconds(-1)))
        .hasMessageContaining("checkpointInterval");
    assertThat(SyncOptions.defaults().checkpointEveryRows()).isEqualTo(10_000);
    assertThat(SyncOptions.goCompatible().checkpointEveryRows()).isZero();
    assertThat(SyncOptions.goCompatible().checkpointInterval()).isNull();
  }
}
