package io.planetscale.cdc.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.DeletedRow;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.UpdatedRow;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * psdbconnect {@code Connect/Sync} for one table on one shard: builds the requests and unpacks
 * the responses for {@link ShardStreamLoop}. A response's cursor is the position after its rows,
 * and the same position may repeat over several responses (so stops settle, see {@link #exactStop}).
 */
final class ConnectProtocol implements ShardProtocol<SyncResponse> {
  private final ConnectGrpc.ConnectStub stub;
  private final String table;
  private final String where;
  private final TabletType tabletType;
  private final List<String> cells;
  private final List<String> columns;
  private final boolean inserts;
  private final boolean updates;
  private final boolean deletes;

  ConnectProtocol(ConnectGrpc.ConnectStub stub, String table, String shard, TabletType tabletType,
      List<String> cells, List<String> columns, boolean inserts, boolean updates, boolean deletes) {
    this.stub = stub;
    this.table = table;
    this.where = "table \"" + table + "\" shard \"" + shard + "\"";
    this.tabletType = tabletType;
    this.cells = cells;
    this.columns = columns;
    this.inserts = inserts;
    this.updates = updates;
    this.deletes = deletes;
  }

  @Override
  public StreamCall<SyncResponse> open(TableCursor from, Duration window) {
    ConnectGrpc.ConnectStub s = stub.withDeadlineAfter(window.toNanos(), TimeUnit.NANOSECONDS);
    return StreamCall.open(s::sync, request(from));
  }

  /** A peek names the table, shard, tablet type and cells only, as the Go connectors' peek does. */
  @Override
  public StreamCall<SyncResponse> openPeek(TableCursor current, Duration timeout) {
    ConnectGrpc.ConnectStub s = stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    return StreamCall.open(s::sync, SyncRequest.newBuilder().setTableName(table)
        .setCursor(ProtoCodec.toProto(current)).setTabletTypeValue(tabletType.wireValue()).addAllCells(cells).build());
  }

  /**
   * The request that streams the table from {@code cursor}, sent as it is. A cursor inside a copy
   * therefore resumes with its position and its last key together: the server first sends the
   * changes made since that position to rows already copied, then copies the rest. Only a copy
   * cursor without a position (as some Go connectors saved them) resumes from its key alone, on a
   * new snapshot that misses changes made meanwhile to rows already copied.
   */
  SyncRequest request(TableCursor cursor) {
    return SyncRequest.newBuilder().setTableName(table).setCursor(ProtoCodec.toProto(cursor))
        .setTabletTypeValue(tabletType.wireValue()).setIncludeInserts(inserts).setIncludeUpdates(updates)
        .setIncludeDeletes(deletes).addAllColumns(columns).addAllCells(cells).build();
  }

  @Override
  public String currentPosition(SyncResponse response) {
    return response.hasCursor() ? response.getCursor().getPosition() : null;
  }

  /**
   * Hands the rows to {@code out} in the order the server's clients apply them: inserted (or
   * copied) rows, then updates with their previous images, then deletes; then the cursor.
   */
  @Override
  public Status apply(SyncResponse r, ShardDelivery out) {
    EncodedCursor end = endCursor(r);
    out.beginResponse(end == null ? null : end.cursor());
    for (QueryResult result : r.getResultList()) {
      if (result.getRowsCount() > 0) {
        out.onResult(ProtoCodec.fromProto(result), Operation.INSERT, null);
      }
    }
    for (UpdatedRow u : r.getUpdatesList()) {
      out.onResult(ProtoCodec.fromProto(u.getAfter()), Operation.UPDATE, ProtoCodec.fromProto(u.getBefore()));
    }
    for (DeletedRow d : r.getDeletesList()) {
      out.onResult(ProtoCodec.fromProto(d.getResult()), Operation.DELETE, null);
    }
    if (r.hasError() && r.getError().getCodeValue() != 0) {
      return Status.fromCodeValue(r.getError().getCodeValue()).withDescription(r.getError().getMessage());
    }
    if (end != null) {
      out.onCursor(end);
    }
    return null;
  }

  /**
   * The cursor a response ends at, decoded once and encoded from its wire bytes; null if none.
   *
   * @throws PlanetScaleCdcException if the cursor is outside a copy and has no GTID position
   *     ({@code ""} or {@code "current"}): resuming from it would copy the table again or skip what
   *     happened meanwhile
   */
  private EncodedCursor endCursor(SyncResponse r) {
    if (!r.hasCursor()) {
      return null;
    }
    TableCursor c = ProtoCodec.fromProto(r.getCursor());
    if (!c.isCopying() && (c.position().isEmpty() || TableCursor.CURRENT.equals(c.position()))) {
      throw new PlanetScaleCdcException("reading " + where + " failed: the server answered a cursor with the "
          + "position [" + c.position() + "], not a GTID position");
    }
    ByteString bytes = r.getCursor().toByteString();
    return new EncodedCursor(c, new SerializedCursor(Base64.getEncoder().encodeToString(bytes.toByteArray())));
  }

  /**
   * The response's size on the wire, closely estimated: the cursor's and the fields' exact sizes,
   * and per row its value bytes, one byte per value length and a few bytes of framing (a NULL's
   * length takes ten bytes on the wire, counted as one). Protobuf's exact size walks every row's
   * lengths once more, which took about 8% of the reading thread's time in a copy; the settle
   * stretch this feeds needs only the magnitude.
   */
  @Override
  public int size(SyncResponse response) {
    long bytes = response.hasCursor() ? response.getCursor().getSerializedSize() + 2 : 0;
    for (QueryResult result : response.getResultList()) {
      bytes += estimatedSize(result);
    }
    for (UpdatedRow u : response.getUpdatesList()) {
      bytes += estimatedSize(u.getBefore()) + estimatedSize(u.getAfter()) + 4;
    }
    for (DeletedRow d : response.getDeletesList()) {
      bytes += estimatedSize(d.getResult()) + 2;
    }
    if (response.hasError()) {
      bytes += response.getError().getSerializedSize() + 2;
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /** A result's wire size, estimated as {@link #size} says (within a few percent for rows without NULLs). */
  static long estimatedSize(QueryResult result) {
    long bytes = 3; // the result's tag and length
    for (int i = 0, n = result.getFieldsCount(); i < n; i++) {
      bytes += result.getFields(i).getSerializedSize() + 2;
    }
    for (int i = 0, n = result.getRowsCount(); i < n; i++) {
      Row row = result.getRows(i);
      // The row's tag and length (2-3), the lengths' tag and length (2), the values' tag and length (2-3).
      bytes += row.getValues().size() + row.getLengthsCount() + 7;
    }
    return bytes;
  }

  @Override
  public void restart() {
    // Every response is complete in itself: nothing partial to forget.
  }

  @Override
  public Status completion() {
    return null;
  }

  @Override
  public boolean exactStop() {
    return false;
  }
}
