package io.planetscale.cdc;

import io.planetscale.cdc.spi.OnCursor;
import io.planetscale.cdc.spi.OnResult;
import java.util.List;

/**
 * A read's callbacks that hand every call, in order, to a {@link Sequencer} (which runs it on the
 * delivering thread), instead of calling the shard's {@link ShardSync} on the reading thread.
 */
final class SequencedCallbacks implements OnResult, OnCursor {
  private final ShardSync target;
  private final Sequencer sequencer;

  SequencedCallbacks(ShardSync target, Sequencer sequencer) {
    this.target = target;
    this.sequencer = sequencer;
  }

  @Override
  public void beginResponse(TableCursor end) {
    sequencer.run(() -> target.beginResponse(end), 1);
  }

  @Override
  public void onResult(QueryResult result, Operation operation, QueryResult before) {
    sequencer.run(() -> target.onResult(result, operation, before), Math.max(1, result.rows().size()));
  }

  @Override
  public void onPartialResult(QueryResult result, Operation operation, QueryResult before) {
    sequencer.run(() -> target.onPartialResult(result, operation, before), Math.max(1, result.rows().size()));
  }

  @Override
  public void onSchemaChange(String ddl, List<Field> fields) {
    sequencer.run(() -> target.onSchemaChange(ddl, fields), 1);
  }

  @Override
  public void onCursor(TableCursor cursor) {
    sequencer.run(() -> target.onCursor(cursor), 1);
  }

  @Override
  public void onCursor(TableCursor cursor, SerializedCursor serialized) {
    sequencer.run(() -> target.onCursor(cursor, serialized), 1);
  }

  @Override
  public void onRestart(TableCursor from) {
    sequencer.run(() -> target.onRestart(from), 1);
  }
}
