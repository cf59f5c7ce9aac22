package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.grpc.ChangeListener;
import io.planetscale.cdc.grpc.ChangeStream;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.VStreamEdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordedVStreamRequest;
import io.planetscale.cdc.testkit.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** What the SDK asks vtgate for, as the fake recorded it, and heartbeats on an idle change stream. */
class VStreamRequestShapeE2eTest {

  private static List<RecordedVStreamRequest> streaming(FakePlanetScale fake) {
    return fake.vstreamRequests().stream().filter(r -> !r.shardGtids().get(0).gtid().equals("current")).toList();
  }

  @Test
  void tabletTypesTravelAsVitessNumbers() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      E2e.orders(fake, 3);
      Catalog catalog = E2e.catalog(fake);
      Map<TabletType, Integer> numbers = Map.of(TabletType.PRIMARY, 1, TabletType.REPLICA, 2, TabletType.BATCH, 3);
      for (TabletType type : List.of(TabletType.PRIMARY, TabletType.REPLICA, TabletType.BATCH)) {
        int seen = fake.vstreamRequests().size();
        RecordingSink sink = new RecordingSink();
        VStreamE2e.sync(fake, edge, catalog, State.empty(), sink, VStreamE2e.options().tabletType(type).build());
        assertThat(sink.records()).hasSize(3);
        List<RecordedVStreamRequest> calls = fake.vstreamRequests().subList(seen, fake.vstreamRequests().size());
        assertThat(calls).isNotEmpty().allSatisfy(r -> assertThat(r.tabletType()).as("%s", type)
            .isEqualTo(numbers.get(type)));
      }
    }
  }

  @Test
  void theRequestSelectsEveryColumnNamesTheKnownCellsOrTheOperatorDefaultPeeksAtCurrentAndDoesNotMinimizeSkew() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      E2e.orders(fake, 3);
      Catalog catalog = VStreamE2e.deselect(E2e.catalog(fake), "orders", "note");
      RecordingSink sink = new RecordingSink();
      VStreamE2e.sync(fake, edge, catalog, State.empty(), sink);
      assertThat(sink.records()).hasSize(3).allSatisfy(r -> assertThat(r.data()).containsOnlyKeys("id"));
      assertThat(streaming(fake)).as("the cells of the tablets discovered")
          .isNotEmpty().allSatisfy(r -> assertThat(r.cells()).isEqualTo("zone1"));
      assertThat(fake.vstreamRequests()).as("a peek at the current position")
          .anySatisfy(r -> assertThat(r.shardGtids().get(0).gtid()).isEqualTo("current"));
      assertThat(streaming(fake)).isNotEmpty().allSatisfy(r -> {
        assertThat(r.rules()).containsExactly(new RecordedVStreamRequest.Rule("orders", "SELECT * FROM `orders`"));
        assertThat(r.minimizeSkew()).isFalse();
        assertThat(r.shardGtids()).extracting(RecordedVStreamRequest.Shard::keyspace,
            RecordedVStreamRequest.Shard::shard).containsExactly(org.assertj.core.groups.Tuple.tuple("shop", "-"));
      });

      // A change stream given its shard's cursor knows no tablets, hence no cells.
      int known = fake.vstreamRequests().size();
      Stream orders = catalog.stream("orders").orElseThrow();
      String start = fake.position("-");
      fake.update("orders", 2L, Map.of("note", "changed"));
      List<Record> received = new ArrayList<>();
      try (ChangeStream stream = ChangeStream.builder(fake.source(), orders)
          .startAt(io.planetscale.cdc.TableCursor.of("-", "shop", start)).stopAt(fake.position("-")).build()) {
        stream.run(received::add);
      }
      assertThat(received).singleElement().satisfies(r -> assertThat(r.data()).containsOnlyKeys("id", "note"));
      List<RecordedVStreamRequest> unknownCells = fake.vstreamRequests().subList(known, fake.vstreamRequests().size());
      assertThat(unknownCells).isNotEmpty().allSatisfy(r -> {
        assertThat(r.cells()).isEqualTo("planetscale_operator_default");
        assertThat(r.rules()).containsExactly(new RecordedVStreamRequest.Rule("orders", "SELECT * FROM `orders`"));
      });
    }
  }

  @Test
  void minimizeSkewIsAskedForWhenConfigured() {
    try (FakePlanetScale fake = VStreamE2e.oneShard();
        VStreamEdgeDatabase edge = VStreamEdgeDatabase.create(fake.source(),
            ConnectOptions.builder().minimizeSkew(true).build())) {
      E2e.orders(fake, 3);
      VStreamE2e.sync(fake, edge, E2e.catalog(fake), State.empty(), new RecordingSink());
      assertThat(streaming(fake)).isNotEmpty().allSatisfy(r -> assertThat(r.minimizeSkew()).isTrue());
    }
  }

  /**
   * An idle change stream that asked for heartbeats stays on its one call: the fault below ends the
   * call only once it has sent 50 responses, which on an idle stream are all heartbeats (about a
   * second of quiet at the fake's 20 ms interval); until then no second call may have been opened.
   */
  @Test
  void heartbeatsKeepAnIdleChangeStreamOnOneCall() throws Exception {
    try (FakePlanetScale fake = VStreamE2e.oneShard()) {
      E2e.orders(fake, 3);
      Stream orders = E2e.catalog(fake).stream("orders").orElseThrow();
      fake.vstream().heartbeatInterval(Duration.ofMillis(20));
      List<Record> received = Collections.synchronizedList(new ArrayList<>());
      ChangeListener listener = received::add;
      try (ChangeStream stream = ChangeStream.builder(fake.source(), orders).mysql(fake.mysqlAccess())
          .startAt(io.planetscale.cdc.TableCursor.of("-", "shop", fake.position("-")))
          .connectOptions(ConnectOptions.builder().heartbeatInterval(Duration.ofSeconds(1))
              .retryPolicy(E2e.FAST_RETRY).build())
          .build()) {
        fake.faults().vstream().failAfterResponses(50, Status.Code.UNAVAILABLE, "probe: 50 responses sent");
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> stream.run(listener));
        awaitTrue(() -> fake.vstreamRequests().size() >= 1 || run.isDone(), "the first call");
        awaitTrue(() -> fake.vstreamRequests().size() >= 2 || run.isDone(), "the call after the probe");
        assertThat(run).isNotDone();
        List<RecordedVStreamRequest> calls = fake.vstreamRequests();
        assertThat(calls).as("one call for the whole quiet period, then one retry").hasSize(2);
        assertThat(calls.get(0).heartbeatIntervalSeconds()).isEqualTo(1);
        assertThat(received).isEmpty();

        fake.update("orders", 2L, Map.of("note", "after the quiet"));
        awaitTrue(() -> !received.isEmpty() || run.isDone(), "the change");
        assertThat(received).extracting(r -> r.data().get("note")).containsExactly("after the quiet");
        stream.close();
        run.get(10, TimeUnit.SECONDS);
        assertThat(fake.vstreamRequests()).hasSize(2);
      }
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5); // polling a condition with a deadline, not timing a race
    }
  }
}
