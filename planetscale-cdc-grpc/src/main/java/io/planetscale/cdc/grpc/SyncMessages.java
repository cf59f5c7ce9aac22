package io.planetscale.cdc.grpc;

import io.grpc.Status;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.internal.ProtoCodec;
import io.planetscale.cdc.grpc.internal.proto.psdbconnect.DeletedRow;
import io.planetscale.cdc.grpc.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.grpc.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.grpc.internal.proto.psdbconnect.UpdatedRow;
import io.planetscale.cdc.grpc.internal.proto.query.QueryResult;
import io.planetscale.cdc.spi.OnResult;
import java.util.List;

/**
 * Builds {@code Sync} requests and unpacks responses, the same way for every reader of a table on a
 * shard ({@link ShardReader} and {@link ChangeStream}).
 */
final class SyncMessages {
  private SyncMessages() {}

  /**
   * The request that streams {@code table} from {@code cursor}. A cursor inside a copy resumes the
   * copy from its last key alone, on a new snapshot (as the Go connectors do by default), unless
   * {@code useGtidWithTablePks} asks to send its position too.
   */
  static SyncRequest request(String table, TableCursor cursor, boolean useGtidWithTablePks, TabletType tabletType,
      boolean inserts, boolean updates, boolean deletes, List<String> columns, List<String> cells) {
    TableCursor sent = cursor;
    if (cursor.isCopying() && !useGtidWithTablePks) {
      sent = new TableCursor(cursor.shard(), cursor.keyspace(), "", cursor.lastKnownPk());
    }
    return SyncRequest.newBuilder().setTableName(table).setCursor(ProtoCodec.toProto(sent))
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

  /** The error a response carries in its {@code error} field, or null if none. */
  static Status error(SyncResponse r) {
    if (r.hasError() && r.getError().getCodeValue() != 0) {
      return Status.fromCodeValue(r.getError().getCodeValue()).withDescription(r.getError().getMessage());
    }
    return null;
  }
}
