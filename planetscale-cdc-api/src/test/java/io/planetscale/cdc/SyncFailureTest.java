package io.planetscale.cdc;

import static io.planetscale.cdc.TestStreams.INTEGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failures stop the sync, are never swallowed, and leave a state covering exactly the accepted records. */
class SyncFailureTest {
  private final PlanetScaleSource source = PlanetScaleSource.builder().host("h").database("ks").build();
  private final FakeMysqlAccess mysql = new FakeMysqlAccess("ks");
  private final CapturingSink sink = new CapturingSink();
  private final Stream items = TestStreams.named("items").selected().key("id", INTEGER, true).build();

  private static QueryResult ids(int... ids) {
    List<List<Value>> rows = new ArrayList<>();
    for (int id : ids) {
      rows.add(List.of(Value.of(VitessType.INT64, Integer.toString(id))));
    }
    return new QueryResult(List.of(Field.of("id", VitessType.INT64)), rows);
  }

  private static TableCursor at(String shard, String position) {
    return TableCursor.of(shard, "ks", position);
  }

  /** Two responses: ids 1,2 then cursor P1; ids 3,4 then cursor P2. */
  private final FakeEdgeDatabase twoBatches = new FakeEdgeDatabase(p -> {
    String shard = p.lastKnownPosition().shard();
    p.onResult().onResult(ids(1, 2), Operation.INSERT, null);
    p.onCursor().onCursor(at(shard, "MySQL56/u:1-2"));
    p.onResult().onResult(ids(3, 4), Operation.INSERT, null);
    p.onCursor().onCursor(at(shard, "MySQL56/u:1-4"));
    return SerializedCursor.of(at(shard, "MySQL56/u:1-4"));
  });

  private State sync(FakeEdgeDatabase edge) {
    return PlanetScaleCdc.sync(mysql, edge, new CapturingLogger(), source, new Catalog(List.of(items)), null, sink,
        TabletType.PRIMARY);
  }

  private static String position(State state) {
    return state.streams().get("items").shards().get("-").toTableCursor().position();
  }

  @Test
  void sinkRecordFailureReturnsTheLastFlushedState() {
    sink.failOnRecord = 3;
    SinkException e = org.junit.jupiter.api.Assertions.assertThrows(SinkException.class, () -> sync(twoBatches));
    assertThat(sink.records).hasSize(3);
    // Records 1 and 2 were flushed under cursor u:1-2; record 3 was accepted but no cursor covers it.
    assertThat(position(e.state())).isEqualTo("MySQL56/u:1-2");
    assertThat(e).hasMessageContaining("stream \"items\" shard \"-\"").hasCauseInstanceOf(java.io.IOException.class);
  }

  @Test
  void sinkFailureOnFirstRecordReturnsTheStartingState() {
    sink.failOnRecord = 0;
    SinkException e = org.junit.jupiter.api.Assertions.assertThrows(SinkException.class, () -> sync(twoBatches));
    assertThat(position(e.state())).isEmpty();
    assertThat(sink.states).isEmpty();
  }

  @Test
  void sinkFlushFailureDoesNotAdvanceTheState() {
    sink.failOnFlush = 1;
    SinkException e = org.junit.jupiter.api.Assertions.assertThrows(SinkException.class, () -> sync(twoBatches));
    assertThat(position(e.state())).isEqualTo("MySQL56/u:1-2");
    assertThat(e).hasMessageContaining("flush");
  }

  @Test
  void sinkStateFailureCarriesTheStateItRefused() {
    sink.failOnState = 0;
    SinkException e = org.junit.jupiter.api.Assertions.assertThrows(SinkException.class, () -> sync(twoBatches));
    assertThat(position(e.state())).isEqualTo("MySQL56/u:1-4");
    assertThat(sink.records).hasSize(4);
    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void edgeErrorPropagatesWithStreamAndShardAndKeepsItsKind() {
    FakeEdgeDatabase failing = new FakeEdgeDatabase(p -> {
      throw new ConnectionException("UNAVAILABLE: tablet unavailable");
    });
    assertThatThrownBy(() -> sync(failing))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("stream \"items\" shard \"-\"")
        .hasMessageContaining("tablet unavailable");
    assertThat(sink.states).isEmpty();
  }

  @Test
  void staleCursorPropagatesUnchanged() {
    StaleCursorException stale = new StaleCursorException("items", "-", "MySQL56/u:1-9", null);
    FakeEdgeDatabase failing = new FakeEdgeDatabase(p -> {
      throw stale;
    });
    assertThatThrownBy(() -> sync(failing)).isSameAs(stale);
    assertThat(stale.stream()).isEqualTo("items");
    assertThat(stale.getMessage()).contains("MySQL56/u:1-9").contains("full sync");
  }

  @Test
  void edgeReturningNoCursorIsAnError() {
    assertThatThrownBy(() -> sync(new FakeEdgeDatabase(p -> null)))
        .isInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("no cursor for stream \"items\" shard \"-\"");
  }

  @Test
  void errorOnSecondShardKeepsTheFirstShardsState() {
    mysql.shards = new ArrayList<>(List.of("-80", "80-"));
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      if (p.lastKnownPosition().shard().equals("80-")) {
        throw new PlanetScaleCdcException("INTERNAL: boom");
      }
      return SerializedCursor.of(p.lastKnownPosition().withPosition("MySQL56/first"));
    });
    assertThatThrownBy(() -> sync(edge)).hasMessageContaining("shard \"80-\"");
    assertThat(sink.states).hasSize(1);
    assertThat(sink.states.get(0).streams().get("items").shards().get("-80").toTableCursor().position())
        .isEqualTo("MySQL56/first");
  }

  @Test
  void interruptedThreadStopsBeforeTheNextShard() {
    mysql.shards = new ArrayList<>(List.of("-80", "80-"));
    FakeEdgeDatabase edge = new FakeEdgeDatabase(p -> {
      Thread.currentThread().interrupt();
      return SerializedCursor.of(p.lastKnownPosition());
    });
    try {
      assertThatThrownBy(() -> sync(edge)).hasMessageContaining("interrupted");
      assertThat(edge.reads).hasSize(1);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void sinkInterruptedExceptionRestoresTheInterruptFlag() {
    RecordSink interrupting = new RecordSink() {
      @Override
      public void record(Record r, Stream s) throws Exception {
        throw new InterruptedException("stop");
      }

      @Override
      public void state(State st) {}
    };
    try {
      assertThatThrownBy(() -> PlanetScaleCdc.sync(mysql, twoBatches, new CapturingLogger(), source,
          new Catalog(List.of(items)), null, interrupting, TabletType.PRIMARY)).isInstanceOf(SinkException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
