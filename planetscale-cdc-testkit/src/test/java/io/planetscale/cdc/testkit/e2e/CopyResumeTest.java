package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.ShardStates;
import io.planetscale.cdc.SinkException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import io.planetscale.cdc.testkit.logcapture.CapturedLogs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How an interrupted copy resumes: with its position and its last key together whenever the cursor
 * has a position, so changes made meanwhile to rows already copied are delivered; from the key alone
 * only for a saved copy cursor without a position, whose remaining risk these tests pin down. On both
 * transports (VStream copies in batches of 5 rows, the Sync responses' size, so both checkpoint alike).
 */
class CopyResumeTest {

  /** A sync that fails mid-copy; returns the state of the failure and fills {@code applied}. */
  private static State failMidCopy(FakePlanetScale fake, EdgeDatabase edge, Catalog catalog,
      List<Record> applied) {
    RecordingSink first = new RecordingSink().failOnRecord(12, new IllegalStateException("disk full"));
    SinkException e = catchThrowableOfType(SinkException.class,
        () -> E2e.sync(fake, edge, catalog, State.empty(), first));
    E2e.quiesce(fake);
    applied.addAll(first.records());
    return e.state();
  }

  /** The positions of the calls that resumed a copy (with a last key, or VStream table_p_ks), in call order. */
  private static List<String> copyResumePositions(Transport transport, FakePlanetScale fake) {
    return transport == Transport.VSTREAM
        ? fake.vstreamRequests().stream().filter(r -> !r.shardGtids().get(0).tablePks().isEmpty())
            .map(r -> r.shardGtids().get(0).gtid()).toList()
        : fake.requests().stream().filter(r -> r.cursor().isCopying()).map(r -> r.cursor().position()).toList();
  }

  private static TableCursor cursorOf(State state) {
    return state.streams().get("orders").shards().get("-").toTableCursor();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aResumedCopyDeliversUpdatesDeletesAndInsertsAmongRowsAlreadyCopied(Transport transport) {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").rowsPerResponse(5).build().start();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      fake.vstream().copyBatchRows(5);
      Map<Long, String> rows = E2e.orders(fake, 40);
      Catalog catalog = E2e.catalog(fake);
      List<Record> applied = new ArrayList<>();
      State failed = failMidCopy(fake, edge, catalog, applied);
      TableCursor saved = cursorOf(failed);
      assertThat(saved.isCopying()).isTrue();
      assertThat(saved.position()).isNotEmpty();

      fake.update("orders", 1L, Map.of("note", "changed"));
      fake.delete("orders", 2L);
      fake.insert("orders", Map.of("id", 0L, "note", "new"));
      rows.put(1L, "changed");
      rows.remove(2L);
      rows.put(0L, "new");
      RecordingSink second = new RecordingSink();
      E2e.sync(fake, edge, catalog, failed, second);
      applied.addAll(second.records());

      assertThat(E2e.replay(Map.of(), applied)).isEqualTo(rows);
      assertThat(copyResumePositions(transport, fake)).first()
          .isEqualTo(saved.position()); // position and key together
    }
  }

  /**
   * The remaining risk, documented: a copy cursor saved without a position (as some Go connectors
   * wrote them) can only resume after its key on a new snapshot. A change made before the resume to
   * a row the copy already delivered is not delivered, and the SDK warns about it.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void aCopyCursorWithoutAPositionResumesFromItsKeyAloneAndMissesChangesToRowsAlreadyCopied(Transport transport) {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").rowsPerResponse(5).build().start();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      fake.vstream().copyBatchRows(5);
      Map<Long, String> rows = E2e.orders(fake, 40);
      Catalog catalog = E2e.catalog(fake);
      List<Record> applied = new ArrayList<>();
      TableCursor saved = cursorOf(failMidCopy(fake, edge, catalog, applied));
      TableCursor keyOnly = new TableCursor(saved.shard(), saved.keyspace(), "", saved.lastKnownPk());
      State goFormat = new State(Map.of("orders", new ShardStates(Map.of("-", SerializedCursor.of(keyOnly)))));

      fake.update("orders", 1L, Map.of("note", "changed"));
      fake.update("orders", 39L, Map.of("note", "changed too"));
      RecordingSink second = new RecordingSink();
      List<String> lines;
      try (CapturedLogs logs = CapturedLogs.start(name -> false)) {
        E2e.sync(fake, edge, catalog, goFormat, second);
        lines = logs.lines();
      }
      applied.addAll(second.records());

      Map<Long, String> rebuilt = E2e.replay(Map.of(), applied);
      assertThat(rebuilt).containsEntry(1L, "n1"); // the change to an already copied row is missed...
      assertThat(rebuilt).containsEntry(39L, "changed too"); // ...a row copied after the resume is current
      rows.put(39L, "changed too");
      assertThat(rebuilt).isEqualTo(rows);
      assertThat(copyResumePositions(transport, fake)).contains("");
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("WARN").contains("no position")
          .contains("not delivered"));
    }
  }
}
