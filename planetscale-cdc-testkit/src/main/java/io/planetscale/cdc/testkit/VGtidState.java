package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole VGTID of one VStream call, as vtgate keeps it: one entry per shard of the call, each with
 * the shard's last position sent and the tables whose copy is under way ({@code table_p_ks}). Every
 * VGTID event carries all of it. Entries start as the request gave them (gtid {@code "current"} or
 * {@code ""} until the shard reports a position). Used by the call's thread only.
 */
final class VGtidState {
  private static final class Entry {
    final String keyspace;
    final String shard;
    String gtid;
    final Map<String, TableLastPK> tablePks = new LinkedHashMap<>();

    Entry(String keyspace, String shard, String gtid) {
      this.keyspace = keyspace;
      this.shard = shard;
      this.gtid = gtid;
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /** Adds a shard in request order, with the table_p_ks the request gave it. */
  void add(String keyspace, String shard, String gtid, List<TableLastPK> tablePks) {
    Entry e = new Entry(keyspace, shard, gtid);
    for (TableLastPK pk : tablePks) {
      e.tablePks.put(pk.getTableName(), pk);
    }
    entries.add(e);
  }

  int size() {
    return entries.size();
  }

  void position(String shard, String gtid) {
    entry(shard).gtid = gtid;
  }

  String position(String shard) {
    return entry(shard).gtid;
  }

  /** Records a copy batch's last key of {@code table} (vtgate folds each LASTPK event in like this). */
  void lastPk(String shard, String table, QueryResult lastpk) {
    entry(shard).tablePks.put(table, TableLastPK.newBuilder().setTableName(table).setLastpk(lastpk).build());
  }

  /** A table's copy finished: its entry leaves {@code table_p_ks}. */
  void copied(String shard, String table) {
    entry(shard).tablePks.remove(table);
  }

  VGtid toProto() {
    VGtid.Builder v = VGtid.newBuilder();
    for (Entry e : entries) {
      v.addShardGtids(ShardGtid.newBuilder().setKeyspace(e.keyspace).setShard(e.shard).setGtid(e.gtid)
          .addAllTablePKs(e.tablePks.values()));
    }
    return v.build();
  }

  private Entry entry(String shard) {
    for (Entry e : entries) {
      if (e.shard.equals(shard)) {
        return e;
      }
    }
    throw new IllegalStateException("no VGTID entry for shard " + shard); // shards are checked at the start
  }
}
