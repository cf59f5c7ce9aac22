package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
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
 * except for tables without a primary key, whose null key a tombstone could not compact.
 *
 * <p>Schemas come from each table's fields ({@link #onTableFields}, {@link #onSchemaChange}; see
 * {@link ConnectSchemas} for the types and {@link ConnectValues} for the values), are built once per
 * table version ({@link TableVersions}, {@link TableVersion}) and reused for every record. A column a
 * partial row image lacks is null in its (optional) field, as {@link TableVersion} explains.
 */
final class ChangeEventConverter {
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
    Operation op = record.operation();
    Struct before;
    Struct after;
    Struct key;
    String opCode;
    switch (op) {
      case DELETE:
        key = v.key(record.data());
        before = record.before() != null
            ? v.row(record.before(), record.absentBeforeColumns())
            : v.row(record.data(), record.absentColumns());
        after = null;
        opCode = "d";
        break;
      case UPDATE:
        key = v.key(record.data());
        before = record.before() == null ? null : v.row(record.before(), record.absentBeforeColumns());
        after = v.row(record.data(), record.absentColumns());
        opCode = "u";
        break;
      default:
        key = v.key(record.data());
        before = null;
        after = v.row(record.data(), record.absentColumns());
        opCode = snapshot ? "r" : "c";
        break;
    }
    Schema envelopeSchema = v.envelopeSchema();
    Struct envelope = new Struct(envelopeSchema);
    List<Field> fields = envelopeSchema.fields();
    envelope.put(fields.get(0), before);
    envelope.put(fields.get(1), after);
    envelope.put(fields.get(2), EnvelopeSchemas.source(settings.topicPrefix(),
        commitTime != null ? commitTime : record.timeExtracted(), snapshot, keyspace, record.stream(), shard, vgtid));
    envelope.put(fields.get(4), opCode);
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    envelope.put(fields.get(5), now.toEpochMilli());
    envelope.put(fields.get(6), micros);
    envelope.put(fields.get(7), micros * 1000 + now.getNano() % 1000);
    out.add(new SourceRecord(sourcePartition, sourceOffset, v.topic(), null, v.keySchema(), key, envelopeSchema,
        envelope));
    if (op == Operation.DELETE && settings.tombstonesOnDelete() && key != null) {
      out.add(new SourceRecord(sourcePartition, sourceOffset, v.topic(), null, v.keySchema(), key, null, null));
    }
  }

  /** @return the topic of a table: {@code <topic.prefix>.<keyspace>.<table>} */
  String topic(String keyspace, String table) {
    return versions.topic(keyspace, table);
  }
}
