package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.TableCursor;
import java.util.List;

/**
 * Where a {@link ShardStreamLoop} hands what one table on one shard delivers, in stream order:
 * the sync engine's callbacks for a sync, a listener for a change stream. A transport calls
 * {@link #beginResponse} before the rows that the next cursor will cover, then the rows, then
 * {@link #onCursor}.
 */
interface ShardDelivery {
  /** Rows up to the next cursor follow; {@code end} is that cursor, or null if none is known yet. */
  void beginResponse(TableCursor end);

  /** Rows of one operation ({@code before}: the previous images of an update, else null). */
  void onResult(QueryResult result, Operation operation, QueryResult before);

  /**
   * Rows whose images carry only some of the table's columns (a server logging minimal or
   * no-blob row images): {@code result} (and {@code before}) have just the fields present. The
   * columns left out must not be invented.
   */
  void onPartialResult(QueryResult result, Operation operation, QueryResult before);

  /**
   * The table's columns changed: later rows have {@code fields}.
   *
   * @param ddl the statement that changed them, or null if only the field list was seen to change
   * @param fields the columns from now on; null with a {@code ddl} seen before the columns it leaves
   *     are known (they follow in a call of their own)
   */
  void onSchemaChange(String ddl, List<Field> fields);

  /** Everything delivered so far is covered by {@code cursor}: it is where a restart resumes. */
  void onCursor(EncodedCursor cursor);

  /** A new call starts from {@code from}: what follows it may come again. */
  void onRestart(TableCursor from);
}
