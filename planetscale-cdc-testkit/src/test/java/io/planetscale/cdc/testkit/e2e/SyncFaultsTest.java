package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.State;
import io.planetscale.cdc.grpc.ConnectEdgeDatabase;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordedRequest;
import io.planetscale.cdc.testkit.RecordingSink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Streams dropped by FakePlanetScale over loopback (plaintext and TLS), in the copy, in replication and
 * inside a transaction: every row and change arrives, and what arrives twice keeps its position.
 * Server errors and exhausted retries: {@link SyncServerErrorsTest}; purged binlogs:
 * {@link StaleCursorTest}. Each scenario over both transports unless it says why not.
 */
class SyncFaultsTest {

  /**
   * A stream dropped mid-copy resumes from the last cursor's last_known_pk. The fake puts a cursor on
   * every copy response and drops only after a whole response, so the resume starts exactly after the
   * last row delivered: every primary key arrives exactly once, as an INSERT. The resume always sends
   * the position with the key (useGtidWithTablePks is kept for configuration compatibility only).
   * On VStream the copy comes in batches of 5 rows, each closed by a VGTID with the table's last key,
   * and the stream ends unexpectedly after its fourth response.
   */
  @ParameterizedTest(name = "{0} tls={1} useGtidWithTablePks={2}")
  @CsvSource({"VSTREAM,false,false", "VSTREAM,true,true", "PSDBCONNECT,false,false", "PSDBCONNECT,true,false",
      "PSDBCONNECT,false,true", "PSDBCONNECT,true,true"})
  void streamDroppedMidCopyResumesAndEveryKeyArrivesExactlyOnce(Transport transport, boolean tls, boolean useGtid) {
    try (FakePlanetScale fake = E2e.twoShards(tls, 7);
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      Map<Long, String> rows = E2e.orders(fake, 100);
      Catalog catalog = E2e.catalog(fake);
      PlanetScaleSource source = fake.source().toBuilder().useGtidWithTablePks(useGtid).build();
      dropMidCopy(transport, fake);

      RecordingSink sink = new RecordingSink();
      State state = E2e.sync(fake, edge, source, catalog, State.empty(), sink, E2e.fast());

      assertThat(sink.records()).extracting(Record::operation).containsOnly(Operation.INSERT);
      assertThat(E2e.countsById(sink.records())).hasSize(100).allSatisfy((id, n) -> assertThat(n).isOne());
      assertThat(E2e.replay(Map.of(), sink.records())).isEqualTo(rows);
      // The drop really happened mid-copy and was resumed from a last_known_pk with its position.
      assertThat(E2e.copyResumes(transport, fake)).isOne();
      if (transport == Transport.VSTREAM) {
        assertThat(fake.vstreamRequests()).filteredOn(r -> !r.shardGtids().get(0).tablePks().isEmpty())
            .singleElement().satisfies(r -> assertThat(r.shardGtids().get(0).gtid()).isNotEmpty());
      } else {
        List<RecordedRequest> resumes = fake.requests().stream().filter(r -> r.cursor().isCopying()).toList();
        assertThat(resumes.get(0).cursor().position()).isNotEmpty();
      }

      // The state is complete: a sync from it finds nothing and returns it unchanged.
      RecordingSink quiet = new RecordingSink();
      assertThat(E2e.sync(fake, edge, source, catalog, state, quiet, E2e.fast())).isEqualTo(state);
      assertThat(quiet.records()).isEmpty();
    }
  }

  /**
   * With useGtidWithTablePks the resumed copy also replays changes made, while the stream was down,
   * to rows already copied, so the records reproduce the table exactly. (With the default, key-only
   * resume, the Go connectors' behaviour, such a change is not delivered: see the report.)
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void resumedCopyWithPositionDeliversChangesToRowsAlreadyCopied(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7);
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      Map<Long, String> rows = E2e.orders(fake, 100);
      Catalog catalog = E2e.catalog(fake);
      PlanetScaleSource source = fake.source().toBuilder().useGtidWithTablePks(true).build();
      dropMidCopy(transport, fake);
      RecordingSink sink = new RecordingSink();
      // Reads run ahead of the sink and may have reached their stop before it sees any record: change
      // the first row of shard -80 on the server, after it was copied and before the drop (VStream: before
      // its third copy batch; Sync: before its second copy response), so the change is made while the copy
      // is under way, and only the resumed call can deliver it.
      long changed = rows.keySet().stream().filter(id -> fake.shardOf("orders", id).equals("-80")).findFirst()
          .orElseThrow();
      rows.put(changed, "changed");
      java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
      if (transport == Transport.VSTREAM) {
        fake.vstream().beforeCopyBatch((shard, table, batches) -> {
          if (shard.equals("-80") && batches == 2 && once.compareAndSet(false, true)) { // not again on the resume
            fake.update("orders", changed, Map.of("note", "changed"));
          }
        });
      } else {
        fake.faults().beforeCopyResponse((shard, table, responses) -> {
          if (shard.equals("-80") && responses == 1 && once.compareAndSet(false, true)) {
            fake.update("orders", changed, Map.of("note", "changed"));
          }
        });
      }
      // One read at a time: the drop (armed for the first call to reach its count) falls on shard -80.
      E2e.syncOneReadAtATime(fake, edge, source, catalog, State.empty(), sink, E2e.fast());

      assertThat(E2e.copyResumes(transport, fake)).isOne();
      assertThat(E2e.replay(Map.of(), sink.records())).isEqualTo(rows);
      assertThat(sink.records()).filteredOn(r -> r.operation() == Operation.UPDATE)
          .singleElement().satisfies(r -> assertThat(r.data()).containsEntry("id", changed));
    }
  }

  /**
   * A stream dropped during replication (one transaction per change, so every response has a cursor)
   * resumes from the last cursor: every insert, update and delete arrives exactly once.
   */
  @ParameterizedTest(name = "{0} tls={1}")
  @CsvSource({"VSTREAM,false", "VSTREAM,true", "PSDBCONNECT,false", "PSDBCONNECT,true"})
  void streamDroppedInReplicationLosesNoChange(Transport transport, boolean tls) {
    try (FakePlanetScale fake = E2e.twoShards(tls, 7);
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      Map<Long, String> rows = E2e.orders(fake, 20);
      Catalog catalog = E2e.catalog(fake);
      State state = E2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      E2e.quiesce(fake);
      int changes = 0;
      for (long id = 21; id <= 40; id++, changes++) {
        fake.insert("orders", Map.of("id", id, "note", "n" + id));
        rows.put(id, "n" + id);
      }
      for (long id = 1; id <= 10; id++, changes++) {
        fake.update("orders", id, Map.of("note", "u" + id));
        rows.put(id, "u" + id);
      }
      for (long id = 11; id <= 15; id++, changes++) {
        fake.delete("orders", id);
        rows.remove(id);
      }
      if (transport == Transport.VSTREAM) {
        fake.faults().vstream().endUnexpectedlyAfterResponses(6); // one transaction per response
      } else {
        fake.faults().dropStreamAfterRows(6);
      }

      RecordingSink sink = new RecordingSink();
      State next = E2e.sync(fake, edge, catalog, state, sink);

      assertThat(sink.records()).hasSize(changes);
      Map<Long, String> start = new TreeMap<>();
      for (long id = 1; id <= 20; id++) {
        start.put(id, "n" + id);
      }
      assertThat(E2e.replay(start, sink.records())).isEqualTo(rows);
      // A reconnect happened: more calls than the two peeks and two reads of a fault-free sync.
      assertThat(E2e.calls(transport, fake)).isGreaterThan(4 + 4); // first sync's 4, this one's 4 + the resume
      RecordingSink quiet = new RecordingSink();
      assertThat(E2e.sync(fake, edge, catalog, next, quiet)).isEqualTo(next);
      assertThat(quiet.records()).isEmpty();
    }
  }

  /**
   * A drop in the middle of a transaction split over several responses (the cursor comes only with
   * its last response) resumes from the cursor before the transaction: nothing is lost, and only the
   * records of that partly delivered transaction arrive twice (at-least-once), with identical data.
   * psdbconnect only: it delivers a transaction's rows response by response; VStream holds them until
   * the COMMIT, see {@link #vstreamDropInsideALargeTransactionRedeliversNothing}.
   */
  @Test
  void dropInsideALargeTransactionRedeliversOnlyThatTransaction() {
    try (FakePlanetScale fake = E2e.twoShards(false, 3);
        ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(fake.source(), ConnectOptions.defaults())) {
      Map<Long, String> rows = E2e.orders(fake, 10);
      Catalog catalog = E2e.catalog(fake);
      State state = E2e.syncOneReadAtATime(fake, edge, catalog, State.empty(), new RecordingSink());
      E2e.quiesce(fake);
      Map<Long, String> start = new TreeMap<>(rows);
      List<Map<String, ?>> batch = new ArrayList<>();
      for (long id = 11; id <= 40; id++) {
        batch.add(Map.of("id", id, "note", "b" + id));
        rows.put(id, "b" + id);
      }
      fake.insertAll("orders", batch); // one transaction per shard
      fake.faults().dropStreamAfterRows(4); // after the second response (6 rows) of shard -80's transaction

      RecordingSink sink = new RecordingSink();
      E2e.syncOneReadAtATime(fake, edge, catalog, state, sink);

      assertThat(E2e.replay(start, sink.records())).isEqualTo(rows);
      Map<Long, Integer> counts = E2e.countsById(sink.records());
      assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(
          batch.stream().map(m -> (Long) m.get("id")).toList());
      Set<Long> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
          .collect(Collectors.toSet());
      // Exactly the 6 rows delivered before the drop, all on the dropped shard, each at most twice.
      assertThat(twice).hasSize(6).allSatisfy(id -> assertThat(fake.shardOf("orders", id)).isEqualTo("-80"));
      assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(1, 2));
      List<Record> firstDelivery = sink.records().subList(0, 6);
      assertThat(sink.records().subList(6, 12)).extracting(Record::data)
          .containsExactlyElementsOf(firstDelivery.stream().map(Record::data).toList());
    }
  }

  /**
   * RecordPosition promises that re-reading from a cursor yields the same records at the same
   * sequence, so (keyspace, shard, position, sequence) de-duplicates deliveries after a retry: the
   * reader signals the restart ({@code OnCursor.onRestart}) and the sequence starts again.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void redeliveredRecordsKeepTheirPositionAndSequence(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 3);
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      E2e.orders(fake, 10);
      Catalog catalog = E2e.catalog(fake);
      State state = E2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      E2e.quiesce(fake);
      List<Map<String, ?>> batch = new ArrayList<>();
      for (long id = 11; id <= 40; id++) {
        batch.add(Map.of("id", id, "note", "b" + id));
      }
      fake.insertAll("orders", batch);
      dropInsideTransaction(transport, fake);
      RecordingSink sink = new RecordingSink();
      E2e.sync(fake, edge, catalog, state, sink);

      Set<Object> distinct = new HashSet<>();
      sink.records().forEach(r -> distinct.add(r.position()));
      assertThat(distinct).hasSize(batch.size()); // one position per row, however often it was delivered
    }
  }

  /**
   * VStream: a transaction of a shard's 15 rows arrives in responses of one event each, and the read
   * call ends unexpectedly after its second response. The SDK delivers a VStream transaction only at its
   * COMMIT, so nothing of it was delivered before the drop and nothing arrives twice (psdbconnect's
   * at-least-once redelivery of the partial transaction is the test above).
   */
  @Test
  void vstreamDropInsideALargeTransactionRedeliversNothing() {
    try (FakePlanetScale fake = E2e.twoShards(false, 3);
        EdgeDatabase edge = E2e.edge(Transport.VSTREAM, fake)) {
      Map<Long, String> rows = E2e.orders(fake, 10);
      Catalog catalog = E2e.catalog(fake);
      State state = E2e.syncOneReadAtATime(fake, edge, catalog, State.empty(), new RecordingSink());
      E2e.quiesce(fake);
      Map<Long, String> start = new TreeMap<>(rows);
      List<Map<String, ?>> batch = new ArrayList<>();
      for (long id = 11; id <= 40; id++) {
        batch.add(Map.of("id", id, "note", "b" + id));
        rows.put(id, "b" + id);
      }
      fake.insertAll("orders", batch); // one transaction per shard
      int before = fake.vstreamRequests().size();
      dropInsideTransaction(Transport.VSTREAM, fake);

      RecordingSink sink = new RecordingSink();
      E2e.syncOneReadAtATime(fake, edge, catalog, state, sink);

      assertThat(E2e.replay(start, sink.records())).isEqualTo(rows);
      assertThat(E2e.countsById(sink.records())).hasSize(batch.size()).allSatisfy((id, n) -> assertThat(n).isOne());
      // The drop happened: the -80 read was called again (2 peeks + 2 reads without it).
      assertThat(fake.vstreamRequests().size() - before).isEqualTo(4 + 1);
    }
  }

  /** A stream broken mid-copy once: after 20 rows (Sync), after the 4th response with 5-row batches (VStream). */
  private static void dropMidCopy(Transport transport, FakePlanetScale fake) {
    if (transport == Transport.VSTREAM) {
      fake.vstream().copyBatchRows(5);
      fake.faults().vstream().endUnexpectedlyAfterResponses(4);
    } else {
      fake.faults().dropStreamAfterRows(20);
    }
  }

  /**
   * A replication stream broken once inside a transaction split over several responses: Sync after 4
   * rows (responses of 3 rows), VStream after the second response of one event each (BEGIN, FIELD, ROW...).
   */
  private static void dropInsideTransaction(Transport transport, FakePlanetScale fake) {
    if (transport == Transport.VSTREAM) {
      fake.vstream().maxEventsPerResponse(1);
      fake.faults().vstream().endUnexpectedlyAfterResponses(2);
    } else {
      fake.faults().dropStreamAfterRows(4);
    }
  }
}
