package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncLogger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns what a sync produces into Airbyte messages: a RECORD per change, a STATE per state.
 *
 * <p>Inserts and copied rows carry the row; updates carry the row after the change (Airbyte's
 * dedup keeps the latest per primary key); deletes carry the deleted row (its before-image when the
 * server sends one, else its primary key) with {@code _ab_cdc_deleted_at} set. Every record has
 * {@code _ab_cdc_updated_at}, the time the change was read, and {@code _ab_cdc_deleted_at}, null
 * unless it is a delete.
 */
final class AirbyteSink implements RecordSink, SyncLogger {
  private final Messages messages;
  private final AirbyteState stored;
  private final String database;
  private long records;

  AirbyteSink(Messages messages, AirbyteState stored, String database) {
    this.messages = messages;
    this.stored = stored;
    this.database = database;
  }

  @Override
  public void record(Record record, Stream stream) {
    boolean delete = record.operation() == Operation.DELETE;
    Map<String, Object> data = new LinkedHashMap<>(delete && record.before() != null ? record.before() : record.data());
    String at = record.timeExtracted().toString();
    data.put(AirbyteCatalogs.UPDATED_AT, at);
    data.put(AirbyteCatalogs.DELETED_AT, delete ? at : null);
    messages.record(stream.name(), database, record.timeExtracted().toEpochMilli(), data);
    synchronized (this) {
      records++;
    }
  }

  @Override
  public void flush(Stream stream) {
    messages.flush();
  }

  @Override
  public void state(State state) {
    messages.state(stored.merge(state, database));
  }

  /** @return how many records were written */
  synchronized long records() {
    return records;
  }

  @Override
  public void info(String message) {
    messages.log(Messages.Level.INFO, message);
  }

  @Override
  public void error(String message) {
    messages.log(Messages.Level.ERROR, message);
  }

  @Override
  public void streamSchema(Stream stream) {
    // Airbyte has no per-stream schema message: the catalog carries the schemas.
  }
}
