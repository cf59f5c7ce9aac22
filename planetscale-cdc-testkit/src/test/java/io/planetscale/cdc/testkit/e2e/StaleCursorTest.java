package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingLogger;
import io.planetscale.cdc.testkit.RecordingSink;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Purged binlogs (plaintext and TLS, both transports): a saved cursor they make stale fails the sync
 * naming it, or with restartOnStaleCursor copies the shard again; a copy in progress is never stale.
 */
class StaleCursorTest {
  /** Purged binlogs make a saved cursor stale: StaleCursorException naming stream, shard and position; not retried. */
  @ParameterizedTest(name = "{0} tls={1}")
  @CsvSource({"VSTREAM,false", "VSTREAM,true", "PSDBCONNECT,false", "PSDBCONNECT,true"})
  void purgedBinlogsMakeTheSavedCursorStale(Transport transport, boolean tls) {
    try (FakePlanetScale fake = E2e.twoShards(tls, 7);
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      E2e.orders(fake, 20);
      Catalog catalog = E2e.catalog(fake);
      State state = E2e.syncOneReadAtATime(fake, edge, catalog, State.empty(), new RecordingSink());
      E2e.quiesce(fake);
      String saved = state.streams().get("orders").shards().get("-80").toTableCursor().position();
      fake.insert("orders", Map.of("id", 100, "note", "x"));
      fake.insert("orders", Map.of("id", 101, "note", "y"));
      fake.faults().purgeAllBinlogs();
      int before = E2e.calls(transport, fake);

      RecordingSink sink = new RecordingSink();
      StaleCursorException e = catchThrowableOfType(StaleCursorException.class,
          () -> E2e.syncOneReadAtATime(fake, edge, catalog, state, sink));

      assertThat(e).isNotNull();
      assertThat(e.stream()).isEqualTo("orders");
      assertThat(e.shard()).isEqualTo("-80");
      assertThat(e.position()).isEqualTo(saved);
      assertThat(e.getMessage()).contains("orders", "-80", saved);
      assertThat(E2e.calls(transport, fake) - before).isEqualTo(2); // peek + the one read, no retry
      assertThat(sink.records()).isEmpty();
      // A full sync (empty state) recovers.
      RecordingSink full = new RecordingSink();
      E2e.syncOneReadAtATime(fake, edge, catalog, State.empty(), full);
      assertThat(full.records()).hasSize(22);
    }
  }

  /**
   * With restartOnStaleCursor a stale saved cursor is not an error: each stale shard (one whose saved
   * position needs purged binlogs: a shard that changed since) is copied again from the start, logged as
   * an error naming the stale position, so its records rebuild that shard as it is now, and the state
   * they end with is current.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void restartOnStaleCursorCopiesTheStaleShardsAgain(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7);
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      Map<Long, String> rows = E2e.orders(fake, 20);
      Catalog catalog = E2e.catalog(fake);
      State state = E2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      E2e.quiesce(fake);
      fake.insert("orders", Map.of("id", 100L, "note", "x"));
      // A delete on the other shard, so that both shards are stale.
      long other = rows.keySet().stream()
          .filter(id -> !fake.shardOf("orders", id).equals(fake.shardOf("orders", 100L))).findFirst().orElseThrow();
      fake.delete("orders", other);
      rows.put(100L, "x");
      rows.remove(other);
      Set<String> changed = Set.of(fake.shardOf("orders", 100L), fake.shardOf("orders", other));
      Map<Long, String> onChangedShards = new TreeMap<>(rows);
      onChangedShards.keySet().removeIf(id -> !changed.contains(fake.shardOf("orders", id)));
      fake.faults().purgeAllBinlogs();

      RecordingSink sink = new RecordingSink();
      RecordingLogger logger = new RecordingLogger();
      State next = PlanetScaleCdc.sync(fake.mysqlAccess(), edge, fake.source(), catalog, state, sink,
          SyncOptions.builder().logger(logger).readOptions(E2e.fast()).restartOnStaleCursor(true).build());

      assertThat(sink.records()).extracting(Record::operation).containsOnly(Operation.INSERT);
      assertThat(E2e.countsById(sink.records())).allSatisfy((id, n) -> assertThat(n).isOne());
      assertThat(E2e.replay(Map.of(), sink.records())).isEqualTo(onChangedShards);
      for (String shard : changed) {
        String saved = state.streams().get("orders").shards().get(shard).toTableCursor().position();
        assertThat(logger.errors()).anySatisfy(l -> assertThat(l).contains("\"" + shard + "\"", "stale", saved));
      }
      assertThat(next.streams().get("orders").shards().values())
          .allSatisfy(c -> assertThat(c.toTableCursor().isCopying()).isFalse());
      RecordingSink quiet = new RecordingSink();
      assertThat(E2e.sync(fake, edge, catalog, next, quiet)).isEqualTo(next);
      assertThat(quiet.records()).isEmpty();
    }
  }

  /** A saved cursor from a copy that was interrupted (last_known_pk) is never stale: it starts a new snapshot. */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void staleCheckDoesNotApplyToACopyInProgress(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7);
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      fake.vstream().copyBatchRows(5); // VStream checkpoints the copy at each batch's end (Sync: each response)
      E2e.orders(fake, 60);
      Catalog catalog = E2e.catalog(fake);
      RecordingSink first = new RecordingSink().failOnRecord(10, new IllegalStateException("disk full"));
      io.planetscale.cdc.SinkException e = catchThrowableOfType(io.planetscale.cdc.SinkException.class,
          () -> E2e.sync(fake, edge, catalog, State.empty(), first));
      TableCursor saved = e.state().streams().get("orders").shards().get("-80").toTableCursor();
      assertThat(saved.isCopying()).isTrue();
      fake.faults().purgeAllBinlogs();

      RecordingSink second = new RecordingSink();
      E2e.sync(fake, edge, catalog, e.state(), second);
      Set<Object> ids = new HashSet<>();
      first.records().forEach(r -> ids.add(r.data().get("id")));
      second.records().forEach(r -> ids.add(r.data().get("id")));
      assertThat(ids).hasSize(60);
    }
  }
}
