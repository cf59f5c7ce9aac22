package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns the records of a keyspace stream into Connect records in Debezium's change-event envelope,
 * with typed Connect schemas built from each table's columns. Not thread-safe: one per stream.
 *
 * <p>Records: topic {@code <topic.prefix>.<keyspace>.<table>}; key a struct of the primary-key
 * columns ({@code <topic>.Key}), or a null key and key schema for a table without one; value the
 * envelope of {@link EnvelopeSchemas} with {@code op} {@code c} (insert), {@code u} (update),
 * {@code d} (delete) or {@code r} (copied row). A delete's {@code after} is null and its
 * {@code before} the previous image, or the key columns (other columns null) when the server sent
 * only those; with {@code tombstones.on.delete} it is followed by a tombstone (same key, null value),
 * except for tables without a primary key, whose null key a tombstone could not compact. An update
 * that changes the primary key becomes, as in Debezium, a delete of the old key (with header
 * {@code __debezium.newkey}), its tombstone, and a create of the new key (header {@code __debezium.oldkey}).
 *
 * <p>Schemas come from each table's fields ({@link #onTableFields}, {@link #onSchemaChange}; see
 * {@link ConnectSchemas} for the types and {@link ConnectValues} for the values), are built once per
 * table version ({@link TableVersions}, {@link TableVersion}) and reused for every record. A column a
 * partial row image lacks is null in its (optional) field, as {@link TableVersion} explains.
 */
final class ChangeEventConverter {
  /** Debezium's header on the delete of a primary-key change: the row's new key. */
  static final String NEW_KEY_HEADER = "__debezium.newkey";
  /** Debezium's header on the create of a primary-key change: the row's old key. */
  static final String OLD_KEY_HEADER = "__debezium.oldkey";

  private final ChangeEventSettings settings;
  private final TableVersions versions;

  /**
   * @param settings topic naming, the connector's name in {@code source.name}, tombstones
   * @param catalog the selected tables (JSON schema, primary keys)
   */
  ChangeEventConverter(ChangeEventSettings settings, Catalog catalog) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.versions = new TableVersions(settings.topicPrefix(), Objects.requireNonNull(catalog, "catalog"));
  }

  /** Takes a table's columns on a shard as the stream first sends them (before its first record there). */
  void onTableFields(SchemaChange fields) {
    versions.onFields(fields);
  }

  /** Takes a change of a table's columns: later records get a new value-schema version. */
  void onSchemaChange(SchemaChange change) {
    versions.onFields(change);
  }

  /**
   * Adds the Connect records of one change to {@code out}: one, or two for a delete followed by a
   * tombstone.
   *
   * @param keyspace the keyspace the record was read from
   * @param shard the shard it was read from
   * @param record the change
   * @param snapshot whether it is a copied row ({@code op} {@code r}) rather than a change
   * @param vgtid the position to show in {@code source.vgtid} (JSON), or null when none is known yet
   * @param commitTime the transaction's commit time, or null ({@code source.ts_ms} then uses the time read)
   * @param sourcePartition the Connect source partition of the record
   * @param sourceOffset the Connect source offset of the record
   * @param out where the records go
   * @throws org.apache.kafka.connect.errors.DataException naming table and column when a value does not fit
   */
  void convert(String keyspace, String shard, Record record, boolean snapshot, String vgtid, Instant commitTime,
      Map<String, ?> sourcePartition, Map<String, ?> sourceOffset, List<SourceRecord> out) {
    TableVersion v = versions.current(keyspace, record.stream(), shard);
    Source source = new Source(keyspace, shard, record, snapshot, vgtid, commitTime, sourcePartition, sourceOffset);
    Map<String, Object> data = record.data();
    switch (record.operation()) {
      case DELETE: {
        Struct before = record.before() != null
            ? v.row(record.before(), record.absentBeforeColumns())
            : v.row(data, record.absentColumns());
        emitDelete(v, source, v.key(data), before, null, out);
        break;
      }
      case UPDATE: {
        Struct key = v.key(data);
        Struct before = record.before() == null ? null : v.row(record.before(), record.absentBeforeColumns());
        Struct after = v.row(data, record.absentColumns());
        Struct oldKey = record.before() != null && v.hasKey(record.before()) ? v.key(record.before()) : null;
        if (oldKey != null && !oldKey.equals(key)) {
          // The primary key changed: as Debezium does, the old key is deleted (and tombstoned) and the
          // new one created, so a compacted topic does not keep the row under its old key.
          emitDelete(v, source, oldKey, before, headers(NEW_KEY_HEADER, v, key), out);
          out.add(record(v, source, key, envelope(v, source, null, after, "c"), headers(OLD_KEY_HEADER, v, oldKey)));
        } else {
          out.add(record(v, source, key, envelope(v, source, before, after, "u"), null));
        }
        break;
      }
      case TRUNCATE:
        // Only the Postgres module produces truncates; a keyspace stream never does.
        throw new DataException("table \"" + record.stream() + "\" shard \"" + shard
            + "\": a TRUNCATE has no change event in this connector");
      default:
        out.add(record(v, source, v.key(data), envelope(v, source, null, v.row(data, record.absentColumns()),
            snapshot ? "r" : "c"), null));
        break;
    }
  }

  /** Where a change came from: what the source block and the Connect records carry besides the row. */
  private record Source(String keyspace, String shard, Record record, boolean snapshot, String vgtid,
      Instant commitTime, Map<String, ?> partition, Map<String, ?> offset) {}

  /** A delete event and, when configured and the table has a key, its tombstone. */
  private void emitDelete(TableVersion v, Source source, Struct key, Struct before, ConnectHeaders headers,
      List<SourceRecord> out) {
    out.add(record(v, source, key, envelope(v, source, before, null, "d"), headers));
    if (settings.tombstonesOnDelete() && key != null) {
      out.add(new SourceRecord(source.partition(), source.offset(), v.topic(), null, v.keySchema(), key, null,
          null, null, headers));
    }
  }

  /** A Connect record of a change event. */
  private static SourceRecord record(TableVersion v, Source source, Struct key, Struct envelope,
      ConnectHeaders headers) {
    return new SourceRecord(source.partition(), source.offset(), v.topic(), null, v.keySchema(), key,
        v.envelopeSchema(), envelope, null, headers);
  }

  /** One header holding a key struct. */
  private static ConnectHeaders headers(String name, TableVersion v, Struct key) {
    ConnectHeaders headers = new ConnectHeaders();
    headers.add(name, key, v.keySchema());
    return headers;
  }

  /** The envelope of one event; {@code ts_ms} etc. are the time of conversion. */
  private Struct envelope(TableVersion v, Source source, Struct before, Struct after, String op) {
    Schema schema = v.envelopeSchema();
    List<Field> fields = schema.fields();
    Struct envelope = new Struct(schema);
    Record record = source.record();
    envelope.put(fields.get(0), before);
    envelope.put(fields.get(1), after);
    envelope.put(fields.get(2), EnvelopeSchemas.source(settings.topicPrefix(),
        source.commitTime() != null ? source.commitTime() : record.timeExtracted(), source.snapshot(),
        source.keyspace(), record.stream(), source.shard(), source.vgtid()));
    envelope.put(fields.get(4), op);
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    envelope.put(fields.get(5), now.toEpochMilli());
    envelope.put(fields.get(6), micros);
    envelope.put(fields.get(7), micros * 1000 + now.getNano() % 1000);
    return envelope;
  }

  /** @return the topic of a table: {@code <topic.prefix>.<keyspace>.<table>} */
  String topic(String keyspace, String table) {
    return versions.topic(keyspace, table);
  }
}
