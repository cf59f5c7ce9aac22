package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.binlogdata.Filter;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Rule;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.topodata.TabletType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fixtures for keyspace-wide VStream tests: tables {@code a}, {@code b}, {@code c} ({@code id, name}) on
 * two shards, one request over every shard with one filter rule per table, and views of what the
 * responses say per shard.
 */
final class KeyspaceStreamSupport {
  static final List<String> TABLES = List.of("a", "b", "c");

  private KeyspaceStreamSupport() {}

  /** A fake on {@code -80}, {@code 80-} with tables a, b, c holding ids 1..{@code rows} each. */
  static VStreamTestSupport.Env threeTables(int rows, String... shards) {
    VStreamTestSupport.Env env = new VStreamTestSupport.Env(FakePlanetScale.builder()
        .shards(shards.length == 0 ? new String[] {"-80", "80-"} : shards));
    for (String t : List.of("c", "a", "b")) { // created out of order: the copy goes by name
      env.fake.createTable(ServerTestSupport.idTable(t));
      List<Map<String, Object>> all = new ArrayList<>();
      for (long id = 1; id <= rows; id++) {
        all.add(Map.of("id", id, "name", t + id));
      }
      env.fake.insertAll(t, all);
    }
    return env;
  }

  /** One rule per table ({@code SELECT * FROM `t`}), PRIMARY, the given shard entries. */
  static VStreamRequest.Builder request(ShardGtid.Builder... shards) {
    VGtid.Builder vgtid = VGtid.newBuilder();
    for (ShardGtid.Builder s : shards) {
      vgtid.addShardGtids(s);
    }
    Filter.Builder filter = Filter.newBuilder();
    for (String t : TABLES) {
      filter.addRules(Rule.newBuilder().setMatch(t).setFilter("SELECT * FROM `" + t + "`"));
    }
    return VStreamRequest.newBuilder().setTabletType(TabletType.PRIMARY).setVgtid(vgtid).setFilter(filter);
  }

  static ShardGtid.Builder shard(FakePlanetScale fake, String shard, String gtid) {
    return ShardGtid.newBuilder().setKeyspace(fake.keyspace()).setShard(shard).setGtid(gtid);
  }

  /** A table_p_ks entry: {@code table}'s copy is done up to id {@code lastId}. */
  static TableLastPK lastPk(String table, long lastId) {
    return TableLastPK.newBuilder().setTableName(table).setLastpk(QueryResult.newBuilder()
        .addFields(Field.newBuilder().setName("id")).addRows(SyncTestSupport.row(List.of(Long.toString(lastId)))))
        .build();
  }

  /** The ids in 1..{@code max} that live on {@code shard}, ascending. */
  static List<Long> idsOn(FakePlanetScale fake, String shard, long max) {
    List<Long> out = new ArrayList<>();
    for (long id = 1; id <= max; id++) {
      if (fake.shardOf("a", id).equals(shard)) {
        out.add(id);
      }
    }
    return out;
  }

  /** The ids of {@code table}'s copy rows (ROW events without timestamp) from {@code shard}, in order. */
  static List<Long> copied(List<VStreamResponse> responses, String shard, String table) {
    return rowIds(responses, shard, table, true);
  }

  /** The ids of {@code table}'s replicated rows (ROW events with a timestamp) from {@code shard}, in order. */
  static List<Long> replicated(List<VStreamResponse> responses, String shard, String table) {
    return rowIds(responses, shard, table, false);
  }

  private static List<Long> rowIds(List<VStreamResponse> responses, String shard, String table, boolean copy) {
    List<Long> out = new ArrayList<>();
    for (VEvent e : VStreamTestSupport.ofType(responses, VEventType.ROW)) {
      if (e.getShard().equals(shard) && e.getRowEvent().getTableName().endsWith("." + table)
          && (e.getTimestamp() == 0) == copy) {
        for (var c : e.getRowEvent().getRowChangesList()) {
          out.add(Long.parseLong(ServerTestSupport.texts(c.hasAfter() ? c.getAfter() : c.getBefore()).get(0)));
        }
      }
    }
    return out;
  }

  /** The tables whose copy {@code shard} started (copy FIELD events), in order. */
  static List<String> copyFields(List<VStreamResponse> responses, String shard) {
    List<String> out = new ArrayList<>();
    for (VEvent e : VStreamTestSupport.ofType(responses, VEventType.FIELD)) {
      if (e.getShard().equals(shard) && e.getTimestamp() == 0) {
        String name = e.getFieldEvent().getTableName();
        out.add(name.substring(name.lastIndexOf('.') + 1));
      }
    }
    return out;
  }

  /** The table_p_ks table names of {@code shard}'s entry in a VGTID event. */
  static List<String> tablePkNames(VEvent vgtid, String shard) {
    List<String> out = new ArrayList<>();
    for (ShardGtid g : vgtid.getVgtid().getShardGtidsList()) {
      if (g.getShard().equals(shard)) {
        for (TableLastPK pk : g.getTablePKsList()) {
          out.add(pk.getTableName());
        }
      }
    }
    return out;
  }

  /** The shard names of a VGTID event, in order. */
  static List<String> shardsOf(VEvent vgtid) {
    List<String> out = new ArrayList<>();
    for (ShardGtid g : vgtid.getVgtid().getShardGtidsList()) {
      out.add(g.getShard());
    }
    return out;
  }

  /** How many events of {@code type} (with a keyspace, i.e. per shard) a list of responses holds. */
  static long count(List<VStreamResponse> responses, VEventType type) {
    return VStreamTestSupport.ofType(responses, type).stream().filter(e -> !e.getKeyspace().isEmpty()).count();
  }
}
