package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.ShardStates;
import io.planetscale.cdc.SinkException;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.ChangeStream;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.grpc.ConnectEdgeDatabase;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import io.planetscale.cdc.wire.internal.proto.query.Type;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingLogger;
import io.planetscale.cdc.testkit.RecordingSink;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression tests of bugs found in review. Those on FakePlanetScale run on both transports; the ones
 * on the scripted server (3. and 7.) speak Sync only, and 5. needs replication responses paced by the
 * fake, which only its Sync side can do; each says so.
 */
class ReviewBugsTest {

  // ---- 1. RecordPosition is not unique in the copy phase --------------------------------------

  @ParameterizedTest
  @EnumSource(Transport.class)
  void copiedRowsGetDistinctRecordPositions(Transport transport) {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").rowsPerResponse(5).build().start();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      fake.vstream().copyBatchRows(5);
      E2e.orders(fake, 20);
      RecordingSink sink = new RecordingSink();
      E2e.sync(fake, edge, E2e.catalog(fake), State.empty(), sink);
      assertThat(sink.records()).hasSize(20);
      // De-duplicating by RecordPosition, as the README advises, must keep all 20 rows.
      assertThat(new HashSet<>(sink.records().stream().map(Record::position).toList())).hasSize(20);
    }
  }

  // ---- 2. A copy longer than one read window silently loses changes to copied rows -------------

  @ParameterizedTest
  @EnumSource(Transport.class)
  void copySpanningReadWindowsKeepsAnUpdateToAnAlreadyCopiedRow(Transport transport) {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").rowsPerResponse(10).build().start();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      E2e.orders(fake, 200);
      Catalog catalog = E2e.catalog(fake);
      fake.faults().delayResponses(Duration.ofMillis(20)); // no failure: the copy just takes ~420 ms
      fake.vstream().copyBatchRows(10).beforeCopyBatch((shard, table, batches) -> E2e.pace(Duration.ofMillis(20)));
      RecordingSink sink = new RecordingSink();
      RecordSink hooked = new ForwardingSink(sink) {
        @Override
        public void record(Record r, Stream s) throws Exception {
          super.record(r, s);
          if (sink.records().size() == 15) {
            fake.update("orders", 1L, Map.of("note", "changed-during-copy"));
          }
        }
      };
      E2e.sync(fake, edge, fake.source(), catalog, State.empty(), hooked,
          E2e.fast().withReadWindow(Duration.ofMillis(150))); // passes with a 30 s window
      assertThat(E2e.replay(Map.of(), sink.records())).containsEntry(1L, "changed-during-copy");
    }
  }

  // ---- 3. A second response at exactly the stop position ends the read; a third is lost --------

  static final String UUID_A = "11111111-1111-1111-1111-111111111111";
  static final String C = "MySQL56/" + UUID_A + ":1-9";
  static final String P = "MySQL56/" + UUID_A + ":1-10";
  /** The scripted server paces its responses 20 ms apart; settle long enough that a busy machine cannot split them. */
  static final io.planetscale.cdc.spi.ReadOptions SETTLE = E2e.fast().withSettleInterval(Duration.ofMillis(750));

  /** psdbconnect only: the scripted server speaks Sync (VStream's exact stop: ServerQuirksTest's repeated VGTIDs). */
  @Test
  void syncReadsEveryResponseAtTheStopPosition() throws Exception {
    withScriptedServer((source, catalog, mysql) -> {
      try (ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(source, ConnectOptions.defaults())) {
        RecordingSink sink = new RecordingSink();
        State end = PlanetScaleCdc.sync(mysql.mysqlAccess(), edge, source, catalog, stateAt(C), sink,
            SyncOptions.builder().readOptions(SETTLE).logger(new RecordingLogger()).build());
        assertThat(end.streams().get("orders").shards().get("-").toTableCursor().position()).isEqualTo(P);
        assertThat(sink.records()).extracting(r -> r.data().get("id")).containsExactly(1L, 2L, 3L);
      }
    });
  }

  @Test
  void changeStreamStopAtReadsEveryResponseAtTheStopPosition() throws Exception {
    withScriptedServer((source, catalog, mysql) -> {
      List<Record> got = new ArrayList<>();
      try (ChangeStream s = ChangeStream.builder(source, catalog.stream("orders").orElseThrow())
          .transport(Transport.PSDBCONNECT) // the scripted server speaks Sync
          .startAt(TableCursor.of("-", "shop", C)).stopAt(P)
          .connectOptions(ConnectOptions.builder().readOptions(SETTLE).build()).build()) {
        assertThat(s.run(got::add).position()).isEqualTo(P);
      }
      assertThat(got).extracting(r -> r.data().get("id")).containsExactly(1L, 2L, 3L);
    });
  }

  // ---- 4. A drop right after reaching the stop position stalls the read -----------------------

  @ParameterizedTest
  @EnumSource(Transport.class)
  void dropRightAfterTheStopPositionDoesNotStallTheSync(Transport transport) {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").build().start();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      E2e.orders(fake, 5);
      Catalog catalog = E2e.catalog(fake);
      State state = E2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      E2e.quiesce(fake);
      for (long i = 6; i <= 8; i++) {
        fake.insert("orders", Map.of("id", i, "note", "x"));
      }
      if (transport == Transport.VSTREAM) {
        fake.faults().vstream().endUnexpectedlyAfterResponses(3); // a transaction per response
      } else {
        fake.faults().dropStreamAfterRows(3); // right after the response whose cursor is the stop position
      }
      RecordingSink sink = new RecordingSink();
      long t0 = System.nanoTime();
      E2e.sync(fake, edge, fake.source(), catalog, state, sink, E2e.fast().withReadWindow(Duration.ofMillis(200)));
      assertThat(sink.records()).hasSize(3);
      // 200+400+800+1600+3200 ms of idle windows from P; with the default 90 s window, ~46 minutes
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
    }
  }

  // ---- 5. StaleCursorException names the sync's start, not the position that was stale --------

  /**
   * psdbconnect only: the purge and the drop must land between two responses of one read, which takes
   * the Sync side's paced responses; the fake's VStream replication cannot be paced.
   */
  @Test
  void staleOnARetryNamesTheStalePosition() {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").rowsPerResponse(3).build().start();
        ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(fake.source(), ConnectOptions.defaults())) {
      E2e.orders(fake, 5);
      Catalog catalog = E2e.catalog(fake);
      State state = E2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      E2e.quiesce(fake);
      String start = state.streams().get("orders").shards().get("-").toTableCursor().position();
      for (long i = 6; i <= 60; i++) {
        fake.insert("orders", Map.of("id", i, "note", "x"));
      }
      fake.faults().delayResponses(Duration.ofMillis(10));
      RecordingSink sink = new RecordingSink();
      RecordSink hook = new ForwardingSink(sink) {
        @Override
        public void record(Record r, Stream s) throws Exception {
          super.record(r, s);
          if (sink.records().size() == 4) {
            fake.faults().purgeAllBinlogs();
            fake.faults().dropStreamAfterRows(1);
          }
        }
      };
      StaleCursorException e = catchThrowableOfType(StaleCursorException.class,
          () -> E2e.sync(fake, edge, catalog, state, hook));
      String rejected = fake.requests().get(fake.requests().size() - 1).cursor().position();
      assertThat(rejected).isNotEqualTo(start);
      assertThat(e.position()).isEqualTo(rejected);
    }
  }

  // ---- 6. Parallel shards keep calling the sink after it threw ---------------------------------

  @ParameterizedTest
  @EnumSource(Transport.class)
  void noSinkCallAfterTheSinkThrewWithParallelShards(Transport transport) {
    List<String> after = new CopyOnWriteArrayList<>();
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-40", "40-80", "80-c0", "c0-")
        .rowsPerResponse(2).build().start();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      fake.vstream().copyBatchRows(2);
      E2e.orders(fake, 200);
      Catalog catalog = E2e.catalog(fake);
      RecordSink sink = new RecordSink() {
        int n;
        boolean failed;

        @Override
        public void record(Record r, Stream s) throws Exception {
          if (failed) {
            after.add("record");
          }
          if (++n == 30) {
            failed = true;
            throw new IllegalStateException("disk full");
          }
          Thread.sleep(1);
        }

        @Override
        public void flush(Stream s) {
          if (failed) {
            after.add("flush");
          }
        }

        @Override
        public void state(State st) {
          if (failed) {
            after.add("state");
          }
        }
      };
      SyncOptions options = SyncOptions.builder().readOptions(E2e.fast()).checkpointEveryRows(2).shardParallelism(4)
          .logger(new RecordingLogger()).build();
      catchThrowableOfType(SinkException.class, () -> PlanetScaleCdc.sync(fake.mysqlAccess(), edge, fake.source(),
          catalog, State.empty(), sink, options));
    }
    assertThat(after).isEmpty();
  }

  // ---- 7. A peek answering an empty position passes for "no new rows" -----------------------

  /** psdbconnect only: the scripted server speaks Sync. */
  @Test
  void peekAnsweringAnEmptyPositionIsNotSilentlyNoNewRows() throws Exception {
    withScriptedServer("", List.of(rowAt(1, P)), (source, catalog, mysql) -> {
      try (ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(source, ConnectOptions.defaults())) {
        RecordingSink sink = new RecordingSink();
        RuntimeException thrown = null;
        try {
          PlanetScaleCdc.sync(mysql.mysqlAccess(), edge, source, catalog, stateAt(C), sink,
              SyncOptions.builder().readOptions(E2e.fast()).logger(new RecordingLogger()).build());
        } catch (RuntimeException e) {
          thrown = e;
        }
        assertThat(thrown != null || !sink.records().isEmpty()).as("an error, or the row at P").isTrue();
      }
    });
  }

  // ---- 2b. The key-only resume also loses NEW rows inserted below the resume key --------------

  @ParameterizedTest
  @EnumSource(Transport.class)
  void interruptedCopyKeepsARowInsertedBelowTheResumeKey(Transport transport) {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").rowsPerResponse(5).build().start();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      fake.vstream().copyBatchRows(5);
      Map<Long, String> rows = E2e.orders(fake, 40);
      Catalog catalog = E2e.catalog(fake);
      RecordingSink first = new RecordingSink().failOnRecord(12, new IllegalStateException("disk full"));
      SinkException e = catchThrowableOfType(SinkException.class,
          () -> E2e.sync(fake, edge, catalog, State.empty(), first));
      E2e.quiesce(fake);
      List<Record> applied = new ArrayList<>(first.records()); // superset of what the state covers
      fake.insert("orders", Map.of("id", 0L, "note", "new")); // a row that was never copied
      rows.put(0L, "new");
      RecordingSink second = new RecordingSink();
      E2e.sync(fake, edge, catalog, e.state(), second);
      applied.addAll(second.records());
      assertThat(E2e.replay(Map.of(), applied)).isEqualTo(rows); // passes with useGtidWithTablePks(true)
    }
  }

  // ---- scripted psdbconnect server for 3. and 7. ------------------------------------------------------

  interface Body {
    void run(PlanetScaleSource source, Catalog catalog, FakePlanetScale mysql) throws Exception;
  }

  /** Peek answers P; a read from C answers three responses each with one row and cursor P, then idles. */
  static void withScriptedServer(Body body) throws Exception {
    withScriptedServer(P, List.of(rowAt(1, P), rowAt(2, P), rowAt(3, P)), body);
  }

  static void withScriptedServer(String peek, List<SyncResponse> read, Body body) throws Exception {
    ConnectGrpc.ConnectImplBase service = new ConnectGrpc.ConnectImplBase() {
      @Override
      public void sync(SyncRequest request, StreamObserver<SyncResponse> observer) {
        ServerCallStreamObserver<SyncResponse> out = (ServerCallStreamObserver<SyncResponse>) observer;
        CountDownLatch cancelled = new CountDownLatch(1);
        out.setOnCancelHandler(cancelled::countDown);
        List<SyncResponse> script = request.getCursor().getPosition().equals("current")
            ? List.of(SyncResponse.newBuilder().setCursor(cursor(peek)).build())
            : read;
        Thread t = new Thread(() -> {
          try {
            for (SyncResponse r : script) {
              out.onNext(r);
              Thread.sleep(20);
            }
            cancelled.await(30, TimeUnit.SECONDS);
          } catch (Exception ignored) {
            // the client cancelled
          }
        });
        t.setDaemon(true);
        t.start();
      }
    };
    Server server = OkHttpServerBuilder.forPort(new InetSocketAddress("127.0.0.1", 0),
        InsecureServerCredentials.create()).addService(service).build().start();
    try (FakePlanetScale schema = FakePlanetScale.builder().keyspace("shop").build().start()) {
      E2e.orders(schema, 0); // only for the catalog and discovery
      PlanetScaleSource source = PlanetScaleSource.builder().host("127.0.0.1:" + server.getPort()).database("shop")
          .username("fake-user").password("fake-password").plaintext(true).build();
      body.run(source, E2e.catalog(schema), schema);
    } finally {
      server.shutdownNow();
    }
  }

  static State stateAt(String position) {
    return new State(Map.of("orders", new ShardStates(Map.of("-",
        SerializedCursor.of(TableCursor.of("-", "shop", position))))));
  }

  static io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor cursor(String position) {
    return io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor.newBuilder().setShard("-")
        .setKeyspace("shop").setPosition(position).build();
  }

  static SyncResponse rowAt(long id, String position) {
    byte[] a = Long.toString(id).getBytes(StandardCharsets.UTF_8);
    byte[] b = ("n" + id).getBytes(StandardCharsets.UTF_8);
    QueryResult rows = QueryResult.newBuilder()
        .addFields(Field.newBuilder().setName("id").setType(Type.INT64))
        .addFields(Field.newBuilder().setName("note").setType(Type.VARCHAR).setCharset(255))
        .addRows(Row.newBuilder().addLengths(a.length).addLengths(b.length)
            .setValues(ByteString.copyFrom(a).concat(ByteString.copyFrom(b))))
        .build();
    return SyncResponse.newBuilder().addResult(rows).setCursor(cursor(position)).build();
  }
}
