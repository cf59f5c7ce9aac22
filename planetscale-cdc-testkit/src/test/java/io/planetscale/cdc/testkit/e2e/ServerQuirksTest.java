package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.State;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.ChangeStream;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.grpc.ConnectEdgeDatabase;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The sync and the change stream against what a real server may do and a kind fake would not: one
 * position repeated over several responses, a peek answering an empty position, slow responses. On
 * VStream a position repeats as VGTIDs repeated over responses of one event each
 * ({@code repeatVgtids}); the empty peek answer is a quirk of the fake's Sync side only.
 */
class ServerQuirksTest {
  /** Settle long enough that a busy machine does not split responses that follow one another. */
  private static final ReadOptions OPTIONS = E2e.fast().withSettleInterval(Duration.ofMillis(500));

  /**
   * Every position in several consecutive responses: Sync's repeated cursors (a transaction's changes
   * one per response, each with its cursor); VStream's repeated VGTIDs, in responses of one event.
   */
  private static void repeatPositions(FakePlanetScale fake, int times) {
    fake.faults().repeatCursorPositions(times);
    fake.faults().vstream().repeatVgtids(times);
    fake.vstream().maxEventsPerResponse(1);
  }

  private static List<Map<String, ?>> rows(long from, long to) {
    List<Map<String, ?>> rows = new ArrayList<>();
    for (long id = from; id <= to; id++) {
      rows.add(Map.of("id", id, "note", "x" + id));
    }
    return rows;
  }

  @ParameterizedTest(name = "{0}: the position repeated over {1} responses")
  @CsvSource({"VSTREAM,2", "VSTREAM,3", "VSTREAM,5", "PSDBCONNECT,2", "PSDBCONNECT,3", "PSDBCONNECT,5"})
  void syncReadsEveryResponseAtTheStopPosition(Transport transport, int times) {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").build().start();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      E2e.orders(fake, 5);
      Catalog catalog = E2e.catalog(fake);
      State state = E2e.sync(fake, edge, fake.source(), catalog, State.empty(), new RecordingSink(), OPTIONS);
      E2e.quiesce(fake);
      repeatPositions(fake, times);
      fake.insertAll("orders", rows(6, 8)); // one transaction: three responses at its position
      String stop = fake.position("-");

      RecordingSink sink = new RecordingSink();
      State end = E2e.sync(fake, edge, fake.source(), catalog, state, sink, OPTIONS);

      assertThat(sink.records()).extracting(r -> r.data().get("id")).containsExactly(6L, 7L, 8L);
      assertThat(end.streams().get("orders").shards().get("-").toTableCursor().position()).isEqualTo(stop);
      assertThat(new HashSet<>(sink.records().stream().map(Record::position).toList())).hasSize(3);
    }
  }

  /**
   * A sink slower than the settle interval: responses at the stop position that arrived while the
   * sink was busy are still read (the settle interval counts from the end of a delivery, and what
   * already arrived is read before the read ends).
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void aSinkSlowerThanTheSettleIntervalLosesNoResponseAtTheStopPosition(Transport transport) {
    ReadOptions shortSettle = E2e.fast().withSettleInterval(Duration.ofMillis(20));
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").build().start();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      E2e.orders(fake, 5);
      Catalog catalog = E2e.catalog(fake);
      State state = E2e.sync(fake, edge, fake.source(), catalog, State.empty(), new RecordingSink(), shortSettle);
      E2e.quiesce(fake);
      repeatPositions(fake, 3);
      fake.insertAll("orders", rows(6, 8)); // one transaction: three responses at its position
      List<Record> got = new ArrayList<>();
      io.planetscale.cdc.RecordSink slow = new io.planetscale.cdc.RecordSink() {
        @Override
        public void record(Record record, io.planetscale.cdc.Stream stream) throws Exception {
          got.add(record);
          Thread.sleep(200); // a slow sink, ten times the settle interval (not a wait for anything)
        }

        @Override
        public void state(State s) {}
      };
      E2e.sync(fake, edge, fake.source(), catalog, state, slow, shortSettle);

      assertThat(got).extracting(r -> r.data().get("id")).containsExactly(6L, 7L, 8L);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void changeStreamStopAtReadsEveryResponseAtTheStopPosition(Transport transport) {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").build().start()) {
      E2e.orders(fake, 2);
      Catalog catalog = E2e.catalog(fake);
      TableCursor start = TableCursor.of("-", "shop", fake.position("-"));
      repeatPositions(fake, 3);
      fake.insertAll("orders", rows(3, 5));
      String stop = fake.position("-");
      List<Record> got = new ArrayList<>();
      try (ChangeStream s = ChangeStream.builder(fake.source(), catalog.stream("orders").orElseThrow())
          .transport(transport)
          .startAt(start).stopAt(stop).connectOptions(ConnectOptions.builder().readOptions(OPTIONS).build())
          .build()) {
        assertThat(s.run(got::add).position()).isEqualTo(stop);
      }
      assertThat(got).extracting(r -> r.data().get("id")).containsExactly(3L, 4L, 5L);
      assertThat(got).extracting(Record::position).containsExactly(new RecordPosition("shop", "-", stop, 0),
          new RecordPosition("shop", "-", stop, 1), new RecordPosition("shop", "-", stop, 2));
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void changeStreamStopAtEndsAtOnceWhenTheCallDropsRightAfterTheStopPosition(Transport transport) {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").build().start()) {
      E2e.orders(fake, 2);
      Catalog catalog = E2e.catalog(fake);
      TableCursor start = TableCursor.of("-", "shop", fake.position("-"));
      fake.insertAll("orders", rows(3, 5));
      String stop = fake.position("-");
      if (transport == Transport.VSTREAM) {
        fake.faults().vstream().endUnexpectedlyAfterResponses(1); // right after the transaction's response
      } else {
        fake.faults().dropStreamAfterRows(3); // right after the response whose cursor is the stop position
      }
      List<Record> got = new ArrayList<>();
      long t0 = System.nanoTime();
      try (ChangeStream s = ChangeStream.builder(fake.source(), catalog.stream("orders").orElseThrow())
          .transport(transport)
          .startAt(start).stopAt(stop).stopAfter(Duration.ofSeconds(30))
          .connectOptions(ConnectOptions.builder().readOptions(OPTIONS.withReadWindow(Duration.ofMillis(200)))
              .build()).build()) {
        assertThat(s.run(got::add).position()).isEqualTo(stop);
      }
      assertThat(got).hasSize(3);
      // Without the fix, windows from the stop position wait for changes until stopAfter (30 s).
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }

  /** psdbconnect only: the fake answers an empty position only to a Sync {@code "current"} call. */
  @Test
  void aPeekAnsweringAnEmptyPositionIsAnErrorNamingTheStreamAndShard() {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start();
        ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(fake.source(), ConnectOptions.defaults())) {
      E2e.orders(fake, 10);
      Catalog catalog = E2e.catalog(fake);
      State state = E2e.sync(fake, edge, fake.source(), catalog, State.empty(), new RecordingSink(), OPTIONS);
      E2e.quiesce(fake);
      fake.faults().peekAnswersEmptyPosition(true);
      fake.insert("orders", Map.of("id", 11L, "note", "late"));

      RecordingSink sink = new RecordingSink();
      assertThatThrownBy(() -> E2e.sync(fake, edge, fake.source(), catalog, state, sink, OPTIONS))
          .isInstanceOf(PlanetScaleCdcException.class)
          .hasMessageContaining("\"orders\"")
          .hasMessageContaining("shard \"-80\"")
          .hasMessageContaining("position []");
      assertThat(sink.states()).isEmpty();
    }
  }

  /** psdbconnect only: the fake answers an empty position only to a Sync {@code "current"} call. */
  @Test
  void aChangeStreamFromCurrentRefusesAnEmptyPositionInsteadOfCopyingTheTable() {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").build().start()) {
      E2e.orders(fake, 3);
      Catalog catalog = E2e.catalog(fake);
      fake.faults().peekAnswersEmptyPosition(true);
      List<Record> got = new ArrayList<>();
      try (ChangeStream s = ChangeStream.builder(fake.source(), catalog.stream("orders").orElseThrow())
          .transport(Transport.PSDBCONNECT)
          .mysql(fake.mysqlAccess()).startAtCurrent().stopAfter(Duration.ofSeconds(20))
          .connectOptions(ConnectOptions.builder().readOptions(OPTIONS).build()).build()) {
        assertThatThrownBy(() -> s.run(got::add)).isInstanceOf(PlanetScaleCdcException.class)
            .hasMessageContaining("\"orders\"").hasMessageContaining("shard \"-\"")
            .hasMessageContaining("position []");
      }
      assertThat(got).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void slowResponsesAcrossManyReadWindowsLoseNothing(Transport transport) {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").rowsPerResponse(4).build().start();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      Map<Long, String> rows = E2e.orders(fake, 60);
      Catalog catalog = E2e.catalog(fake);
      fake.faults().delayResponsesAfter(2, Duration.ofMillis(15));
      fake.vstream().copyBatchRows(4).beforeCopyBatch((shard, table, batches) -> {
        if (batches >= 2) {
          E2e.pace(Duration.ofMillis(15));
        }
      });
      RecordingSink sink = new RecordingSink();
      State state = E2e.sync(fake, edge, fake.source(), catalog, State.empty(), sink,
          OPTIONS.withReadWindow(Duration.ofMillis(100)));
      assertThat(E2e.replay(Map.of(), sink.records())).isEqualTo(rows);
      assertThat(E2e.calls(transport, fake)).as("several read windows").isGreaterThan(2);
      assertThat(new HashSet<>(sink.records().stream().map(Record::position).toList())).hasSize(
          (int) sink.records().stream().map(r -> r.data().get("id")).distinct().count());
      assertThat(state.streams().get("orders").shards().get("-").toTableCursor().isCopying()).isFalse();
    }
  }
}
