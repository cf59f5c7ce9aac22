package io.planetscale.cdc.testkit.e2e;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.grpc.Status;
import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.grpc.ChangeListener;
import io.planetscale.cdc.grpc.ChangeStream;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordedRequest;
import io.planetscale.cdc.testkit.RecordedVStreamRequest;
import io.planetscale.cdc.testkit.TableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ChangeStream} against FakePlanetScale over loopback: {@code run} executes on a second
 * thread, its callbacks go into a queue, and the test thread reads the queue with deadlines while
 * it changes data. Every scenario runs on both transports; where the request itself is checked, each
 * transport's own request is.
 */
class ChangeStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ConnectOptions FAST = ConnectOptions.builder()
      .retryPolicy(new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(100), 0))
      .settleInterval(Duration.ofMillis(100)).build();

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private FakePlanetScale fake;
  private Stream items;
  private Transport transport;

  @AfterEach
  void tearDown() throws InterruptedException {
    try {
      executor.shutdownNow();
      assertThat(executor.awaitTermination(WAIT.toMillis(), MILLISECONDS)).as("run() threads ended").isTrue();
    } finally {
      if (fake != null) {
        fake.close();
      }
    }
  }

  // ---- starting points ----

  @ParameterizedTest(name = "{0} tls={1}")
  @CsvSource({"VSTREAM,false", "VSTREAM,true", "PSDBCONNECT,false", "PSDBCONNECT,true"})
  void fromCurrentDeliversInsertsUpdatesAndDeletesInOrderWithCursors(Transport transport, boolean tls)
      throws Exception {
    start(transport, FakePlanetScale.builder().tls(tls));
    fake.insert("items", item(1)); // before the start: not delivered
    Collector c = new Collector();
    ChangeStream s = stream().build();
    try {
      Future<TableCursor> run = runAsync(s, c);
      TableCursor first = c.cursor();
      assertThat(first.position()).isEqualTo(fake.position("-"));
      String p1 = fake.insert("items", item(2));
      String p2 = fake.update("items", 2, Map.of("name", "two"));
      String p3 = fake.delete("items", 2);

      Record insert = c.record();
      assertThat(c.cursor().position()).isEqualTo(p1);
      Record update = c.record();
      assertThat(c.cursor().position()).isEqualTo(p2);
      Record delete = c.record();
      TableCursor last = c.cursor();
      assertThat(last.position()).isEqualTo(p3);

      assertThat(insert.operation()).isEqualTo(Operation.INSERT);
      assertThat(insert.stream()).isEqualTo("items");
      assertThat(insert.data()).containsEntry("id", 2L).containsEntry("name", "n2").containsKey("qty");
      assertThat(insert.before()).isNull();
      // A record's position is the one that covers it: its transaction's.
      assertThat(insert.position()).isEqualTo(new RecordPosition("fake", "-", p1, 0));
      assertThat(update.operation()).isEqualTo(Operation.UPDATE);
      assertThat(update.data()).containsEntry("id", 2L).containsEntry("name", "two");
      assertThat(update.before()).containsEntry("id", 2L).containsEntry("name", "n2");
      assertThat(update.position()).isEqualTo(new RecordPosition("fake", "-", p2, 0));
      assertThat(delete.operation()).isEqualTo(Operation.DELETE);
      assertThat(delete.data()).isEqualTo(Map.of("id", 2L));
      assertThat(delete.position()).isEqualTo(new RecordPosition("fake", "-", p3, 0));

      s.close();
      assertThat(get(run)).isEqualTo(last);
      assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
      assertThat(c.events).isEmpty();
      assertThat(position(0)).isEqualTo(TableCursor.CURRENT);
      if (transport == Transport.VSTREAM) {
        assertThat(fake.vstreamRequests().get(0).rules()).extracting(RecordedVStreamRequest.Rule::match)
            .containsExactly("items");
      } else {
        RecordedRequest request = fake.requests().get(0);
        assertThat(request.tableName()).isEqualTo("items");
        assertThat(request.includeInserts() && request.includeUpdates() && request.includeDeletes()).isTrue();
        assertThat(request.columns()).containsExactly("id", "name", "qty");
      }
    } finally {
      s.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void startAtBeginningCopiesTheTableAsInsertsThenStreamsChanges(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder().rowsPerResponse(4));
    fake.vstream().copyBatchRows(4);
    insertItems(1, 10);
    Collector c = new Collector();
    ChangeStream s = stream().startAtBeginning().build();
    try {
      Future<TableCursor> run = runAsync(s, c);
      List<Object> copy = c.until(e -> e instanceof TableCursor && !((TableCursor) e).isCopying());
      assertThat(records(copy)).extracting(Record::operation).containsOnly(Operation.INSERT);
      assertThat(ids(records(copy))).containsExactlyElementsOf(range(1, 10));
      assertThat(copy).filteredOn(e -> e instanceof TableCursor && ((TableCursor) e).isCopying()).hasSize(3);
      assertThat(((TableCursor) copy.get(copy.size() - 1)).position()).isEqualTo(fake.position("-"));

      fake.update("items", 3, Map.of("name", "three"));
      fake.insert("items", item(11));
      List<Record> changes = c.records(2);
      assertThat(changes).extracting(Record::operation).containsExactly(Operation.UPDATE, Operation.INSERT);
      assertThat(ids(changes)).containsExactly(3L, 11L);
      s.close();
      assertThat(get(run).isCopying()).isFalse();
      assertThat(position(0)).isEmpty();
    } finally {
      s.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void startAtACursorResumesExactlyAfterIt(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    insertItems(1, 3);
    Collector first = new Collector();
    TableCursor saved;
    ChangeStream s = stream().build();
    try {
      Future<TableCursor> run = runAsync(s, first);
      first.cursor();
      fake.insert("items", item(4));
      fake.insert("items", item(5));
      assertThat(ids(first.records(2))).containsExactly(4L, 5L);
      first.cursor();
      s.close();
      saved = get(run);
    } finally {
      s.close();
    }
    assertThat(saved.position()).isEqualTo(fake.position("-"));
    fake.insert("items", item(6));
    fake.update("items", 4, Map.of("qty", 44));
    String end = fake.delete("items", 5);

    Collector second = new Collector();
    try (ChangeStream again = stream().startAt(saved).stopAt(end).build()) {
      assertThat(get(runAsync(again, second)).position()).isEqualTo(end);
    }
    List<Record> resumed = records(new ArrayList<>(second.events));
    assertThat(resumed).extracting(Record::operation)
        .containsExactly(Operation.INSERT, Operation.UPDATE, Operation.DELETE);
    assertThat(ids(resumed)).containsExactly(6L, 4L, 5L);
    assertThat(resumed).extracting(r -> r.position().position()).doesNotContain(saved.position()).last()
        .isEqualTo(end);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void startAtACopyCursorResumesTheCopy(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder().rowsPerResponse(3));
    fake.vstream().copyBatchRows(3);
    insertItems(1, 10);
    List<Record> firstRecords = new ArrayList<>();
    TableCursor saved;
    try (ChangeStream s = stream().startAtBeginning().build()) {
      AtomicReference<ChangeStream> self = new AtomicReference<>(s);
      ChangeListener closeOnSecondCursor = new ChangeListener() {
        int cursors;

        @Override
        public void onRecord(Record record) {
          firstRecords.add(record);
        }

        @Override
        public void onCursor(TableCursor cursor) {
          if (++cursors == 2) {
            self.get().close(); // close() from inside a callback: no callback after this one
          }
        }
      };
      saved = get(runAsync(s, closeOnSecondCursor));
    }
    assertThat(saved.isCopying()).isTrue();
    assertThat(ids(firstRecords)).containsExactlyElementsOf(range(1, 6));

    Collector second = new Collector();
    try (ChangeStream s = stream().startAt(saved).stopAt(fake.position("-")).build()) {
      TableCursor done = get(runAsync(s, second));
      assertThat(done.isCopying()).isFalse();
    }
    assertThat(ids(records(new ArrayList<>(second.events)))).containsExactlyElementsOf(range(7, 10));
    if (transport == Transport.VSTREAM) {
      assertThat(fake.vstreamRequests().get(1).shardGtids().get(0).tablePks()).containsKey("items");
    } else {
      assertThat(fake.requests().get(1).cursor().lastKnownPk()).isNotNull();
    }
    // The copy resumes with its position and its key together, so changes to copied rows are not lost.
    assertThat(position(1)).isEqualTo(saved.position()).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aShardOtherThanTheDefaultStreamsOnlyThatShard(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder().shards("-80", "80-"));
    insertItems(1, 20);
    List<Long> expected = new ArrayList<>();
    for (long id = 1; id <= 20; id++) {
      if (fake.shardOf("items", id).equals("80-")) {
        expected.add(id);
      }
    }
    Collector c = new Collector();
    try (ChangeStream s = stream().shard("80-").startAtBeginning().stopAt(fake.position("80-")).build()) {
      assertThat(get(runAsync(s, c)).shard()).isEqualTo("80-");
    }
    List<Record> records = records(new ArrayList<>(c.events));
    assertThat(ids(records)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(records).extracting(r -> r.position().shard()).containsOnly("80-");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void recordsOfOneTransactionShareItsPositionNumberedFromZero(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    Collector c = new Collector();
    ChangeStream s = stream().build();
    try {
      Future<TableCursor> run = runAsync(s, c);
      c.cursor();
      fake.insertAll("items", List.of(item(1), item(2), item(3)));
      String tx = fake.position("-");
      assertThat(c.records(3)).extracting(Record::position).containsExactly(
          new RecordPosition("fake", "-", tx, 0), new RecordPosition("fake", "-", tx, 1),
          new RecordPosition("fake", "-", tx, 2));
      s.close();
      get(run);
    } finally {
      s.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void columnsTabletTypeAndCellsGoIntoTheRequest(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    insertItems(1, 2);
    Collector c = new Collector();
    try (ChangeStream s = stream().columns(List.of("id", "qty")).tabletType(TabletType.REPLICA)
        .cells(List.of("zone1")).startAtBeginning().stopAt(fake.position("-")).build()) {
      get(runAsync(s, c));
    }
    if (transport == Transport.VSTREAM) {
      // VStream selects every column and projects in the client (so a dropped column cannot break it).
      RecordedVStreamRequest request = fake.vstreamRequests().get(0);
      assertThat(request.tabletType()).isEqualTo(2); // topodata.TabletType.REPLICA
      assertThat(request.cells()).isEqualTo("zone1");
    } else {
      RecordedRequest request = fake.requests().get(0);
      assertThat(request.columns()).containsExactly("id", "qty");
      assertThat(request.tabletType()).isEqualTo(TabletType.REPLICA);
      assertThat(request.cells()).containsExactly("zone1");
    }
    assertThat(records(new ArrayList<>(c.events))).allSatisfy(r -> assertThat(r.data()).containsOnlyKeys("id", "qty"));
  }

  // ---- stopping ----

  @ParameterizedTest
  @EnumSource(Transport.class)
  void stopAtAFuturePositionReturnsOnceReachedWithThatCursor(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    String stop = advance(fake.position("-"), 2);
    Collector c = new Collector();
    try (ChangeStream s = stream().stopAt(stop).build()) {
      Future<TableCursor> run = runAsync(s, c);
      c.cursor();
      fake.insert("items", item(1));
      assertThat(run.isDone()).isFalse();
      fake.insert("items", item(2));
      TableCursor last = get(run);
      assertThat(last.position()).isEqualTo(stop);
    }
    fake.insert("items", item(3));
    assertThat(ids(records(new ArrayList<>(c.events)))).containsExactly(1L, 2L);
    assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void stopAtAPositionOfAnotherTablesTransactionStopsOnTheCursorAlone(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    fake.createTable(TableSpec.builder("other").column("id", "bigint").primaryKey("id").build());
    String stop = advance(fake.position("-"), 1);
    Collector c = new Collector();
    try (ChangeStream s = stream().stopAt(stop).build()) {
      Future<TableCursor> run = runAsync(s, c);
      c.cursor();
      fake.insert("other", Map.of("id", 1));
      assertThat(get(run).position()).isEqualTo(stop);
    }
    assertThat(records(new ArrayList<>(c.events))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void stopAtAPositionTheStartCursorAlreadyReachedReturnsWithoutCalling(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    insertItems(1, 2);
    TableCursor at = TableCursor.of("-", "fake", fake.position("-"));
    try (ChangeStream s = stream().startAt(at).stopAt(at.position()).build()) {
      assertThat(s.run(new Collector())).isEqualTo(at);
    }
    assertThat(E2e.calls(transport, fake)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void stopAfterReturnsOnceTheDurationPassed(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    Collector c = new Collector();
    try (ChangeStream s = stream().stopAfter(Duration.ofMillis(500)).build()) {
      long started = System.nanoTime();
      Future<TableCursor> run = runAsync(s, c);
      TableCursor first = c.cursor();
      assertThat(get(run)).isEqualTo(first);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(450), Duration.ofSeconds(5));
    }
    assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closeFromAnotherThreadStopsANeverEndingStream(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    CountDownLatch running = new CountDownLatch(1);
    ChangeListener listener = new ChangeListener() {
      @Override
      public void onRecord(Record record) {}

      @Override
      public void onCursor(TableCursor cursor) {
        running.countDown();
      }
    };
    ChangeStream s = stream().build();
    Future<TableCursor> run = runAsync(s, listener);
    assertThat(running.await(WAIT.toMillis(), MILLISECONDS)).isTrue();
    assertThat(fake.openStreams()).isEqualTo(1);
    s.close();
    s.close(); // idempotent
    assertThat(get(run).position()).isEqualTo(fake.position("-"));
    assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
    assertThatThrownBy(() -> s.run(listener)).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closeBeforeRunMakesRunReturnTheStartCursorWithoutCalling(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    ChangeStream s = stream().build();
    s.close();
    assertThat(s.run(new Collector())).isEqualTo(TableCursor.of("-", "fake", TableCursor.CURRENT));
    assertThat(E2e.calls(transport, fake)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void interruptStopsTheStreamAndKeepsTheFlag(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    Collector c = new Collector();
    AtomicReference<Thread> runner = new AtomicReference<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    try (ChangeStream s = stream().build()) {
      Future<TableCursor> run = executor.submit(() -> {
        runner.set(Thread.currentThread());
        try {
          return s.run(c);
        } finally {
          flagKept.set(Thread.currentThread().isInterrupted());
        }
      });
      c.cursor();
      runner.get().interrupt();
      assertThat(failure(run)).isInstanceOf(PlanetScaleCdcException.class).hasMessageContaining("interrupted")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(flagKept).isTrue();
    }
    assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
  }

  // ---- windows, retries and failures ----

  @ParameterizedTest
  @EnumSource(Transport.class)
  void readWindowsChainFromTheLastCursorAndDeliverEveryChangeOnce(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    Collector c = new Collector();
    ConnectOptions shortWindows = FAST.toBuilder().readWindow(Duration.ofMillis(300)).build();
    ChangeStream s = stream().connectOptions(shortWindows).build();
    try {
      Future<TableCursor> run = runAsync(s, c);
      c.cursor();
      for (long id = 1; id <= 5; id++) {
        int calls = E2e.calls(transport, fake);
        awaitTrue(() -> E2e.calls(transport, fake) > calls, "a new read window");
        fake.insert("items", item(id));
      }
      assertThat(ids(c.records(5))).containsExactly(1L, 2L, 3L, 4L, 5L);
      s.close();
      assertThat(get(run).position()).isEqualTo(fake.position("-"));
    } finally {
      s.close();
    }
    assertThat(records(new ArrayList<>(c.events))).isEmpty();
    List<String> positions = E2e.requestedPositions(transport, fake);
    assertThat(positions.size()).isGreaterThanOrEqualTo(6);
    assertThat(positions.subList(1, positions.size())).allSatisfy(p -> assertThat(p).startsWith("MySQL56/"));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aStreamDroppedDuringTheCopyResumesFromTheLastCursorWithoutLoss(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder().rowsPerResponse(10));
    List<Map<String, ?>> rows = new ArrayList<>();
    for (long id = 1; id <= 100; id++) {
      rows.add(item(id));
    }
    fake.insertAll("items", rows);
    if (transport == Transport.VSTREAM) {
      fake.vstream().copyBatchRows(10);
      fake.faults().vstream().endUnexpectedlyAfterResponses(5); // [BEGIN FIELD], [VGTID], 3 batches
    } else {
      fake.faults().dropStreamAfterRows(35);
    }
    Collector c = new Collector();
    try (ChangeStream s = stream().startAtBeginning().stopAt(fake.position("-")).build()) {
      assertThat(get(runAsync(s, c)).isCopying()).isFalse();
    }
    List<Record> records = records(new ArrayList<>(c.events));
    assertThat(ids(records).stream().collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(range(1, 100));
    assertThat(records.size()).isLessThanOrEqualTo(100 + 10); // duplicates only within the resumed batch
    assertThat(E2e.calls(transport, fake)).isEqualTo(2);
    assertThat(E2e.copyResumes(transport, fake)).isOne();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anUnavailableResponseIsRetriedFromTheLastCursor(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    Collector c = new Collector();
    ChangeStream s = stream().build();
    try {
      Future<TableCursor> run = runAsync(s, c);
      TableCursor first = c.cursor();
      // The next response of the running call (VStream: it has sent at least the start position).
      E2e.failResponse(transport, fake, 1, 1, Status.Code.UNAVAILABLE, "tablet restarting");
      String p1 = fake.insert("items", item(1));
      Record r = c.record();
      assertThat(r.data()).containsEntry("id", 1L);
      assertThat(r.position()).isEqualTo(new RecordPosition("fake", "-", p1, 0));
      assertThat(c.cursor().position()).isEqualTo(p1);
      s.close();
      get(run);
    } finally {
      s.close();
    }
    assertThat(records(new ArrayList<>(c.events))).isEmpty();
    assertThat(E2e.calls(transport, fake)).isEqualTo(2);
    assertThat(position(1)).isNotEqualTo(TableCursor.CURRENT);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closeEndsARetryWaitAtOnce(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    E2e.failResponse(transport, fake, 1, 0, Status.Code.UNAVAILABLE, "tablet restarting"); // the first response
    ConnectOptions slowRetry = FAST.toBuilder()
        .retryPolicy(new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofMinutes(1), 0)).build();
    ChangeStream s = stream().connectOptions(slowRetry).build();
    try {
      Future<TableCursor> run = runAsync(s, new Collector());
      awaitTrue(() -> E2e.calls(transport, fake) == 1, "the first call");
      assertThat(fake.awaitOpenStreams(0, WAIT)).as("the failed call ended").isTrue();
      long closing = System.nanoTime();
      s.close();
      assertThat(get(run).position()).isEqualTo(TableCursor.CURRENT); // no cursor was ever delivered
      assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
      assertThat(E2e.calls(transport, fake)).isOne();
    } finally {
      s.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void stopAfterEndsARetryWait(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    E2e.failResponse(transport, fake, 1, 0, Status.Code.UNAVAILABLE, "tablet restarting"); // the first response
    ConnectOptions slowRetry = FAST.toBuilder()
        .retryPolicy(new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofMinutes(1), 0)).build();
    try (ChangeStream s = stream().connectOptions(slowRetry).stopAfter(Duration.ofMillis(300)).build()) {
      long started = System.nanoTime();
      get(runAsync(s, new Collector()));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
    assertThat(E2e.calls(transport, fake)).isOne();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void withoutRetriesUnavailableIsAConnectionException(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    E2e.failResponse(transport, fake, 1, 0, Status.Code.UNAVAILABLE, "tablet restarting"); // the first response
    ConnectOptions noRetry = FAST.toBuilder().retryPolicy(RetryPolicy.none()).build();
    try (ChangeStream s = stream().connectOptions(noRetry).build()) {
      assertThat(failure(runAsync(s, new Collector()))).isInstanceOf(ConnectionException.class)
          .hasMessageContaining("UNAVAILABLE").hasMessageContaining("items");
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aCursorWhoseBinlogsArePurgedIsStale(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    fake.insert("items", item(1));
    String old = fake.position("-");
    fake.insert("items", item(2));
    fake.faults().purgeAllBinlogs();
    try (ChangeStream s = stream().startAt(TableCursor.of("-", "fake", old)).build()) {
      Throwable e = failure(runAsync(s, new Collector()));
      assertThat(e).isInstanceOf(StaleCursorException.class).hasMessageContaining("items");
      StaleCursorException stale = (StaleCursorException) e;
      assertThat(stale.stream()).isEqualTo("items");
      assertThat(stale.shard()).isEqualTo("-");
      assertThat(stale.position()).isEqualTo(old);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aWrongPasswordIsAnAuthenticationException(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    try (ChangeStream s = ChangeStream.builder(fake.source().toBuilder().password("wrong").build(), items)
        .transport(transport)
        .shard("-").connectOptions(FAST).build()) {
      assertThat(failure(runAsync(s, new Collector()))).isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("UNAUTHENTICATED").hasMessageNotContaining("wrong");
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aThrowingListenerStopsTheStreamAndResumingRedeliversTheRecord(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    BlockingQueue<TableCursor> cursors = new LinkedBlockingQueue<>();
    IllegalStateException boom = new IllegalStateException("boom");
    List<Record> accepted = new ArrayList<>();
    ChangeListener failOnSecond = new ChangeListener() {
      @Override
      public void onRecord(Record record) {
        if (accepted.size() == 1) {
          throw boom;
        }
        accepted.add(record);
      }

      @Override
      public void onCursor(TableCursor cursor) {
        cursors.add(cursor);
      }
    };
    ChangeStream.ListenerException failed;
    try (ChangeStream s = stream().build()) {
      Future<TableCursor> run = runAsync(s, failOnSecond);
      assertThat(cursors.poll(WAIT.toMillis(), MILLISECONDS)).isNotNull();
      fake.insert("items", item(1));
      fake.insert("items", item(2));
      Throwable e = failure(run);
      assertThat(e).isInstanceOf(ChangeStream.ListenerException.class).hasCause(boom).hasMessageContaining("items");
      failed = (ChangeStream.ListenerException) e;
    }
    assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
    TableCursor afterFirst = cursors.poll(WAIT.toMillis(), MILLISECONDS);
    assertThat(failed.cursor()).isEqualTo(afterFirst);
    assertThat(cursors).isEmpty();

    Collector c = new Collector();
    try (ChangeStream s = stream().startAt(failed.cursor()).stopAt(fake.position("-")).build()) {
      get(runAsync(s, c));
    }
    assertThat(ids(records(new ArrayList<>(c.events)))).containsExactly(2L);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aThrowingCursorCallbackLeavesThePreviousCursorToResumeFrom(Transport transport) throws Exception {
    start(transport, FakePlanetScale.builder());
    TableCursor start = TableCursor.of("-", "fake", fake.position("-"));
    fake.insert("items", item(1));
    ChangeListener refuseCursors = new ChangeListener() {
      @Override
      public void onRecord(Record record) {}

      @Override
      public void onCursor(TableCursor cursor) throws Exception {
        throw new java.io.IOException("disk full");
      }
    };
    try (ChangeStream s = stream().startAt(start).build()) {
      Throwable e = failure(runAsync(s, refuseCursors));
      assertThat(e).isInstanceOf(ChangeStream.ListenerException.class).hasCauseInstanceOf(java.io.IOException.class);
      assertThat(((ChangeStream.ListenerException) e).cursor()).isEqualTo(start);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void theBuilderRejectsContradictoryOrMeaninglessSettings(Transport transport) {
    start(transport, FakePlanetScale.builder());
    assertThatThrownBy(() -> stream().stopAt(TableCursor.CURRENT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stream().stopAt("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stream().stopAfter(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stream().startAt(TableCursor.of("-", "elsewhere", "")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("elsewhere");
    assertThatThrownBy(() -> stream().shard("-80").startAt(TableCursor.of("80-", "fake", "")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-80");
    assertThat(stream().startAt(TableCursor.of("80-", "fake", "")).build().toString()).contains("80-");
  }

  // ---- helpers ----

  private void start(Transport chosen, FakePlanetScale.Builder builder) {
    transport = chosen;
    fake = builder.build().start();
    fake.createTable(TableSpec.builder("items").column("id", "bigint").column("name", "varchar(20)")
        .column("qty", "int").primaryKey("id").build());
    items = PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(), new DiscoverSettings(true, List.of(), true, false))
        .stream("items").orElseThrow();
  }

  /** A stream of the fake's shards, found by asking its MysqlAccess: "-" unless the test gives others. */
  private ChangeStream.Builder stream() {
    return ChangeStream.builder(fake.source(), items).mysql(fake.mysqlAccess()).connectOptions(FAST)
        .transport(transport);
  }

  /** The position the {@code i}th call the fake received started from. */
  private String position(int i) {
    return E2e.requestedPositions(transport, fake).get(i);
  }

  private Future<TableCursor> runAsync(ChangeStream s, ChangeListener listener) {
    return executor.submit(() -> s.run(listener));
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.get(WAIT.toMillis(), MILLISECONDS);
  }

  /** The exception {@code run} threw. */
  private static Throwable failure(Future<?> f) throws Exception {
    try {
      f.get(WAIT.toMillis(), MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    return fail("run() returned instead of throwing");
  }

  private void insertItems(long from, long to) {
    for (long id = from; id <= to; id++) {
      fake.insert("items", item(id));
    }
  }

  private static Map<String, Object> item(long id) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("name", "n" + id);
    row.put("qty", id * 10);
    return row;
  }

  private static List<Record> records(List<Object> events) {
    List<Record> records = new ArrayList<>();
    for (Object e : events) {
      if (e instanceof Record) {
        records.add((Record) e);
      }
    }
    return records;
  }

  private static List<Long> ids(List<Record> records) {
    return records.stream().map(r -> (Long) r.data().get("id")).collect(Collectors.toList());
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
  }

  /** {@code MySQL56/<uuid>:1-N} advanced by {@code n} transactions. */
  private static String advance(String position, int n) {
    int dash = position.lastIndexOf('-');
    return position.substring(0, dash + 1) + (Long.parseLong(position.substring(dash + 1)) + n);
  }

  /** Waits, at most {@link #WAIT}, for a condition only observable by asking. */
  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    CountDownLatch never = new CountDownLatch(1);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting for " + what);
      }
      never.await(5, MILLISECONDS);
    }
  }

  /** Puts every callback in a queue, read by the test thread with deadlines. */
  private static final class Collector implements ChangeListener {
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Override
    public void onRecord(Record record) {
      events.add(record);
    }

    @Override
    public void onCursor(TableCursor cursor) {
      events.add(cursor);
    }

    Object next() throws InterruptedException {
      Object e = events.poll(WAIT.toMillis(), MILLISECONDS);
      if (e == null) {
        fail("no callback within " + WAIT);
      }
      return e;
    }

    Record record() throws InterruptedException {
      Object e = next();
      assertThat(e).as("the next callback").isInstanceOf(Record.class);
      return (Record) e;
    }

    TableCursor cursor() throws InterruptedException {
      Object e = next();
      assertThat(e).as("the next callback").isInstanceOf(TableCursor.class);
      return (TableCursor) e;
    }

    /** The next {@code n} records, skipping cursors. */
    List<Record> records(int n) throws InterruptedException {
      List<Record> records = new ArrayList<>();
      while (records.size() < n) {
        Object e = next();
        if (e instanceof Record) {
          records.add((Record) e);
        }
      }
      return records;
    }

    /** Callbacks up to and including the first that matches. */
    List<Object> until(Predicate<Object> last) throws InterruptedException {
      List<Object> seen = new ArrayList<>();
      while (true) {
        Object e = next();
        seen.add(e);
        if (last.test(e)) {
          return seen;
        }
      }
    }
  }
}
