package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns the records of a keyspace stream into Connect records in Debezium's change-event envelope,
 * with typed Connect schemas built from each table's columns. Not thread-safe: one per stream.
 */
final class ChangeEventConverter {

  /**
   * @param settings topic naming, the connector's name in {@code source.name}, tombstones
   * @param catalog the selected tables (JSON schema, primary keys)
   */
  ChangeEventConverter(ChangeEventSettings settings, Catalog catalog) {
    throw new UnsupportedOperationException("being written (helper kc-records)");
  }

  /** Takes a table's columns on a shard as the stream first sends them (before its first record there). */
  void onTableFields(SchemaChange fields) {
    throw new UnsupportedOperationException("being written (helper kc-records)");
  }

  /** Takes a change of a table's columns: later records get a new value-schema version. */
  void onSchemaChange(SchemaChange change) {
    throw new UnsupportedOperationException("being written (helper kc-records)");
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
   */
  void convert(String keyspace, String shard, Record record, boolean snapshot, String vgtid, Instant commitTime,
      Map<String, ?> sourcePartition, Map<String, ?> sourceOffset, List<SourceRecord> out) {
    throw new UnsupportedOperationException("being written (helper kc-records)");
  }

  /** @return the topic of a table: {@code <topic.prefix>.<keyspace>.<table>} */
  String topic(String keyspace, String table) {
    throw new UnsupportedOperationException("being written (helper kc-records)");
  }
}
