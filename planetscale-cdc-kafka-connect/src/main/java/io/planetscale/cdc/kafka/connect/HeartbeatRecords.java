package io.planetscale.cdc.kafka.connect;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Records to {@code <topic.prefix>.heartbeat} that carry a shard's offset when no change does: on a
 * heartbeat of an idle stream, at the end of a copy batch or transaction that yielded no row, and on
 * a reshard (the new shards' first offsets and the old shards' retired markers). Keyed by the shard.
 */
final class HeartbeatRecords {
  static final Schema KEY = SchemaBuilder.struct().name("io.planetscale.cdc.kafka.connect.HeartbeatKey")
      .field(SourceOffsets.KEYSPACE, Schema.STRING_SCHEMA)
      .field(SourceOffsets.SHARD, Schema.STRING_SCHEMA)
      .build();
  static final Schema VALUE = SchemaBuilder.struct().name("io.planetscale.cdc.kafka.connect.Heartbeat")
      .field("ts_ms", Schema.INT64_SCHEMA)
      .field("event", Schema.STRING_SCHEMA)
      .field(SourceOffsets.VGTID, Schema.OPTIONAL_STRING_SCHEMA)
      .build();

  private final String topic;

  HeartbeatRecords(String topic) {
    this.topic = topic;
  }

  /**
   * @param event {@code heartbeat}, {@code position} (a transaction with no row), {@code reshard} (a new
   *     shard's first offset) or {@code retired} (a shard a reshard replaced)
   * @param at the time to show
   * @return a record carrying {@code offset} for the shard's partition
   */
  SourceRecord record(String keyspace, String shard, String event, Instant at, Map<String, ?> offset) {
    Struct key = new Struct(KEY).put(SourceOffsets.KEYSPACE, keyspace).put(SourceOffsets.SHARD, shard);
    Struct value = new Struct(VALUE).put("ts_ms", at.toEpochMilli()).put("event", event)
        .put(SourceOffsets.VGTID, (String) offset.get(SourceOffsets.VGTID));
    return new SourceRecord(SourceOffsets.partition(keyspace, shard), offset, topic, null, KEY, key, VALUE, value,
        at.toEpochMilli());
  }
}
