package io.planetscale.cdc.grpc;

import static io.planetscale.cdc.grpc.VStreamEvents.ID;
import static io.planetscale.cdc.grpc.VStreamEvents.KS;
import static io.planetscale.cdc.grpc.VStreamEvents.NAME;
import static io.planetscale.cdc.grpc.VStreamEvents.POS1;
import static io.planetscale.cdc.grpc.VStreamEvents.SHARD;
import static io.planetscale.cdc.grpc.VStreamEvents.begin;
import static io.planetscale.cdc.grpc.VStreamEvents.commit;
import static io.planetscale.cdc.grpc.VStreamEvents.field;
import static io.planetscale.cdc.grpc.VStreamEvents.insert;
import static io.planetscale.cdc.grpc.VStreamEvents.lastPk;
import static io.planetscale.cdc.grpc.VStreamEvents.ours;
import static io.planetscale.cdc.grpc.VStreamEvents.pkResult;
import static io.planetscale.cdc.grpc.VStreamEvents.response;
import static io.planetscale.cdc.grpc.VStreamEvents.rows;
import static io.planetscale.cdc.grpc.VStreamEvents.vgtid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Cursors built from the wire are saved exactly as {@link SerializedCursor#of} saves the decoded cursor. */
class VStreamCursorsTest {
  @Test
  void theSavedFormIsByteIdenticalToSerializedCursorOfTheDecodedCursor() {
    EncodedCursor copy = VStreamCursors.encode(KS, SHARD, POS1, lastPk("t", 1234567), "t");
    assertThat(copy.cursor()).isEqualTo(new TableCursor(SHARD, KS, POS1, ProtoCodec.fromProto(pkResult(1234567))));
    assertThat(copy.serialized()).isEqualTo(SerializedCursor.of(copy.cursor()));
    assertThat(copy.serialized().toTableCursor()).isEqualTo(copy.cursor());

    EncodedCursor replication = VStreamCursors.encode(KS, SHARD, POS1, null, "t");
    assertThat(replication.cursor()).isEqualTo(TableCursor.of(SHARD, KS, POS1));
    assertThat(replication.serialized()).isEqualTo(SerializedCursor.of(replication.cursor()));
  }

  @Test
  void theSavedFormCarriesTheLastKeyAsTheServerSentIt() {
    TableLastPK pk = lastPk("t", 42);
    EncodedCursor c = VStreamCursors.encode(KS, SHARD, "", pk, "t");
    byte[] expected = io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor.newBuilder()
        .setShard(SHARD).setKeyspace(KS).setLastKnownPk(pk.getLastpk()).build().toByteArray();
    assertThat(Base64.getDecoder().decode(c.serialized().cursor())).isEqualTo(expected);
  }

  @Test
  void cursorsDeliveredByApplyAreByteIdenticalToo() {
    VStreamProtocol protocol = VStreamEvents.protocol();
    protocol.startAt(TableCursor.of(SHARD, KS, ""));
    RecordingDelivery out = new RecordingDelivery();
    protocol.apply(response(begin(), field("ks.t", ID, NAME), vgtid(ours(POS1)), rows("ks.t", insert("7", "g")),
        vgtid(ours(POS1, lastPk("t", 7))), commit()), out);
    assertThat(out.cursors).hasSize(1);
    EncodedCursor c = out.cursors.get(0);
    assertThat(c.serialized()).isEqualTo(SerializedCursor.of(c.cursor()));
    assertThat(c.cursor().lastKnownPk().rows().get(0).get(0).toLong()).isEqualTo(7);
  }

  @Test
  void aLastKeyWithoutFieldsIsRejected() {
    TableLastPK noFields = TableLastPK.newBuilder().setTableName("t")
        .setLastpk(pkResult(1).toBuilder().clearFields()).build();
    assertThatThrownBy(() -> VStreamCursors.requireFields(noFields, "table \"t\" shard \"-80\""))
        .isInstanceOf(PlanetScaleCdcException.class).hasMessageContaining("table \"t\" shard \"-80\"");
    assertThatThrownBy(() -> VStreamCursors.requireFields(TableLastPK.newBuilder().setTableName("t").build(), "x"))
        .isInstanceOf(PlanetScaleCdcException.class);
  }
}
