package io.planetscale.cdc.grpc;

import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a keyspace stream stands on each shard, kept so that a resume copies neither too much nor
 * too little. The server's VGTID names, during a copy, only the table being copied; sent back as it
 * is, it would make the server copy every other filtered table again from scratch (vttablet copies
 * every table the filter matches that the request's table_p_ks leave out), and a position taken
 * between two tables (no table_p_ks) would resume as replication only, never copying the tables
 * not yet copied. So each shard keeps the last key of every table whose copy it saw, the finished
 * ones included: their key lies past their last row, so a resume copies nothing of them again, while
 * the tables not yet started, absent from the list, are copied from scratch. A shard in a copy that
 * has no key yet resumes with gtid {@code ""}, a fresh copy.
 *
 * <p>Not thread-safe: one per stream run.
 */
final class KeyspacePosition {
  private final Map<String, ShardState> shards = new LinkedHashMap<>();

  /** What one shard has seen. */
  private static final class ShardState {
    final String keyspace;
    final String shard;
    String gtid;
    /** Table → the last key whose copy was seen, in the order first seen. */
    final Map<String, QueryResult> lastPks = new LinkedHashMap<>();
    /** In a copy that has not completed on this shard. */
    boolean copying;

    ShardState(String keyspace, String shard, String gtid) {
      this.keyspace = keyspace;
      this.shard = shard;
      this.gtid = gtid;
    }
  }

  /**
   * @param start where the stream starts: gtid {@code ""} copies, {@code "current"} starts now, a
   *     position with table keys resumes a copy
   */
  KeyspacePosition(VGtid start) {
    for (ShardGtid s : start.shardGtids()) {
      ShardState state = new ShardState(s.keyspace(), s.shard(), s.gtid());
      for (TableLastPk pk : s.tablePks()) {
        state.lastPks.put(pk.table(), pk.lastPk());
      }
      state.copying = s.gtid().isEmpty() || !s.tablePks().isEmpty();
      shards.put(key(s.keyspace(), s.shard()), state);
    }
  }

  private static String key(String keyspace, String shard) {
    return keyspace + '/' + shard;
  }

  /**
   * Takes a VGTID the server sent: it names every shard of the stream (after a reshard, the new
   * ones), each with its position and the key of the table it is copying.
   */
  void onVgtid(io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid vgtid) {
    Map<String, ShardState> next = new LinkedHashMap<>();
    for (io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid s : vgtid.getShardGtidsList()) {
      String key = key(s.getKeyspace(), s.getShard());
      ShardState state = shards.get(key);
      if (state == null) {
        // A shard first named here: one the request left to the server ("" = every shard), or a new
        // shard after a reshard. It is copying if the request that covers it copies.
        state = new ShardState(s.getKeyspace(), s.getShard(), s.getGtid());
        state.copying = wholeKeyspaceCopying(s.getKeyspace()) || s.getTablePKsCount() > 0;
      }
      state.gtid = s.getGtid();
      for (TableLastPK pk : s.getTablePKsList()) {
        if (pk.hasLastpk()) {
          state.lastPks.put(normalize(pk.getTableName()), ProtoCodec.fromProto(pk.getLastpk()));
        }
      }
      next.put(key, state);
    }
    shards.clear();
    shards.putAll(next);
  }

  /** Whether a request naming the whole keyspace (shard {@code ""}) asked for a copy. */
  private boolean wholeKeyspaceCopying(String keyspace) {
    ShardState all = shards.get(key(keyspace, ""));
    return all != null && all.copying;
  }

  /** The shard's copy is complete: from now on it resumes by position alone. */
  void onCopyCompleted(String keyspace, String shard) {
    ShardState state = shards.get(key(keyspace, shard));
    if (state != null) {
      state.copying = false;
      state.lastPks.clear();
    }
  }

  /** Whether the stream's position names this shard. */
  boolean names(String keyspace, String shard) {
    return shards.containsKey(key(keyspace, shard));
  }

  /** The shard's position now, {@code ""} if not known. */
  String gtid(String keyspace, String shard) {
    ShardState state = shards.get(key(keyspace, shard));
    return state == null ? "" : state.gtid;
  }

  /**
   * The position to resume from: per shard its position and the last key of every table whose copy
   * it saw; a shard in a copy with no key yet starts the copy again ({@code ""}).
   */
  VGtid resumable() {
    List<ShardGtid> list = new ArrayList<>(shards.size());
    for (ShardState s : shards.values()) {
      if (s.copying && s.lastPks.isEmpty()) {
        list.add(new ShardGtid(s.keyspace, s.shard, "", List.of()));
        continue;
      }
      List<TableLastPk> pks = new ArrayList<>(s.lastPks.size());
      for (Map.Entry<String, QueryResult> e : s.lastPks.entrySet()) {
        pks.add(new TableLastPk(e.getKey(), e.getValue()));
      }
      list.add(new ShardGtid(s.keyspace, s.shard, s.gtid, pks));
    }
    return new VGtid(list);
  }

  /** A table name as the server sends it ({@code ks.t}, or {@code t}) without its keyspace. */
  static String normalize(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }
}
