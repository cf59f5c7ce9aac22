package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The whole VGTID of one VStream call, as vtgate keeps it: one entry per shard of the call, each with
 * the shard's last position sent and the tables whose copy is under way ({@code table_p_ks}). Every
 * VGTID event carries all of it. Entries start as the request gave them (gtid {@code "current"} or
 * {@code ""} until the shard reports a position, table_p_ks as requested). {@code table_p_ks} changes
 * as vtgate folds in vttablet's LASTPK events: a table's entry is replaced in place, a new table is
 * appended, and a finished table's entry is swapped with the last one and dropped. A reshard replaces
 * its source shards' entries by its target shards, appended at the end. Used by the call's thread only.
 */
final class VGtidState {
  private static final class Entry {
    final String keyspace;
    final String shard;
    String gtid;
    final List<TableLastPK> tablePks = new ArrayList<>();

    Entry(String keyspace, String shard, String gtid) {
      this.keyspace = keyspace;
      this.shard = shard;
      this.gtid = gtid;
    }

    int indexOf(String table) {
      for (int i = 0; i < tablePks.size(); i++) {
        if (tablePks.get(i).getTableName().equals(table)) {
          return i;
        }
      }
      return -1;
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /** Adds a shard in request order, with the table_p_ks the request gave it. */
  void add(String keyspace, String shard, String gtid, List<TableLastPK> tablePks) {
    Entry e = new Entry(keyspace, shard, gtid);
    e.tablePks.addAll(tablePks);
    entries.add(e);
  }

  int size() {
    return entries.size();
  }

  boolean contains(String shard) {
    for (Entry e : entries) {
      if (e.shard.equals(shard)) {
        return true;
      }
    }
    return false;
  }

  /** The shard names, in VGTID order. */
  List<String> shards() {
    List<String> out = new ArrayList<>();
    for (Entry e : entries) {
      out.add(e.shard);
    }
    return out;
  }

  void position(String shard, String gtid) {
    entry(shard).gtid = gtid;
  }

  String position(String shard) {
    return entry(shard).gtid;
  }

  /** Records a copy batch's last key of {@code table} (vtgate folds each LASTPK event in like this). */
  void lastPk(String shard, String table, QueryResult lastpk) {
    Entry e = entry(shard);
    TableLastPK pk = TableLastPK.newBuilder().setTableName(table).setLastpk(lastpk).build();
    int i = e.indexOf(table);
    if (i < 0) {
      e.tablePks.add(pk);
    } else {
      e.tablePks.set(i, pk);
    }
  }

  /** A table's copy finished: its entry leaves {@code table_p_ks} (the last entry takes its place). */
  void copied(String shard, String table) {
    Entry e = entry(shard);
    int i = e.indexOf(table);
    if (i >= 0) {
      int last = e.tablePks.size() - 1;
      e.tablePks.set(i, e.tablePks.get(last));
      e.tablePks.remove(last);
    }
  }

  /** A reshard completed: the participants' entries go, the new shards' come last, at their starting positions. */
  void replace(Collection<String> participants, List<ShardGtid> newShards) {
    entries.removeIf(e -> participants.contains(e.shard));
    for (ShardGtid g : newShards) {
      add(g.getKeyspace(), g.getShard(), g.getGtid(), g.getTablePKsList());
    }
  }

  VGtid toProto() {
    VGtid.Builder v = VGtid.newBuilder();
    for (Entry e : entries) {
      v.addShardGtids(ShardGtid.newBuilder().setKeyspace(e.keyspace).setShard(e.shard).setGtid(e.gtid)
          .addAllTablePKs(e.tablePks));
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
