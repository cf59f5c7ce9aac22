package io.planetscale.cdc;

/**
 * Receives what a sync produces: records, flush points, and states. The Java form of the Go
 * connectors' {@code RecordWriter}.
 *
 * <p>Order guarantee: every record delivered before a {@link #state} call was followed by a
 * {@link #flush} of its stream, so a sink that persists records on flush and state on state never
 * saves a state ahead of its records. If any method throws, the sync stops with a
 * {@link SinkException} carrying the last state whose records were all accepted.
 *
 * <p>A table whose columns change mid-stream is announced by {@link #schemaChange}, between the
 * records of the old shape and those of the new one, after a {@link #flush} of the stream.
 */
public interface RecordSink {
  /**
   * Receives one record.
   *
   * @param record the record
   * @param stream the catalog stream it belongs to (schema and key properties)
   * @throws Exception to stop the sync
   */
  void record(Record record, Stream stream) throws Exception;

  /**
   * Makes every record delivered so far for {@code stream} durable. Called before every state.
   *
   * @param stream the stream whose records to flush
   * @throws Exception to stop the sync
   */
  default void flush(Stream stream) throws Exception {}

  /**
   * Receives the whole state after a shard of a stream has been read, and once more at the end.
   *
   * @param state the state covering every record delivered so far
   * @throws Exception to stop the sync
   */
  void state(State state) throws Exception;

  /**
   * The columns of {@code stream}'s table changed on one shard ({@link SchemaChange#shard()}): a DDL
   * statement, or a new field list. Does nothing by default.
   *
   * <p>When it is called: every record of the stream delivered before it has already been flushed
   * ({@link #flush} is called for {@code stream} right before it, so a sink can switch the table's
   * shape safely); the records of that shard delivered before it have the old columns, those after
   * it the new ones (the selected columns the new fields have: {@link SchemaChange#recordColumns};
   * the selected columns they omit: {@link SchemaChange#omittedColumns}). No {@link #state} comes
   * between that flush and this call; the next state follows a later cursor, so a state never
   * covers a schema change that this method did not accept. Other shards of the stream announce
   * the change themselves when they reach it; until then their records keep their old shape.
   *
   * @param change the change
   * @param stream the catalog stream it belongs to (the same object its records come with)
   * @throws Exception to stop the sync; the {@link SinkException} carries the last state, which
   *     covers no record after the change
   */
  default void schemaChange(SchemaChange change, Stream stream) throws Exception {}
}
