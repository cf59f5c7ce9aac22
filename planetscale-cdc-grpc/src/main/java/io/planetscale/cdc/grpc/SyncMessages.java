package io.planetscale.cdc.grpc;

import io.grpc.Status;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.DeletedRow;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.UpdatedRow;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.spi.OnResult;
import java.util.List;

/**
 * Builds {@code Sync} requests and unpacks responses, the same way for every reader of a table on a
 * shard ({@link ShardReader} and {@link ChangeStream}).
 */
final class SyncMessages {
  private SyncMessages() {}

  /**
   * The request that streams {@code table} from {@code cursor}, sent as it is. A cursor inside a
   * copy therefore resumes with its position and its last key together: the server first sends the
   * changes made since that position to rows already copied, then copies the rest. Only a copy
   * cursor without a position (as some Go connectors saved them) resumes from its key alone, on a
   * new snapshot that misses changes made meanwhile to rows already copied.
   */
  static SyncRequest request(String table, TableCursor cursor, TabletType tabletType,
      boolean inserts, boolean updates, boolean deletes, List<String> columns, List<String> cells) {
    return SyncRequest.newBuilder().setTableName(table).setCursor(ProtoCodec.toProto(cursor))
        .setTabletTypeValue(tabletType.wireValue()).setIncludeInserts(inserts).setIncludeUpdates(updates)
        .setIncludeDeletes(deletes).addAllColumns(columns).addAllCells(cells).build();
  }

  /**
   * Hands the rows of one response to {@code onResult} in the order the server's clients apply
   * them: inserted (or copied) rows, then updates with their previous images, then deletes.
   */
  static void deliver(SyncResponse r, OnResult onResult) {
    for (QueryResult result : r.getResultList()) {
      if (result.getRowsCount() > 0) {
        onResult.onResult(ProtoCodec.fromProto(result), Operation.INSERT, null);
      }
    }
    for (UpdatedRow u : r.getUpdatesList()) {
      onResult.onResult(ProtoCodec.fromProto(u.getAfter()), Operation.UPDATE, ProtoCodec.fromProto(u.getBefore()));
    }
    for (DeletedRow d : r.getDeletesList()) {
      onResult.onResult(ProtoCodec.fromProto(d.getResult()), Operation.DELETE, null);
    }
  }

  /**
   * The cursor a response ends at, decoded once; null if it carries none.
   *
   * @param where the table and shard, for the error message
   * @throws PlanetScaleCdcException if the cursor is outside a copy and has no GTID position
   *     ({@code ""} or {@code "current"}): resuming from it would copy the table again or skip what
   *     happened meanwhile
   */
  static TableCursor endCursor(SyncResponse r, String where) {
    if (!r.hasCursor()) {
      return null;
    }
    TableCursor c = ProtoCodec.fromProto(r.getCursor());
    if (!c.isCopying() && (c.position().isEmpty() || TableCursor.CURRENT.equals(c.position()))) {
      throw new PlanetScaleCdcException("reading " + where + " failed: the server answered a cursor with the "
          + "position [" + c.position() + "], not a GTID position");
    }
    return c;
  }

  /** The error a response carries in its {@code error} field, or null if none. */
  static Status error(SyncResponse r) {
    if (r.hasError() && r.getError().getCodeValue() != 0) {
      return Status.fromCodeValue(r.getError().getCodeValue()).withDescription(r.getError().getMessage());
    }
    return null;
  }
}
