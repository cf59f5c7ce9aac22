package io.planetscale.cdc.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
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
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * psdbconnect {@code Connect/Sync} for one table on one shard: builds the requests and unpacks
 * the responses for {@link ShardStreamLoop}. A response's cursor is the position after its rows,
 * and the same position may repeat over several responses (so stops settle, see {@link #exactStop}).
 */
final class ConnectProtocol implements ShardProtocol<SyncMessage> {
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
  public StreamCall<SyncMessage> open(TableCursor from, Duration window) {
    return StreamCall.open(sync(window), request(from));
  }

  /** A peek names the table, shard, tablet type and cells only, as the Go connectors' peek does. */
  @Override
  public StreamCall<SyncMessage> openPeek(TableCursor current, Duration timeout) {
    return StreamCall.open(sync(timeout), SyncRequest.newBuilder().setTableName(table)
        .setCursor(ProtoCodec.toProto(current)).setTabletTypeValue(tabletType.wireValue()).addAllCells(cells).build());
  }

  /**
   * The stub's {@code sync} with its channel, interceptors and call options, but the responses
   * read by {@link SyncResponseReader} (no protobuf object per row), ending after {@code deadline}.
   */
  private BiConsumer<SyncRequest, StreamObserver<SyncMessage>> sync(Duration deadline) {
    ConnectGrpc.ConnectStub s = stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    return (request, observer) -> ClientCalls.asyncServerStreamingCall(
        s.getChannel().newCall(SyncResponseReader.SYNC, s.getCallOptions()), request, observer);
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
  public String currentPosition(SyncMessage response) {
    return response.rest().hasCursor() ? response.rest().getCursor().getPosition() : null;
  }

  /**
   * Hands the rows to {@code out} in the order the server's clients apply them: inserted (or
   * copied) rows, then updates with their previous images, then deletes; then the cursor.
   */
  @Override
  public Status apply(SyncMessage message, ShardDelivery out) {
    SyncResponse r = message.rest();
    EncodedCursor end = endCursor(r);
    out.beginResponse(end == null ? null : end.cursor());
    if (message.scanned() != null) {
      for (ScannedResult result : message.scanned()) {
        if (result.rowCount() > 0) {
          out.onResult(result.toQueryResult(), Operation.INSERT, null);
        }
      }
    } else {
      for (QueryResult result : r.getResultList()) {
        if (result.getRowsCount() > 0) {
          out.onResult(ProtoCodec.fromProto(result), Operation.INSERT, null);
        }
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

  /** The message's exact size on the wire, known from reading it. */
  @Override
  public int size(SyncMessage response) {
    return response.size();
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
