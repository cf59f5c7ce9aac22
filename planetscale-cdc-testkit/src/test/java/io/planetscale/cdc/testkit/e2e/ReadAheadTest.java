package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.ShardCounts;
import io.planetscale.cdc.SinkException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncListener;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingLogger;
import io.planetscale.cdc.testkit.RecordingSink;
import io.planetscale.cdc.testkit.TableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads running ahead of the one delivering ({@link SyncOptions.Builder#readAhead}): the sink and
 * the listener see exactly what a one-read-at-a-time sync gives them, the reads really overlap,
 * and a failure or an interrupt stops every read and its thread. On both transports: reads are held
 * back by delayed responses on Sync, by a copy-batch hook that waits on VStream.
 */
class ReadAheadTest {
  private static final List<String> TABLES = List.of("alpha", "beta", "gamma");

  private static FakePlanetScale threeTables() {
    FakePlanetScale fake = E2e.twoShards(false, 4);
    for (String t : TABLES) {
      fake.createTable(TableSpec.builder(t).column("id", "bigint").column("note", "varchar(32)").primaryKey("id")
          .build());
      List<Map<String, ?>> rows = new ArrayList<>();
      for (long id = 1; id <= 30; id++) {
        rows.add(Map.of("id", id, "note", t + id));
      }
      fake.insertAll(t, rows);
    }
    return fake;
  }

  private static SyncOptions options(int readAhead, SyncListener listener) {
    return SyncOptions.builder().logger(new RecordingLogger()).tabletType(TabletType.PRIMARY)
        .readOptions(E2e.fast()).readAhead(readAhead).listener(listener).build();
  }

  /** What the listener hears, as lines, in order. */
  private static final class Events implements SyncListener {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void streamStarted(Stream stream, boolean incremental) {
      lines.add("start " + stream.name());
    }

    @Override
    public void shardStarted(String stream, String shard, TableCursor from) {
      lines.add("shard " + stream + " " + shard + " " + from.position());
    }

    @Override
    public void shardFinished(String stream, String shard, ShardCounts counts) {
      lines.add("done " + stream + " " + shard + " " + counts.total());
    }

    @Override
    public void streamFinished(String stream, ShardCounts counts) {
      lines.add("end " + stream + " " + counts.total());
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void theSinkAndTheListenerSeeWhatOneReadAtATimeGives(Transport transport) {
    try (FakePlanetScale fake = threeTables();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      Catalog catalog = E2e.catalog(fake);
      RecordingSink sequential = new RecordingSink();
      Events sequentialEvents = new Events();
      State first = PlanetScaleCdc.sync(fake.mysqlAccess(), edge, fake.source(), catalog, State.empty(), sequential,
          options(0, sequentialEvents));
      RecordingSink ahead = new RecordingSink();
      Events aheadEvents = new Events();
      State same = PlanetScaleCdc.sync(fake.mysqlAccess(), edge, fake.source(), catalog, State.empty(), ahead,
          options(5, aheadEvents));

      assertThat(ahead.events()).isEqualTo(sequential.events());
      assertThat(ahead.records()).extracting(Record::stream, Record::data, Record::position)
          .containsExactlyElementsOf(sequential.records().stream()
              .map(r -> org.assertj.core.groups.Tuple.tuple(r.stream(), r.data(), r.position())).toList());
      assertThat(aheadEvents.lines).isEqualTo(sequentialEvents.lines);
      assertThat(same).isEqualTo(first);
      assertThat(ahead.records()).hasSize(90);

      // And incrementally: a change per table and shard.
      for (String t : TABLES) {
        fake.update(t, 1L, Map.of("note", "changed"));
        fake.delete(t, 2L);
      }
      RecordingSink seq2 = new RecordingSink();
      RecordingSink ahead2 = new RecordingSink();
      State a = PlanetScaleCdc.sync(fake.mysqlAccess(), edge, fake.source(), catalog, first, seq2,
          options(0, SyncListener.NONE));
      State b = PlanetScaleCdc.sync(fake.mysqlAccess(), edge, fake.source(), catalog, first, ahead2,
          options(5, SyncListener.NONE));
      assertThat(ahead2.events()).isEqualTo(seq2.events());
      assertThat(b).isEqualTo(a);
      assertThat(ahead2.records()).hasSize(6);
    }
  }

  /** While the first read waits on slow responses, the reads behind it are open too. */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void readsBehindTheDeliveringOneRunAtTheSameTime(Transport transport) throws Exception {
    try (FakePlanetScale fake = threeTables();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      Catalog catalog = E2e.catalog(fake);
      CountDownLatch release = holdReads(transport, fake, Duration.ofMillis(300));
      CompletableFuture<State> done = CompletableFuture.supplyAsync(() -> PlanetScaleCdc.sync(fake.mysqlAccess(),
          edge, fake.source(), catalog, State.empty(), new RecordingSink(), options(3, SyncListener.NONE)));
      assertThat(fake.awaitOpenStreams(4, Duration.ofSeconds(20))).isTrue();
      fake.faults().delayResponses(Duration.ZERO);
      release.countDown();
      assertThat(done.get(60, TimeUnit.SECONDS).streams()).containsOnlyKeys(TABLES);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aSinkFailureStopsEveryReadAndNoSinkCallFollows(Transport transport) throws Exception {
    try (FakePlanetScale fake = threeTables();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      Catalog catalog = E2e.catalog(fake);
      RecordingSink sink = new RecordingSink().failOnRecord(40, new IllegalStateException("disk full"));
      SinkException e = catchThrowableOfType(SinkException.class, () -> PlanetScaleCdc.sync(fake.mysqlAccess(), edge,
          fake.source(), catalog, State.empty(), sink, options(3, SyncListener.NONE)));
      assertThat(e).hasMessageContaining("disk full");
      int calls = sink.events().size();
      assertThat(readerThreads()).isEmpty();
      assertThat(fake.awaitOpenStreams(0, Duration.ofSeconds(10))).isTrue();
      assertThat(sink.events()).hasSize(calls);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anInterruptStopsEveryReadAndTheirThreadsEnd(Transport transport) throws Exception {
    try (FakePlanetScale fake = threeTables();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      Catalog catalog = E2e.catalog(fake);
      CountDownLatch release = holdReads(transport, fake, Duration.ofSeconds(60)); // every read waits
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      Thread sync = new Thread(() -> {
        try {
          PlanetScaleCdc.sync(fake.mysqlAccess(), edge, fake.source(), catalog, State.empty(), new RecordingSink(),
              options(3, SyncListener.NONE));
          outcome.complete(null);
        } catch (Throwable t) {
          outcome.complete(t);
        }
      }, "test-read-ahead-sync");
      sync.start();
      assertThat(fake.awaitOpenStreams(4, Duration.ofSeconds(20))).isTrue();
      sync.interrupt();
      assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(PlanetScaleCdcException.class)
          .hasMessageContaining("interrupted");
      sync.join(10_000);
      assertThat(sync.isAlive()).isFalse();
      assertThat(readerThreads()).isEmpty();
      release.countDown(); // lets the fake's VStream calls, cancelled by now, end
    }
  }

  /**
   * Makes every read wait up to {@code wait}: each Sync response is delayed; each VStream copy batch
   * waits until the returned latch is released (or {@code wait} passed).
   */
  private static CountDownLatch holdReads(Transport transport, FakePlanetScale fake, Duration wait) {
    CountDownLatch release = new CountDownLatch(1);
    if (transport == Transport.VSTREAM) {
      fake.vstream().beforeCopyBatch((shard, table, batchesSent) -> {
        try {
          release.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    } else {
      fake.faults().delayResponses(wait);
    }
    return release;
  }

  private static List<String> readerThreads() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith("planetscale-cdc-read-")).toList();
  }
}
