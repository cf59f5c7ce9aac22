package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.spi.ReadParams;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link io.planetscale.cdc.spi.EdgeDatabase#read} on any transport: peek the shard's current
 * position (the stop position); if the cursor already reached it, return; else read with the
 * {@link ShardStreamLoop} in {@linkplain ShardStreamLoop.Mode#CATCH_UP catch-up} mode, handing rows
 * and cursors to the sync engine's callbacks. Every failure is an exception, never a silent "no new
 * rows".
 */
final class ShardReader<R> {
  private static final Logger LOG = LoggerFactory.getLogger(ShardReader.class);

  private final ShardProtocol<R> protocol;
  private final ReadParams params;
  private final ShardStreamLoop<R> loop;
  private final String where;

  ShardReader(ShardProtocol<R> protocol, ReadParams params, io.planetscale.cdc.spi.ReadOptions options) {
    this.protocol = protocol;
    this.params = params;
    String shard = params.lastKnownPosition().shard();
    this.loop = new ShardStreamLoop<>(protocol, new Callbacks(), options, ReadControl.NONE,
        ShardStreamLoop.Mode.CATCH_UP, params.table().name(), shard);
    this.where = "table \"" + params.table().name() + "\" shard \"" + shard + "\"";
  }

  SerializedCursor read() {
    TableCursor cursor = params.lastKnownPosition();
    String stop = loop.peek(cursor);
    if (StopPosition.isReachedBy(cursor, stop)) {
      LOG.debug("{}: no new rows at position [{}]", where, stop);
      return SerializedCursor.of(cursor);
    }
    LOG.debug("{}: syncing from [{}] to [{}]", where, cursor.position(), stop);
    if (cursor.isCopying() && cursor.position().isEmpty()) {
      LOG.warn("{}: the saved copy progress has no position, so the copy resumes after its last key on a new "
          + "snapshot: changes made since that progress was saved to rows already copied are not delivered", where);
    }
    return loop.run(EncodedCursor.of(cursor), stop).serialized();
  }

  /** The sync engine's callbacks of {@link ReadParams}. */
  private final class Callbacks implements ShardDelivery {
    @Override
    public void beginResponse(TableCursor end) {
      params.onResult().beginResponse(end);
    }

    @Override
    public void onResult(QueryResult result, Operation operation, QueryResult before) {
      params.onResult().onResult(result, operation, before);
    }

    @Override
    public void onPartialResult(QueryResult result, Operation operation, QueryResult before) {
      params.onResult().onPartialResult(result, operation, before);
    }

    @Override
    public void onSchemaChange(String ddl, List<Field> fields) {
      params.onResult().onSchemaChange(ddl, fields);
    }

    @Override
    public void onCursor(EncodedCursor cursor) {
      params.onCursor().onCursor(cursor.cursor(), cursor.serialized());
    }

    @Override
    public void onRestart(TableCursor from) {
      params.onCursor().onRestart(from);
    }
  }
}
