package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncLogger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what a sync produces into Airbyte messages: a RECORD per change, a STATE per state.
 *
 * <p>Inserts and copied rows carry the row; updates carry the row after the change (Airbyte's
 * dedup keeps the latest per primary key); deletes carry the deleted row (its before-image when the
 * server sends one, else its primary key) with {@code _ab_cdc_deleted_at} set. Every record has
 * {@code _ab_cdc_updated_at}, the time the change was read, and {@code _ab_cdc_deleted_at}, null
 * unless it is a delete.
 *
 * <p>A column the server did not send (an unchanged TOASTed Postgres value, a MySQL minimal or noblob row
 * image) is taken from the change's before-image when that has it (the value did not change), else left out of
 * the record, never written as null; a WARN LOG says so once per stream. A Postgres TRUNCATE has no Airbyte
 * record (the protocol has no "all rows deleted"): it is skipped with a WARN LOG per truncate naming the stream,
 * whose rows the destination keeps until the stream's next full refresh; Airbyte's source-postgres skips it too.
 */
final class AirbyteSink implements RecordSink, SyncLogger {
  private final Messages messages;
  private final AirbyteState stored;
  private final AirbyteNames names;
  private final Set<String> warnedAbsent = new HashSet<>();
  private long records;

  AirbyteSink(Messages messages, AirbyteState stored, String database) {
    this(messages, stored, AirbyteNames.database(database));
  }

  AirbyteSink(Messages messages, AirbyteState stored, AirbyteNames names) {
    this.messages = messages;
    this.stored = stored;
    this.names = names;
  }

  @Override
  public void record(Record record, Stream stream) {
    String name = names.name(stream.name());
    String namespace = names.namespace(stream.name());
    if (record.operation() == Operation.TRUNCATE) {
      messages.log(Messages.Level.WARN, "Stream " + namespace + ":" + name + " was truncated at "
          + record.position().position() + "; Airbyte has no record for that, so the destination keeps the rows:"
          + " run a full refresh of the stream to drop them");
      return;
    }
    boolean delete = record.operation() == Operation.DELETE;
    Map<String, Object> data = new LinkedHashMap<>(delete && record.before() != null ? record.before() : record.data());
    if (!delete && !record.absentColumns().isEmpty()) {
      fillUnchanged(record, data, namespace + ":" + name);
    }
    String at = record.timeExtracted().toString();
    data.put(AirbyteCatalogs.UPDATED_AT, at);
    data.put(AirbyteCatalogs.DELETED_AT, delete ? at : null);
    messages.record(name, namespace, record.timeExtracted().toEpochMilli(), data);
    synchronized (this) {
      records++;
    }
  }

  /** Takes the columns the change did not send from its before-image; warns once per stream about the rest. */
  private void fillUnchanged(Record record, Map<String, Object> data, String stream) {
    List<String> missing = new ArrayList<>();
    for (String column : record.absentColumns()) {
      if (record.before() != null && record.before().containsKey(column)) {
        data.put(column, record.before().get(column));
      } else {
        missing.add(column);
      }
    }
    boolean first;
    synchronized (warnedAbsent) {
      first = !missing.isEmpty() && warnedAbsent.add(stream);
    }
    if (first) {
      messages.log(Messages.Level.WARN, "Stream " + stream + ": a " + record.operation() + " at "
          + record.position().position() + " did not carry the unchanged column(s) " + missing + " (e.g. TOASTed"
          + " Postgres values); they are left out of such records, not set to null. With Postgres, ALTER TABLE ..."
          + " REPLICA IDENTITY FULL makes the server send them");
    }
  }

  @Override
  public void flush(Stream stream) {
    messages.flush();
  }

  @Override
  public void state(State state) {
    messages.state(stored.merge(state, names));
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
