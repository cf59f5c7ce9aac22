package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.State;
import io.planetscale.cdc.grpc.VStreamEdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordedVStreamRequest;
import io.planetscale.cdc.testkit.RecordingSink;
import io.planetscale.cdc.testkit.VStreamFaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A VStream copy that breaks is resumed from the last VGTID and lastpk, never restarted, whichever
 * way it broke; DML made while the copy runs is caught up so that replaying the records gives the
 * table's final content.
 */
class VStreamCopyResumeE2eTest {

  /** Copies 30 rows in batches of 5 with {@code fault} armed; checks each row arrived once and the resume. */
  private static long copyResumes(Consumer<FakePlanetScale> fault) {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      fake.vstream().copyBatchRows(5);
      Map<Long, String> rows = E2e.orders(fake, 30);
      Catalog catalog = E2e.catalog(fake);
      fault.accept(fake);
      RecordingSink sink = new RecordingSink();
      State done = VStreamE2e.sync(fake, edge, catalog, State.empty(), sink);

      assertThat(E2e.replay(Map.of(), sink.records())).isEqualTo(rows);
      assertThat(E2e.countsById(sink.records())).as("each row once").allSatisfy((id, n) -> assertThat(n).isOne());
      assertThat(VStreamE2e.cursor(done, "orders", "-").isCopying()).isFalse();

      List<RecordedVStreamRequest> copies = fake.vstreamRequests().stream()
          .filter(r -> !r.shardGtids().get(0).gtid().equals("current")).toList();
      assertThat(copies).as("the first copy call and its resume").hasSizeGreaterThanOrEqualTo(2);
      assertThat(copies.get(0).shardGtids().get(0).gtid()).isEmpty();
      RecordedVStreamRequest.Shard resume = copies.get(1).shardGtids().get(0);
      assertThat(resume.gtid()).as("the resume carries the snapshot position").startsWith("MySQL56/");
      assertThat(resume.tablePks()).as("...together with the last key copied").containsKey("orders");
      long lastPk = Long.parseLong(resume.tablePks().get("orders").get("id"));
      assertThat(lastPk).isBetween(5L, 25L);
      assertThat(lastPk % 5).as("a batch boundary").isZero();
      return lastPk;
    }
  }

  @Test
  void theCopyInterruptionErrno3024ResumesFromTheLastLastpk() {
    long lastPk = copyResumes(fake -> fake.faults().vstream().interruptCopyAfterBatches(2));
    assertThat(lastPk).as("two batches of five were copied before the interruption").isEqualTo(10);
  }

  @Test
  void vstreamEndedUnexpectedlyDuringTheCopyResumes() {
    copyResumes(fake -> fake.faults().vstream().endUnexpectedlyAfterResponses(4));
  }

  @Test
  void aCleanEndOfStreamDuringTheCopyResumes() {
    copyResumes(fake -> fake.faults().vstream().completeAfterResponses(4));
  }

  @Test
  void theIdleEndOfStreamDuringTheCopyResumes() {
    copyResumes(fake -> fake.faults().vstream().endIdleAfterResponses(4, Duration.ofMillis(20)));
  }

  @Test
  void unavailableDuringTheCopyResumes() {
    copyResumes(fake -> fake.faults().vstream().failAfterResponses(4, Status.Code.UNAVAILABLE, "vttablet restarting"));
  }

  @Test
  void cancelledDuringTheCopyResumes() {
    copyResumes(fake -> fake.faults().vstream().failAfterResponses(4, Status.Code.CANCELLED, "context canceled"));
  }

  @Test
  void changesBetweenCopyBatchesAreCaughtUpSoReplayGivesTheFinalTable() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      fake.vstream().copyBatchRows(5);
      Map<Long, String> expected = E2e.orders(fake, 30);
      Catalog catalog = E2e.catalog(fake);
      AtomicBoolean fired = new AtomicBoolean();
      fake.vstream().beforeCopyBatch((shard, table, batchesSent) -> {
        if (batchesSent == 2 && fired.compareAndSet(false, true)) {
          fake.update("orders", 3L, Map.of("note", "copied, then changed")); // already copied
          fake.delete("orders", 4L); // already copied
          fake.update("orders", 25L, Map.of("note", "changed before its copy")); // not yet copied
          fake.delete("orders", 26L); // not yet copied
          fake.insert("orders", Map.of("id", 0L, "note", "below the lastpk"));
          fake.insert("orders", Map.of("id", 100L, "note", "above the lastpk"));
        }
      });
      RecordingSink sink = new RecordingSink();
      VStreamE2e.sync(fake, edge, catalog, State.empty(), sink);
      assertThat(fired).isTrue();

      expected.put(3L, "copied, then changed");
      expected.remove(4L);
      expected.put(25L, "changed before its copy");
      expected.remove(26L);
      expected.put(0L, "below the lastpk");
      expected.put(100L, "above the lastpk");
      List<Record> records = sink.records();
      assertThat(E2e.replay(Map.of(), records)).isEqualTo(expected);
      assertThat(fake.rowCount("orders")).isEqualTo(expected.size());
    }
  }
}
