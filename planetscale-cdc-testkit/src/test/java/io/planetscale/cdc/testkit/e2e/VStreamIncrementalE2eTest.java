package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ShardCounts;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncListener;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.VStreamEdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Incremental VStream syncs: whole transactions, one delivery per change, exact stops without settling. */
class VStreamIncrementalE2eTest {

  @Test
  void aTransactionSplitOverSeveralResponsesIsDeliveredWholeWithOneCursor() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      E2e.orders(fake, 3);
      Catalog catalog = E2e.catalog(fake);
      State copied = VStreamE2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      String before = VStreamE2e.cursor(copied, "orders", "-").position();

      fake.vstream().maxEventsPerResponse(2);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long id = 10; id < 16; id++) {
        rows.add(Map.of("id", id, "note", "bulk" + id));
      }
      fake.insertAll("orders", rows); // one transaction of six rows
      String after = fake.position("-");
      List<TableCursor> cursors = new ArrayList<>();
      SyncListener listener = new SyncListener() {
        @Override
        public void cursorAdvanced(String stream, String shard, TableCursor cursor, ShardCounts soFar) {
          cursors.add(cursor);
        }
      };
      RecordingSink sink = new RecordingSink();
      State next = VStreamE2e.sync(fake, edge, catalog, copied,
          sink, VStreamE2e.options().listener(listener).build());

      assertThat(sink.records()).extracting(r -> r.data().get("id"))
          .containsExactly(10L, 11L, 12L, 13L, 14L, 15L);
      assertThat(sink.records()).extracting(r -> r.position().position()).containsOnly(after);
      assertThat(sink.records()).extracting(r -> r.position().sequence()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
      assertThat(cursors).as("no cursor inside the transaction")
          .allSatisfy(c -> assertThat(c.position()).isIn(before, after));
      assertThat(VStreamE2e.cursor(next, "orders", "-").position()).isEqualTo(after);
    }
  }

  @Test
  void repeatedVgtidsDeliverEachChangeOnce() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      fake.faults().vstream().repeatVgtids(3);
      Map<Long, String> rows = E2e.orders(fake, 5);
      Catalog catalog = E2e.catalog(fake);
      RecordingSink copy = new RecordingSink();
      State copied = VStreamE2e.sync(fake, edge, catalog, State.empty(), copy);
      assertThat(copy.records()).hasSize(5);

      for (long id = 1; id <= 5; id++) {
        fake.update("orders", id, Map.of("note", "u" + id));
        rows.put(id, "u" + id);
      }
      RecordingSink sink = new RecordingSink();
      VStreamE2e.sync(fake, edge, catalog, copied, sink);
      assertThat(sink.records()).extracting(r -> r.data().get("id")).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(E2e.replay(E2e.replay(Map.of(), copy.records()), sink.records())).isEqualTo(rows);
    }
  }

  @Test
  void aSyncWithNoChangesReturnsTheSameStateAndDeliversNothing() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      E2e.orders(fake, 5);
      Catalog catalog = E2e.catalog(fake);
      State copied = VStreamE2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      RecordingSink sink = new RecordingSink();
      State again = VStreamE2e.sync(fake, edge, catalog, copied, sink);
      assertThat(sink.records()).isEmpty();
      assertThat(again).isEqualTo(copied);
      assertThat(again.toJson()).isEqualTo(copied.toJson());
    }
  }

  /** VStream cursors are exact: a long settle interval is never waited for. */
  @Test
  void anIncrementalSyncStopsExactlyWithoutWaitingForTheSettleInterval() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      E2e.orders(fake, 5);
      Catalog catalog = E2e.catalog(fake);
      State copied = VStreamE2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      fake.update("orders", 2L, Map.of("note", "x"));
      fake.delete("orders", 3L);
      RecordingSink sink = new RecordingSink();
      // Were the 30 s settle interval waited for, the sync would outlive this limit.
      State next = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> VStreamE2e.sync(fake, edge, catalog,
          copied, sink, VStreamE2e.options().readOptions(E2e.fast().withSettleInterval(Duration.ofSeconds(30)))
              .build()));
      assertThat(sink.records()).extracting(r -> r.operation().name() + ":" + r.data().get("id"))
          .containsExactly("UPDATE:2", "DELETE:3");
      assertThat(VStreamE2e.cursor(next, "orders", "-").position()).isEqualTo(fake.position("-"));
    }
  }
}
