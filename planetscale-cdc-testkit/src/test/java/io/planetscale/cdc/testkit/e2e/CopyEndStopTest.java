package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.State;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingLogger;
import io.planetscale.cdc.testkit.RecordingSink;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A copy ends the read as soon as its last row is in: the copy read the table as of its own
 * position, which contains the stop position, so no settle interval is waited after it (on
 * psdbconnect, whose incremental stops do wait one). The settle interval here is a minute, longer
 * than any copy in these tests takes, so a read that waited it would time out.
 */
class CopyEndStopTest {
  private static final ReadOptions MINUTE_SETTLE = E2e.fast().withSettleInterval(Duration.ofMinutes(1));
  private static final Duration WELL_UNDER_THE_SETTLE = Duration.ofSeconds(30);

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aFirstCopyEndsAtItsLastRowWithoutWaitingTheSettleInterval(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7); EdgeDatabase edge = E2e.edge(transport, fake)) {
      Map<Long, String> expected = E2e.orders(fake, 60);
      Catalog catalog = E2e.catalog(fake);
      Map<String, String> positions = Map.of("-80", fake.position("-80"), "80-", fake.position("80-"));
      RecordingSink sink = new RecordingSink();

      State end = assertTimeoutPreemptively(WELL_UNDER_THE_SETTLE,
          () -> E2e.sync(fake, edge, fake.source(), catalog, State.empty(), sink, MINUTE_SETTLE));

      Map<Long, String> got = new TreeMap<>();
      for (Record r : sink.records()) {
        got.put((Long) r.data().get("id"), (String) r.data().get("note"));
      }
      assertThat(got).isEqualTo(expected);
      assertThat(sink.records()).hasSize(60);
      for (Map.Entry<String, String> shard : positions.entrySet()) {
        TableCursor cursor = end.streams().get("orders").shards().get(shard.getKey()).toTableCursor();
        assertThat(cursor.isCopying()).as("shard %s copy done", shard.getKey()).isFalse();
        assertThat(cursor.position()).isEqualTo(shard.getValue());
      }
    }
  }

  /** A copy resumed from a checkpoint ends the same way, at the position of its new snapshot. */
  @ParameterizedTest
  @ValueSource(strings = {"VSTREAM", "PSDBCONNECT"})
  void aResumedCopyEndsAtItsLastRowWithoutWaitingTheSettleInterval(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 5); EdgeDatabase edge = E2e.edge(transport, fake)) {
      Map<Long, String> expected = E2e.orders(fake, 40);
      Catalog catalog = E2e.catalog(fake);
      State halfway = copyUntilACheckpointInTheMiddle(fake, edge, catalog);
      RecordingSink sink = new RecordingSink();

      State end = assertTimeoutPreemptively(WELL_UNDER_THE_SETTLE,
          () -> E2e.sync(fake, edge, fake.source(), catalog, halfway, sink, MINUTE_SETTLE));

      assertThat(sink.records()).isNotEmpty().hasSizeLessThan(expected.size() + 1);
      assertThat(sink.records()).allSatisfy(r -> assertThat(expected).containsKey((Long) r.data().get("id")));
      for (String shard : fake.shardNames()) {
        assertThat(end.streams().get("orders").shards().get(shard).toTableCursor().isCopying()).isFalse();
      }
    }
  }

  /** Copies until the first state that still has a shard in its copy, and returns that state. */
  private static State copyUntilACheckpointInTheMiddle(FakePlanetScale fake, EdgeDatabase edge, Catalog catalog) {
    State[] middle = new State[1];
    RecordSink stopAtCopyCheckpoint = new RecordSink() {
      @Override
      public void record(Record record, Stream stream) {}

      @Override
      public void state(State state) {
        boolean copying = state.streams().get("orders").shards().values().stream()
            .anyMatch(s -> s.toTableCursor().isCopying());
        if (copying && middle[0] == null) {
          middle[0] = state;
          throw new IllegalStateException("stop in the middle of the copy");
        }
      }
    };
    try {
      PlanetScaleCdc.sync(fake.mysqlAccess(), edge, fake.source(), catalog, State.empty(), stopAtCopyCheckpoint,
          SyncOptions.builder().logger(new RecordingLogger()).readOptions(E2e.fast()).checkpointEveryRows(1)
              .readAhead(0).build());
    } catch (RuntimeException expected) {
      // the sink stopped the sync at the checkpoint
    }
    assertThat(middle[0]).as("a checkpoint in the middle of the copy").isNotNull();
    return middle[0];
  }
}
