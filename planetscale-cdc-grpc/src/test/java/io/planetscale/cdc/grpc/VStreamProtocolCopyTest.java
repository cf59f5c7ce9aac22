package io.planetscale.cdc.grpc;

import static io.planetscale.cdc.grpc.VStreamEvents.ID;
import static io.planetscale.cdc.grpc.VStreamEvents.KS;
import static io.planetscale.cdc.grpc.VStreamEvents.NAME;
import static io.planetscale.cdc.grpc.VStreamEvents.POS1;
import static io.planetscale.cdc.grpc.VStreamEvents.POS2;
import static io.planetscale.cdc.grpc.VStreamEvents.POS3;
import static io.planetscale.cdc.grpc.VStreamEvents.SHARD;
import static io.planetscale.cdc.grpc.VStreamEvents.begin;
import static io.planetscale.cdc.grpc.VStreamEvents.commit;
import static io.planetscale.cdc.grpc.VStreamEvents.copyCompleted;
import static io.planetscale.cdc.grpc.VStreamEvents.field;
import static io.planetscale.cdc.grpc.VStreamEvents.insert;
import static io.planetscale.cdc.grpc.VStreamEvents.lastPk;
import static io.planetscale.cdc.grpc.VStreamEvents.lastPkEvent;
import static io.planetscale.cdc.grpc.VStreamEvents.ours;
import static io.planetscale.cdc.grpc.VStreamEvents.pkResult;
import static io.planetscale.cdc.grpc.VStreamEvents.response;
import static io.planetscale.cdc.grpc.VStreamEvents.rows;
import static io.planetscale.cdc.grpc.VStreamEvents.update;
import static io.planetscale.cdc.grpc.VStreamEvents.vgtid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import org.junit.jupiter.api.Test;

/** The copy phase, framed as vtgate frames it (wire-format §7.3), through {@link VStreamProtocol#apply}. */
class VStreamProtocolCopyTest {
  private final VStreamProtocol protocol = VStreamEvents.protocol();
  private final RecordingDelivery out = new RecordingDelivery();

  private void apply(VEvent... events) {
    assertThat(protocol.apply(response(events), out)).isNull();
  }

  @Test
  void aCopyCheckpointsEachBatchDeliversCatchUpInOrderAndContinuesAsReplication() {
    protocol.startAt(TableCursor.of(SHARD, KS, ""));
    apply(begin(), field("ks.t", ID, NAME));
    apply(vgtid(ours(POS1))); // the snapshot position, still inside the transaction
    assertThat(out.take()).isEmpty();

    apply(rows("ks.t", insert("1", "a")), rows("ks.t", insert("2", "b")), vgtid(ours(POS1, lastPk("t", 2))), commit());
    assertThat(out.take()).containsExactly("begin " + POS1 + " pk=2", "schema - (id,name)", "INSERT [1, a] [2, b]",
        "cursor " + POS1 + " pk=2");

    // A catch-up transaction in the middle of the copy, for a row already copied.
    apply(begin(), rows("ks.t", update(new String[] {"1", "a"}, new String[] {"1", "z"})),
        vgtid(ours(POS2, lastPk("t", 2))), commit());
    assertThat(out.take()).containsExactly("begin " + POS2 + " pk=2", "UPDATE [1, z] before [1, a]",
        "cursor " + POS2 + " pk=2");

    // Later batches come without BEGIN.
    apply(rows("ks.t", insert("3", "c")), vgtid(ours(POS2, lastPk("t", 3))), commit());
    assertThat(out.take()).containsExactly("begin " + POS2 + " pk=3", "INSERT [3, c]", "cursor " + POS2 + " pk=3");

    // The table is done: vtgate drops its lastpk. From here the table resumes as replication.
    apply(begin(), vgtid(ours(POS2)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "cursor " + POS2);

    apply(copyCompleted(KS, SHARD), copyCompleted("", ""));
    assertThat(out.take()).isEmpty();

    apply(begin(), rows("ks.t", insert("4", "d")), vgtid(ours(POS3)), commit());
    assertThat(out.take()).containsExactly("begin " + POS3, "INSERT [4, d]", "cursor " + POS3);
  }

  @Test
  void anEmptyTableGetsItsCursorAtTheGlobalCopyCompletedNotAtThePerShardOne() {
    protocol.startAt(TableCursor.of(SHARD, KS, ""));
    apply(begin(), field("ks.t", ID, NAME));
    apply(vgtid(ours(POS1)));
    apply(begin(), vgtid(ours(POS1)), commit()); // the (empty) table finished before any copy progress
    apply(copyCompleted(KS, SHARD));
    // The table's columns are reported (without a cursor); no position is a cursor yet.
    assertThat(out.take()).containsExactly("begin -", "schema - (id,name)");
    assertThat(out.cursors).isEmpty();

    apply(copyCompleted("", ""));
    assertThat(out.take()).containsExactly("begin " + POS1, "cursor " + POS1);
    assertThat(out.cursors.get(0).cursor()).isEqualTo(TableCursor.of(SHARD, KS, POS1));
  }

  @Test
  void theSnapshotPositionAndOtherTablesProgressAreNotCursorsBeforeTheTableProgressed() {
    protocol.startAt(TableCursor.of(SHARD, KS, ""));
    apply(begin(), field("ks.t", ID, NAME), vgtid(ours(POS1)), commit());
    apply(begin(), vgtid(ours(POS1, lastPk("other", 9))), commit());
    // Saving {POS1, no lastpk} here would resume as replication and skip the copy: the columns are
    // reported, no cursor is.
    assertThat(out.take()).containsExactly("begin -", "schema - (id,name)");
    assertThat(out.cursors).isEmpty();
  }

  @Test
  void beginWithoutCommitAndCommitWithoutBeginAreOneTransaction() {
    protocol.startAt(TableCursor.of(SHARD, KS, ""));
    apply(begin(), field("ks.t", ID, NAME)); // no COMMIT
    apply(begin(), field("ks.t", ID, NAME)); // a second BEGIN
    apply(vgtid(ours(POS1)));
    apply(rows("ks.t", insert("1", "a")));
    apply(rows("ks.t", insert("2", "b")), vgtid(ours(POS1, lastPk("t", 2))), commit());
    apply(commit()); // a COMMIT with nothing before it
    assertThat(out.take()).containsExactly("begin " + POS1 + " pk=2", "schema - (id,name)", "INSERT [1, a] [2, b]",
        "cursor " + POS1 + " pk=2");
  }

  @Test
  void aResumedCopyCatchesUpThenCopiesOnAndEndsWhenTheLastKeyIsDropped() {
    protocol.startAt(new TableCursor(SHARD, KS, POS1, ProtoCodec.fromProto(pkResult(2))));
    // Catch-up: vtgate keeps the lastpk of the request in every VGTID until the copy moves it.
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", update(new String[] {"1", "a"}, new String[] {"1", "y"})),
        vgtid(ours(POS2, lastPk("t", 2))), commit());
    assertThat(out.take()).containsExactly("begin " + POS2 + " pk=2", "schema - (id,name)",
        "UPDATE [1, y] before [1, a]", "cursor " + POS2 + " pk=2");
    apply(begin(), field("ks.t", ID, NAME));
    apply(vgtid(ours(POS2, lastPk("t", 2))));
    apply(rows("ks.t", insert("3", "c")), vgtid(ours(POS2, lastPk("t", 3))), commit());
    assertThat(out.take()).containsExactly("begin " + POS2 + " pk=3", "INSERT [3, c]", "cursor " + POS2 + " pk=3");
    apply(begin(), vgtid(ours(POS2)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "cursor " + POS2);
  }

  @Test
  void aCopyCursorWithoutPositionResumesAndEndsAsReplication() {
    protocol.startAt(new TableCursor(SHARD, KS, "", ProtoCodec.fromProto(pkResult(5))));
    apply(begin(), field("ks.t", ID, NAME), vgtid(ours(POS1, lastPk("t", 5))));
    apply(rows("ks.t", insert("6", "f")), vgtid(ours(POS1, lastPk("t", 6))), commit());
    apply(begin(), vgtid(ours(POS1)), commit());
    assertThat(out.take()).containsExactly("begin " + POS1 + " pk=6", "schema - (id,name)", "INSERT [6, f]",
        "cursor " + POS1 + " pk=6", "begin " + POS1, "cursor " + POS1);
  }

  @Test
  void theGlobalCopyCompletedEndsTheCopyEvenIfTheLastKeyWasNotDropped() {
    protocol.startAt(TableCursor.of(SHARD, KS, ""));
    apply(begin(), field("ks.t", ID, NAME), vgtid(ours(POS1)));
    apply(rows("ks.t", insert("1", "a")), vgtid(ours(POS1, lastPk("t", 1))));
    apply(copyCompleted(KS, SHARD), copyCompleted("", ""));
    assertThat(out.take()).containsExactly("begin " + POS1, "schema - (id,name)", "INSERT [1, a]", "cursor " + POS1);
  }

  @Test
  void lastPkEventsOfTheTableAreCopyProgressAndCompletedEndsTheCopy() {
    protocol.startAt(TableCursor.of(SHARD, KS, ""));
    apply(begin(), field("ks.t", ID, NAME), vgtid(ours(POS1)));
    apply(rows("ks.t", insert("1", "a")), lastPkEvent("other", 7, false), lastPkEvent("t", 1, false), commit());
    assertThat(out.take()).containsExactly("begin " + POS1 + " pk=1", "schema - (id,name)", "INSERT [1, a]",
        "cursor " + POS1 + " pk=1");
    apply(begin(), lastPkEvent("t", 0, true), commit());
    assertThat(out.take()).containsExactly("begin " + POS1, "cursor " + POS1);
  }

  @Test
  void copyProgressWithoutFieldsIsAnErrorNamingTableAndShard() {
    protocol.startAt(TableCursor.of(SHARD, KS, ""));
    TableLastPK fieldless = TableLastPK.newBuilder().setTableName("t")
        .setLastpk(pkResult(3).toBuilder().clearFields()).build();
    assertThatThrownBy(() -> apply(begin(), field("ks.t", ID, NAME), vgtid(ours(POS1, fieldless))))
        .isInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("table \"t\" shard \"-80\"")
        .hasMessageContaining("without its field metadata");
  }
}
