package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.grpc.ShardGtid;
import io.planetscale.cdc.grpc.VGtid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The shapes of the connector's source partitions and offsets. A partition is one shard of the
 * keyspace, {@code {"keyspace": ..., "shard": ...}}; its offset is {@code {"vgtid": <that shard's
 * VGtid JSON>, "ordinal": <transactions delivered>}}, or {@code {"retired": true}} once a reshard
 * replaced the shard. Connect stores offsets under the serialized partition map, so the maps keep
 * their keys in a fixed order (never {@code Map.of}, whose order may differ between JVMs).
 */
final class SourceOffsets {
  static final String KEYSPACE = "keyspace";
  static final String SHARD = "shard";
  static final String VGTID = "vgtid";
  static final String ORDINAL = "ordinal";
  static final String RETIRED = "retired";

  private SourceOffsets() {}

  /** A stored offset: where the shard's stream resumes, or that the shard was resharded away. */
  record Stored(VGtid position, long ordinal, boolean retired) {}

  static Map<String, Object> partition(String keyspace, String shard) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(KEYSPACE, keyspace);
    p.put(SHARD, shard);
    return p;
  }

  static Map<String, Object> offset(VGtid shardPosition, long ordinal) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put(VGTID, shardPosition.toJson());
    o.put(ORDINAL, ordinal);
    return o;
  }

  static Map<String, Object> retired() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put(RETIRED, true);
    return o;
  }

  /**
   * The position of one shard within a position that may cover several.
   *
   * @throws IllegalStateException if the position does not cover the shard
   */
  static VGtid ofShard(VGtid position, String keyspace, String shard) {
    ShardGtid s = position.shard(keyspace, shard).orElseThrow(() -> new IllegalStateException(
        "the stream's position " + position.toJson() + " does not cover shard " + keyspace + "/" + shard));
    return VGtid.of(s);
  }

  /**
   * Checks a partition map.
   *
   * @param partition the map
   * @param database the connector's keyspace
   * @return the shard
   * @throws IllegalArgumentException saying what is wrong
   */
  static String shardOf(Map<String, ?> partition, String database) {
    if (partition == null) {
      throw new IllegalArgumentException("a source partition is null; it must be {\"keyspace\": \"" + database
          + "\", \"shard\": \"<shard>\"}");
    }
    if (!Set.of(KEYSPACE, SHARD).equals(partition.keySet())) {
      throw new IllegalArgumentException("source partition " + partition + " must have exactly the keys \"keyspace\""
          + " and \"shard\", e.g. {\"keyspace\": \"" + database + "\", \"shard\": \"-80\"}");
    }
    if (!(partition.get(KEYSPACE) instanceof String ks) || !ks.equals(database)) {
      throw new IllegalArgumentException("source partition " + partition + ": \"keyspace\" must be the connector's"
          + " database \"" + database + "\"");
    }
    if (!(partition.get(SHARD) instanceof String shard) || shard.isBlank()) {
      throw new IllegalArgumentException("source partition " + partition + ": \"shard\" must be a shard name such as"
          + " \"-80\" or \"-\"");
    }
    return shard;
  }

  /**
   * Reads an offset of a shard's partition.
   *
   * @param keyspace the partition's keyspace
   * @param shard the partition's shard
   * @param offset the offset map, not null
   * @return the offset
   * @throws IllegalArgumentException saying what is wrong: unknown keys, a position that does not parse
   *     or covers other shards, an ordinal that is not a whole number at least 0
   */
  static Stored parse(String keyspace, String shard, Map<String, ?> offset) {
    String where = "offset of shard " + keyspace + "/" + shard + ": ";
    if (Boolean.TRUE.equals(offset.get(RETIRED)) && offset.size() == 1) {
      return new Stored(null, 0, true);
    }
    for (String key : offset.keySet()) {
      if (!key.equals(VGTID) && !key.equals(ORDINAL)) {
        throw new IllegalArgumentException(where + "unknown key \"" + key + "\"; an offset is {\"vgtid\": \"<VGtid"
            + " JSON of this shard>\", \"ordinal\": <number>} or {\"retired\": true}");
      }
    }
    if (!(offset.get(VGTID) instanceof String json)) {
      throw new IllegalArgumentException(where + "\"vgtid\" must be a string holding the shard's position as VGtid"
          + " JSON, was " + (offset.get(VGTID) == null ? "missing" : offset.get(VGTID).getClass().getSimpleName()));
    }
    VGtid position;
    try {
      position = VGtid.fromJson(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(where + "\"vgtid\" is not a valid position: " + e.getMessage(), e);
    }
    if (position.shardGtids().size() != 1 || position.shard(keyspace, shard).isEmpty()) {
      throw new IllegalArgumentException(where + "\"vgtid\" must cover exactly this shard, but covers "
          + position.shardGtids().stream().map(s -> s.keyspace() + "/" + s.shard()).toList());
    }
    long ordinal = 0;
    Object o = offset.get(ORDINAL);
    if (o != null) {
      if (!(o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte)
          || ((Number) o).longValue() < 0) {
        throw new IllegalArgumentException(where + "\"ordinal\" must be a whole number at least 0, was " + o);
      }
      ordinal = ((Number) o).longValue();
    }
    return new Stored(position, ordinal, false);
  }
}
