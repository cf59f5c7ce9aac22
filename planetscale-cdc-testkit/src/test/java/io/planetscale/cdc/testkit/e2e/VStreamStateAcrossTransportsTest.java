package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.SinkException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.ConnectEdgeDatabase;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.VStreamEdgeDatabase;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A state written by one transport resumes on the other: the same Base64 TableCursor per stream and
 * shard, whether it was saved in the middle of a copy or after it.
 */
class VStreamStateAcrossTransportsTest {

  /** A sync on {@code edge} whose sink fails at its 13th record; returns the state the failure carries. */
  private static State failMidCopy(FakePlanetScale fake, EdgeDatabase edge, Catalog catalog, List<Record> applied) {
    RecordingSink sink = new RecordingSink().failOnRecord(12, new IllegalStateException("disk full"));
    SinkException e = catchThrowableOfType(SinkException.class,
        () -> VStreamE2e.sync(fake, edge, catalog, State.empty(), sink));
    assertThat(e).as("the sink's failure stops the sync").isNotNull();
    E2e.quiesce(fake);
    applied.addAll(sink.records());
    return e.state();
  }

  /** The state's cursor is a Base64 TableCursor that any transport reads back to the same bytes. */
  private static TableCursor assertPortable(State state) {
    SerializedCursor saved = state.streams().get("orders").shards().get("-");
    TableCursor cursor = saved.toTableCursor();
    assertThat(SerializedCursor.of(cursor).cursor()).isEqualTo(saved.cursor());
    assertThat(State.fromJson(state.toJson())).isEqualTo(state);
    assertThat(cursor.keyspace()).isEqualTo("shop");
    assertThat(cursor.shard()).isEqualTo("-");
    return cursor;
  }

  private static void copyInterruptedOnOneResumesOnTheOther(boolean vstreamFirst) {
    try (FakePlanetScale fake = VStreamE2e.oneShard();
        ConnectEdgeDatabase connect = ConnectEdgeDatabase.create(fake.source(), ConnectOptions.defaults());
        VStreamEdgeDatabase vstream = VStreamE2e.vstream(fake)) {
      fake.vstream().copyBatchRows(5);
      Map<Long, String> rows = E2e.orders(fake, 40);
      Catalog catalog = E2e.catalog(fake);
      List<Record> applied = new ArrayList<>();
      State failed = failMidCopy(fake, vstreamFirst ? vstream : connect, catalog, applied);
      TableCursor saved = assertPortable(failed);
      assertThat(saved.isCopying()).as("saved in the middle of the copy: %s", saved).isTrue();
      assertThat(applied).hasSizeLessThan(40);

      RecordingSink second = new RecordingSink();
      State done = VStreamE2e.sync(fake, vstreamFirst ? connect : vstream, catalog, failed, second);
      applied.addAll(second.records());

      assertThat(E2e.replay(Map.of(), applied)).as("no row lost").isEqualTo(rows);
      assertThat(assertPortable(done).isCopying()).isFalse();
    }
  }

  @Test
  void aCopyInterruptedOnPsdbconnectResumesOnVStream() {
    copyInterruptedOnOneResumesOnTheOther(false);
  }

  @Test
  void aCopyInterruptedOnVStreamResumesOnPsdbconnect() {
    copyInterruptedOnOneResumesOnTheOther(true);
  }

  private static void incrementalStateContinuesOnTheOther(boolean vstreamFirst) {
    try (FakePlanetScale fake = VStreamE2e.oneShard();
        ConnectEdgeDatabase connect = ConnectEdgeDatabase.create(fake.source(), ConnectOptions.defaults());
        VStreamEdgeDatabase vstream = VStreamE2e.vstream(fake)) {
      E2e.orders(fake, 10);
      Catalog catalog = E2e.catalog(fake);
      RecordingSink first = new RecordingSink();
      State copied = VStreamE2e.sync(fake, vstreamFirst ? vstream : connect, catalog, State.empty(), first);
      assertThat(first.records()).hasSize(10);
      assertThat(assertPortable(copied).isCopying()).isFalse();

      fake.update("orders", 3L, Map.of("note", "later"));
      fake.delete("orders", 4L);
      fake.insert("orders", Map.of("id", 11L, "note", "n11"));
      RecordingSink second = new RecordingSink();
      State next = VStreamE2e.sync(fake, vstreamFirst ? connect : vstream, catalog, copied, second);

      assertThat(second.records()).extracting(r -> r.operation().name() + ":" + r.data().get("id"))
          .containsExactly("UPDATE:3", "DELETE:4", "INSERT:11");
      assertThat(second.records().get(0).data()).containsEntry("note", "later");
      assertThat(assertPortable(next).position()).isEqualTo(fake.position("-"));
    }
  }

  @Test
  void anIncrementalStateFromPsdbconnectContinuesOnVStreamWithExactlyTheLaterChanges() {
    incrementalStateContinuesOnTheOther(false);
  }

  @Test
  void anIncrementalStateFromVStreamContinuesOnPsdbconnectWithExactlyTheLaterChanges() {
    incrementalStateContinuesOnTheOther(true);
  }
}
