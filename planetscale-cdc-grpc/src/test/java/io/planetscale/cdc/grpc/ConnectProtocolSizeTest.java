package io.planetscale.cdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.DeletedRow;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.UpdatedRow;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import io.planetscale.cdc.wire.internal.proto.query.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ConnectProtocol#size}: an estimate of the wire size close to protobuf's exact one. */
class ConnectProtocolSizeTest {
  private final ConnectProtocol protocol = new ConnectProtocol(null, "t", "-", TabletType.PRIMARY, List.of(),
      List.of(), true, true, true);

  private static QueryResult result(int rows) {
    QueryResult.Builder b = QueryResult.newBuilder();
    for (String name : List.of("id", "qty", "customer", "amount", "created_at", "note", "payload")) {
      b.addFields(Field.newBuilder().setName(name).setType(Type.VARCHAR).setTable("bench_rows").setColumnType("text")
          .setCharset(255));
    }
    for (int i = 0; i < rows; i++) {
      String values = i + "" + (i % 1000) + "customer-" + (i % 5000) + "123.45" + "2026-01-01 00:00:01.000001"
          + "note " + i + ": the quick brown fox" + "0123456789abcdef";
      b.addRows(Row.newBuilder().addLengths(String.valueOf(i).length()).addLengths(String.valueOf(i % 1000).length())
          .addLengths(("customer-" + (i % 5000)).length()).addLengths(6).addLengths(26)
          .addLengths(("note " + i + ": the quick brown fox").length()).addLengths(16)
          .setValues(ByteString.copyFromUtf8(values)));
    }
    return b.build();
  }

  private static TableCursor cursor() {
    return TableCursor.newBuilder().setShard("-80").setKeyspace("bench")
        .setPosition("MySQL56/2bc2b8a4-8e07-11ee-a5f4-0242ac110002:1-123456")
        .setLastKnownPk(result(1)).build();
  }

  @Test
  void aCopyResponseIsEstimatedWithinTwoPercent() {
    SyncResponse r = SyncResponse.newBuilder().addResult(result(1000)).setCursor(cursor()).build();
    assertThat((double) protocol.size(r)).isCloseTo(r.getSerializedSize(), within(r.getSerializedSize() * 0.02));
  }

  @Test
  void changesAndCursorOnlyResponsesAreEstimatedClosely() {
    SyncResponse changes = SyncResponse.newBuilder().addResult(result(3))
        .addUpdates(UpdatedRow.newBuilder().setBefore(result(1)).setAfter(result(1)))
        .addDeletes(DeletedRow.newBuilder().setResult(result(1))).setCursor(cursor()).build();
    assertThat((double) protocol.size(changes)).isCloseTo(changes.getSerializedSize(),
        within(changes.getSerializedSize() * 0.05));
    SyncResponse cursorOnly = SyncResponse.newBuilder().setCursor(cursor()).build();
    assertThat(protocol.size(cursorOnly)).isBetween(cursorOnly.getSerializedSize() - 4,
        cursorOnly.getSerializedSize() + 4);
    assertThat(protocol.size(SyncResponse.getDefaultInstance())).isZero();
  }
}
