package io.planetscale.cdc.grpc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The resumable position of a keyspace stream: Vitess's {@code binlogdata.VGtid}, one
 * {@link ShardGtid} per shard, each naming a keyspace and shard at most once. Immutable. A stream
 * started at a {@code VGtid} delivers exactly what came after it on every shard. The shard list
 * changes when the keyspace is resharded ({@link TransactionListener#onReshard}).
 *
 * <h2>JSON form</h2>
 *
 * <p>{@link #toJson()} writes, and {@link #fromJson(String)} reads, a stable and versioned JSON
 * document. Version 1, written compact, members in the order shown:
 *
 * <pre>{@code
 * {"v":1,"shard_gtids":[
 *   {"keyspace":"commerce","shard":"-80","gtid":"MySQL56/4c8f0a1e-7f5d-11ee-9d5e-0242ac120002:1-42",
 *    "table_p_ks":[{"table":"customer","lastpk":{
 *       "fields":[{"name":"id","type":"INT64","charset":63,"flags":49667}],
 *       "row":["MTIzNA=="]}}]},
 *   {"keyspace":"commerce","shard":"80-","gtid":"current"}]}
 * }</pre>
 *
 * <ul>
 *   <li>{@code v}: the format version, the integer {@code 1}. A reader rejects versions it does not know.
 *   <li>{@code shard_gtids}: the shards in order, each an object with {@code keyspace}, {@code shard}
 *       and {@code gtid} (strings, required) and {@code table_p_ks} (array, omitted when empty).
 *   <li>A {@code table_p_ks} entry has {@code table} (string, required) and {@code lastpk} (omitted
 *       for a table whose copy has not started).
 *   <li>{@code lastpk}: {@code fields}, an array of the key columns, and {@code row}, an array with one
 *       value per field. A field has {@code name} and {@code type} (the Vitess type name, as in
 *       {@link io.planetscale.cdc.VitessType}, e.g. {@code "INT64"}, {@code "VARBINARY"}), then
 *       those of {@code table}, {@code org_table}, {@code database}, {@code org_name},
 *       {@code column_length}, {@code charset}, {@code decimals}, {@code flags},
 *       {@code column_type} that are not empty or zero (the attributes of Vitess's
 *       {@code query.Field}, strings and non-negative integers). A value is the standard padded
 *       Base64 of its bytes (e.g. {@code "MTIzNA=="} for the text {@code 1234}), or {@code null} for
 *       SQL NULL; its type and collation are its field's.
 * </ul>
 *
 * <p>The reader is strict: unknown or repeated members, missing required members, values of the
 * wrong JSON type, invalid Base64, unknown type names, a keyspace and shard given twice, and anything
 * after the document are rejected with an {@link IllegalArgumentException} that names the JSON path
 * (e.g. {@code shard_gtids[1].table_p_ks[0].lastpk.fields[0].type}) and what was wrong. A key read
 * back equals the key written, value for value, type and bytes.
 *
 * @param shardGtids the position on each shard, in order (unmodifiable)
 */
public record VGtid(List<ShardGtid> shardGtids) {

  /**
   * Validates the list and makes it unmodifiable.
   *
   * @param shardGtids the position on each shard, in order
   * @throws NullPointerException if the list or an entry is null
   * @throws IllegalArgumentException if a keyspace and shard appear twice
   */
  public VGtid {
    shardGtids = List.copyOf(Objects.requireNonNull(shardGtids, "shardGtids"));
    Set<String> seen = new HashSet<>();
    for (ShardGtid s : shardGtids) {
      if (!seen.add(s.keyspace() + "/" + s.shard())) {
        throw new IllegalArgumentException("keyspace \"" + s.keyspace() + "\", shard \"" + s.shard()
            + "\" appears twice in the position");
      }
    }
  }

  /**
   * A position from its shards.
   *
   * @param shardGtids the position on each shard, in order
   * @return the position
   * @throws IllegalArgumentException if a keyspace and shard appear twice
   */
  public static VGtid of(ShardGtid... shardGtids) {
    return new VGtid(List.of(shardGtids));
  }

  /**
   * The position on one shard.
   *
   * @param keyspace the keyspace
   * @param shard the shard, e.g. {@code -80}
   * @return the shard's entry, empty if the position does not cover that shard
   */
  public Optional<ShardGtid> shard(String keyspace, String shard) {
    for (ShardGtid s : shardGtids) {
      if (s.keyspace().equals(keyspace) && s.shard().equals(shard)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * A copy in which one shard's position is replaced, in its place, or added at the end if the
   * position did not cover that keyspace and shard.
   *
   * @param shardGtid the shard's new position
   * @return the copy
   */
  public VGtid withShard(ShardGtid shardGtid) {
    Objects.requireNonNull(shardGtid, "shardGtid");
    List<ShardGtid> copy = new ArrayList<>(shardGtids);
    for (int i = 0; i < copy.size(); i++) {
      ShardGtid s = copy.get(i);
      if (s.keyspace().equals(shardGtid.keyspace()) && s.shard().equals(shardGtid.shard())) {
        copy.set(i, shardGtid);
        return new VGtid(copy);
      }
    }
    copy.add(shardGtid);
    return new VGtid(copy);
  }

  /**
   * The shards covered, e.g. {@code [-80, 80-]}. A position spanning keyspaces may name a shard
   * once per keyspace; {@link #shardGtids()} tells them apart.
   *
   * @return the shard names in order (unmodifiable)
   */
  public List<String> shards() {
    List<String> names = new ArrayList<>(shardGtids.size());
    for (ShardGtid s : shardGtids) {
      names.add(s.shard());
    }
    return List.copyOf(names);
  }

  /** @return true while a copy is in progress on some shard ({@link ShardGtid#isCopying()}) */
  public boolean isCopying() {
    for (ShardGtid s : shardGtids) {
      if (s.isCopying()) {
        return true;
      }
    }
    return false;
  }

  /**
   * This position in its JSON form (described above), compact, always the same text for equal positions.
   *
   * @return the JSON
   */
  public String toJson() {
    return VGtidJsonWriter.write(this);
  }

  /**
   * Reads a position from its JSON form (described above).
   *
   * @param json the JSON
   * @return the position
   * @throws IllegalArgumentException naming the JSON path and what is wrong, if the text is not a
   *     valid version 1 document
   * @throws NullPointerException if {@code json} is null
   */
  public static VGtid fromJson(String json) {
    return VGtidJsonReader.read(Objects.requireNonNull(json, "json"));
  }
}
