package io.planetscale.cdc.grpc;

import static io.planetscale.cdc.grpc.VStreamEvents.ID;
import static io.planetscale.cdc.grpc.VStreamEvents.KS;
import static io.planetscale.cdc.grpc.VStreamEvents.NAME;
import static io.planetscale.cdc.grpc.VStreamEvents.POS1;
import static io.planetscale.cdc.grpc.VStreamEvents.POS2;
import static io.planetscale.cdc.grpc.VStreamEvents.POS3;
import static io.planetscale.cdc.grpc.VStreamEvents.POS4;
import static io.planetscale.cdc.grpc.VStreamEvents.SHARD;
import static io.planetscale.cdc.grpc.VStreamEvents.begin;
import static io.planetscale.cdc.grpc.VStreamEvents.commit;
import static io.planetscale.cdc.grpc.VStreamEvents.ddl;
import static io.planetscale.cdc.grpc.VStreamEvents.delete;
import static io.planetscale.cdc.grpc.VStreamEvents.event;
import static io.planetscale.cdc.grpc.VStreamEvents.field;
import static io.planetscale.cdc.grpc.VStreamEvents.insert;
import static io.planetscale.cdc.grpc.VStreamEvents.other;
import static io.planetscale.cdc.grpc.VStreamEvents.ours;
import static io.planetscale.cdc.grpc.VStreamEvents.response;
import static io.planetscale.cdc.grpc.VStreamEvents.rows;
import static io.planetscale.cdc.grpc.VStreamEvents.shardGtid;
import static io.planetscale.cdc.grpc.VStreamEvents.update;
import static io.planetscale.cdc.grpc.VStreamEvents.vgtid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The replication phase (wire-format §7.2) through {@link VStreamProtocol#apply}, started from a position. */
class VStreamProtocolReplicationTest {
  private static final Field C = Field.of("c", VitessType.INT32, "int", 63);

  private final VStreamProtocol protocol = VStreamEvents.protocol();
  private final RecordingDelivery out = new RecordingDelivery();

  @BeforeEach
  void startAtAPosition() {
    protocol.startAt(TableCursor.of(SHARD, KS, POS1));
  }

  private void apply(VEvent... events) {
    assertThat(protocol.apply(response(events), out)).isNull();
  }

  @Test
  void aTransactionSpanningThreeResponsesIsDeliveredOnceAtItsCommit() {
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("1", "a")));
    apply(rows("ks.t", insert("2", "b")), rows("ks.t", update(new String[] {"2", "b"}, new String[] {"2", "c"})));
    assertThat(out.take()).isEmpty();
    apply(rows("ks.t", delete("1", "a")), vgtid(ours(POS2)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,name)", "INSERT [1, a] [2, b]",
        "UPDATE [2, c] before [2, b]", "DELETE [1, a]", "cursor " + POS2);
  }

  @Test
  void severalTransactionsInOneResponseAreDeliveredOneByOne() {
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("1", "a")), vgtid(ours(POS2)), commit(),
        begin(), rows("ks.t", delete("1", "a")), vgtid(ours(POS3)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,name)", "INSERT [1, a]", "cursor " + POS2,
        "begin " + POS3, "DELETE [1, a]", "cursor " + POS3);
  }

  @Test
  void otherTablesTransactionsAdvanceTheCursorWithoutRows() {
    apply(begin(), field("ks.u", ID), rows("ks.u", insert("7")), vgtid(ours(POS2)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "cursor " + POS2);
  }

  @Test
  void otherShardsPositionsAreIgnored() {
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("1", "a")),
        vgtid(shardGtid(KS, "80-", POS4), ours(POS2), shardGtid("ks2", SHARD, POS4)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,name)", "INSERT [1, a]", "cursor " + POS2);
    // A VGTID without this shard's entry is no cursor: the rows still come, without one.
    apply(begin(), rows("ks.t", insert("2", "b")), vgtid(shardGtid(KS, "80-", POS4)), commit());
    assertThat(out.take()).containsExactly("begin -", "INSERT [2, b]");
  }

  @Test
  void aVgtidBeforeOtherOrDdlIsACursorWithoutBeginOrCommit() {
    apply(vgtid(ours(POS2)), other());
    assertThat(out.take()).containsExactly("begin " + POS2, "cursor " + POS2);
    apply(vgtid(ours(POS3)), ddl("alter table t add column c int"));
    assertThat(out.take()).containsExactly("begin " + POS3, "schema alter table t add column c int -",
        "cursor " + POS3);
    // The new columns come with the table's next FIELD event, before its rows.
    apply(begin(), field("ks.t", ID, NAME, C), rows("ks.t", insert("1", "a", "5")), vgtid(ours(POS4)), commit());
    assertThat(out.take()).containsExactly("begin " + POS4, "schema - (id,name,c)", "INSERT [1, a, 5]",
        "cursor " + POS4);
  }

  @Test
  void aDdlIsFollowedByTheNextFieldEventEvenIfTheColumnsDidNotChange() {
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("1", "a")), vgtid(ours(POS2)), commit());
    apply(vgtid(ours(POS3)), ddl("create index i on t (name)"));
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("2", "b")), vgtid(ours(POS4)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,name)", "INSERT [1, a]", "cursor " + POS2,
        "begin " + POS3, "schema create index i on t (name) -", "cursor " + POS3,
        "begin " + POS4, "schema - (id,name)", "INSERT [2, b]", "cursor " + POS4);
  }

  @Test
  void aFieldEventReplacesTheColumnsAndAChangeIsReportedInStreamOrder() {
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("1", "a")));
    // The same columns with other metadata (flags, length) are no change.
    Field idOtherFlags = new Field("id", VitessType.INT64, "t", "bigint", 63, 3, "", "", "", 0, 0);
    apply(field("ks.t", idOtherFlags, NAME), rows("ks.t", insert("2", "b")));
    apply(field("ks.t", ID, NAME, C), rows("ks.t", insert("3", "c", "9")), vgtid(ours(POS2)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,name)", "INSERT [1, a]", "INSERT [2, b]",
        "schema - (id,name,c)", "INSERT [3, c, 9]", "cursor " + POS2);
    assertThat(out.results.get(2).fields()).extracting(Field::name).containsExactly("id", "name", "c");
    // The first FIELD event is reported (the engine decides whether it is a change); the second, with
    // the same columns, is not.
    assertThat(out.schemas).hasSize(2);
  }

  @Test
  void theFirstFieldEventOfACallIsReportedAndTheSameColumnsLaterInTheCallAreNot() {
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("1", "a")), vgtid(ours(POS2)), commit());
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("2", "b")), field("ks.t", ID, NAME),
        rows("ks.t", insert("3", "c")), vgtid(ours(POS3)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,name)", "INSERT [1, a]", "cursor " + POS2,
        "begin " + POS3, "INSERT [2, b]", "INSERT [3, c]", "cursor " + POS3);
    assertThat(out.schemas).singleElement().satisfies(f -> assertThat(f).containsExactly(ID, NAME));
  }

  @Test
  void restartForgetsHalfATransaction() {
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("1", "a")));
    protocol.restart();
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("2", "b")), vgtid(ours(POS2)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,name)", "INSERT [2, b]", "cursor " + POS2);
  }

  @Test
  void aSchemaChangeLostWithHalfATransactionIsReportedWhenItComesAgain() {
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("1", "a")), vgtid(ours(POS2)), commit());
    apply(begin(), field("ks.t", ID, NAME, C), rows("ks.t", insert("2", "b", "3")));
    protocol.restart();
    apply(begin(), field("ks.t", ID, NAME, C), rows("ks.t", insert("2", "b", "3")), vgtid(ours(POS3)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,name)", "INSERT [1, a]", "cursor " + POS2,
        "begin " + POS3, "schema - (id,name,c)", "INSERT [2, b, 3]", "cursor " + POS3);
  }

  @Test
  void rowsBeforeTheirFieldEventAreAnErrorNamingTableAndShard() {
    assertThatThrownBy(() -> apply(begin(), rows("ks.t", insert("1", "a"))))
        .isInstanceOf(PlanetScaleCdcException.class)
        .hasMessage("reading table \"t\" shard \"-80\" failed: the server sent rows of the table before its FIELD "
            + "event");
  }

  @Test
  void heartbeatsJournalsSavepointsAndUnknownEventTypesAreIgnored() {
    VEvent unknown = VEvent.newBuilder().setTypeValue(99).build();
    apply(event(VEventType.HEARTBEAT), event(VEventType.JOURNAL), event(VEventType.SAVEPOINT), unknown,
        event(VEventType.VERSION), event(VEventType.ROLLBACK));
    assertThat(out.take()).isEmpty();
    apply(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("1", "a")), event(VEventType.HEARTBEAT), unknown,
        vgtid(ours(POS2)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,name)", "INSERT [1, a]", "cursor " + POS2);
  }

  @Test
  void currentPositionIsThisShardsEntryOfTheFirstVgtidThatHasOne() {
    assertThat(protocol.currentPosition(response(vgtid(shardGtid(KS, "80-", POS4), ours(POS1)), other())))
        .isEqualTo(POS1);
    assertThat(protocol.currentPosition(response(vgtid(shardGtid(KS, "80-", POS4)), vgtid(ours(POS2)))))
        .isEqualTo(POS2);
    assertThat(protocol.currentPosition(response(vgtid(shardGtid(KS, "80-", POS4)), other()))).isNull();
    assertThat(protocol.currentPosition(response(event(VEventType.HEARTBEAT)))).isNull();
  }

  @Test
  void theServerEndingAVStreamIsARetryableFailureAndStopsAreExact() {
    Status completion = protocol.completion();
    assertThat(completion.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(completion.getDescription()).contains("EOF");
    assertThat(StatusClassifier.isRetryable(completion)).isTrue();
    assertThat(protocol.exactStop()).isTrue();
  }
}
