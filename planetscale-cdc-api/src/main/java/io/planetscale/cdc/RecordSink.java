package io.planetscale.cdc;

/**
 * Receives what a sync produces: records, flush points, and states. The Java form of the Go
 * connectors' {@code RecordWriter}.
 *
 * <p>Order guarantee: every record delivered before a {@link #state} call was followed by a
 * {@link #flush} of its stream, so a sink that persists records on flush and state on state never
 * saves a state ahead of its records. If any method throws, the sync stops with a
 * {@link SinkException} carrying the last state whose records were all accepted.
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
}
