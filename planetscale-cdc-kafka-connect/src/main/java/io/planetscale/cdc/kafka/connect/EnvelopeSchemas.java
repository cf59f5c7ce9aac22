package io.planetscale.cdc.kafka.connect;

import java.time.Instant;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Debezium's change-event envelope and the {@code source} block, in Debezium's field order and
 * optionality, so that consumers and sink connectors written for Debezium read these records unchanged.
 *
 * <p>Envelope ({@code <topic>.Envelope}): {@code before}, {@code after} (optional row structs),
 * {@code source}, {@code transaction} (optional, always null: no transaction metadata topic),
 * {@code op}, {@code ts_ms}, {@code ts_us}, {@code ts_ns} (optional; when the record was converted).
 *
 * <p>Source ({@code io.planetscale.cdc.kafka.connect.Source}, shaped as Debezium's
 * {@code io.debezium.connector.vitess.Source}): {@code version}, {@code connector} ("planetscale"),
 * {@code name} (the topic prefix), {@code ts_ms} (commit time, else the time the row was read),
 * {@code snapshot} ("true" for copied rows, else "false"; Debezium's optional enum string),
 * {@code db} (the keyspace), {@code sequence} (optional, null), {@code ts_us}, {@code ts_ns}
 * (optional, as {@code ts_ms} finer), {@code keyspace}, {@code table}, {@code shard}, {@code vgtid}
 * (optional JSON).
 */
final class EnvelopeSchemas {
  /** The value of {@code source.connector}. */
  static final String CONNECTOR = "planetscale";
  /** The schema name of the source block. */
  static final String SOURCE_NAME = "io.planetscale.cdc.kafka.connect.Source";

  /** The source block's schema; the same for every table. */
  static final Schema SOURCE = SchemaBuilder.struct().name(SOURCE_NAME)
      .field("version", Schema.STRING_SCHEMA)
      .field("connector", Schema.STRING_SCHEMA)
      .field("name", Schema.STRING_SCHEMA)
      .field("ts_ms", Schema.INT64_SCHEMA)
      .field("snapshot", SchemaBuilder.string().optional().name("io.debezium.data.Enum").version(1)
          .parameter("allowed", "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental")
          .defaultValue("false").build())
      .field("db", Schema.STRING_SCHEMA)
      .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
      .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
      .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
      .field("keyspace", Schema.STRING_SCHEMA)
      .field("table", Schema.STRING_SCHEMA)
      .field("shard", Schema.STRING_SCHEMA)
      .field("vgtid", Schema.OPTIONAL_STRING_SCHEMA)
      .build();

  /** Debezium's transaction block, kept for the envelope's shape. */
  static final Schema TRANSACTION = SchemaBuilder.struct().optional().name("event.block").version(1)
      .field("id", Schema.STRING_SCHEMA)
      .field("total_order", Schema.INT64_SCHEMA)
      .field("data_collection_order", Schema.INT64_SCHEMA)
      .build();

  private static final org.apache.kafka.connect.data.Field[] SOURCE_FIELDS =
      SOURCE.fields().toArray(new org.apache.kafka.connect.data.Field[0]);

  private EnvelopeSchemas() {}

  /**
   * The envelope schema of one table version.
   *
   * @param topic the table's topic
   * @param rowSchema the row schema ({@code <topic>.Value}), optional
   * @return {@code <topic>.Envelope}
   */
  static Schema envelope(String topic, Schema rowSchema) {
    return SchemaBuilder.struct().name(topic + ".Envelope")
        .field("before", rowSchema)
        .field("after", rowSchema)
        .field("source", SOURCE)
        .field("transaction", TRANSACTION)
        .field("op", Schema.STRING_SCHEMA)
        .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
        .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
        .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
        .build();
  }

  /**
   * A source block.
   *
   * @param name the topic prefix
   * @param time the commit time, or the time read
   * @param snapshot whether the row was copied
   * @param keyspace the keyspace
   * @param table the table
   * @param shard the shard
   * @param vgtid the position as JSON, or null
   * @return the struct
   */
  static Struct source(String name, Instant time, boolean snapshot, String keyspace, String table, String shard,
      String vgtid) {
    long micros = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1000);
    Struct s = new Struct(SOURCE);
    s.put(SOURCE_FIELDS[0], Versions.VERSION);
    s.put(SOURCE_FIELDS[1], CONNECTOR);
    s.put(SOURCE_FIELDS[2], name);
    s.put(SOURCE_FIELDS[3], time.toEpochMilli());
    s.put(SOURCE_FIELDS[4], snapshot ? "true" : "false");
    s.put(SOURCE_FIELDS[5], keyspace);
    s.put(SOURCE_FIELDS[7], micros);
    s.put(SOURCE_FIELDS[8], micros * 1000 + time.getNano() % 1000);
    s.put(SOURCE_FIELDS[9], keyspace);
    s.put(SOURCE_FIELDS[10], table);
    s.put(SOURCE_FIELDS[11], shard);
    s.put(SOURCE_FIELDS[12], vgtid);
    return s;
  }
}
