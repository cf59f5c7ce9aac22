package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code vtgateservice.Vitess/VStream} request as {@link FakePlanetScale} received it, for
 * assertions ({@link FakePlanetScale#vstreamRequests()}).
 *
 * @param tabletType the {@code topodata.TabletType} number asked for (PRIMARY = 1, REPLICA = 2, RDONLY = 3)
 * @param shardGtids the VGTID's entries, in request order
 * @param rules the filter's rules, in order (empty when the request had no filter)
 * @param heartbeatIntervalSeconds {@code flags.heartbeat_interval} (0 = no heartbeats)
 * @param minimizeSkew {@code flags.minimize_skew}
 * @param cells {@code flags.cells}
 * @param excludeKeyspaceFromTableName {@code flags.exclude_keyspace_from_table_name}
 * @param tablesToCopy {@code flags.tables_to_copy}
 * @param deadline the time the call had left when the fake received it, or null when it had none
 */
public record RecordedVStreamRequest(
    int tabletType,
    List<Shard> shardGtids,
    List<Rule> rules,
    long heartbeatIntervalSeconds,
    boolean minimizeSkew,
    String cells,
    boolean excludeKeyspaceFromTableName,
    List<String> tablesToCopy,
    Duration deadline) {

  /**
   * Makes the lists unmodifiable.
   *
   * @param tabletType the tablet type number
   * @param shardGtids the VGTID's entries
   * @param rules the filter's rules
   * @param heartbeatIntervalSeconds the heartbeat interval in seconds
   * @param minimizeSkew the minimize_skew flag
   * @param cells the cells flag
   * @param excludeKeyspaceFromTableName the exclude_keyspace_from_table_name flag
   * @param tablesToCopy the tables_to_copy flag
   * @param deadline the time the call had left, or null
   */
  public RecordedVStreamRequest {
    shardGtids = List.copyOf(shardGtids);
    rules = List.copyOf(rules);
    tablesToCopy = List.copyOf(tablesToCopy);
  }

  /**
   * One {@code ShardGtid} of the request.
   *
   * @param keyspace the keyspace
   * @param shard the shard ({@code ""} = every shard)
   * @param gtid the position: {@code MySQL56/…}, {@code "current"} or {@code ""}
   * @param tablePks the {@code table_p_ks}: table name → its lastpk as column name → value text
   *     (null for NULL), in request order
   */
  public record Shard(String keyspace, String shard, String gtid, Map<String, Map<String, String>> tablePks) {
    /**
     * Makes the map unmodifiable.
     *
     * @param keyspace the keyspace
     * @param shard the shard
     * @param gtid the position
     * @param tablePks the table_p_ks
     */
    public Shard {
      tablePks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tablePks));
    }
  }

  /**
   * One filter rule.
   *
   * @param match a table name or {@code /regex}
   * @param filter {@code ""} or a {@code SELECT}
   */
  public record Rule(String match, String filter) {}

  static RecordedVStreamRequest of(VStreamRequest r, Duration deadline) {
    List<Shard> shards = new ArrayList<>();
    for (ShardGtid g : r.getVgtid().getShardGtidsList()) {
      Map<String, Map<String, String>> pks = new LinkedHashMap<>();
      for (TableLastPK pk : g.getTablePKsList()) {
        pks.put(pk.getTableName(), texts(pk.getLastpk()));
      }
      shards.add(new Shard(g.getKeyspace(), g.getShard(), g.getGtid(), pks));
    }
    List<Rule> rules = new ArrayList<>();
    for (io.planetscale.cdc.wire.internal.proto.binlogdata.Rule rule : r.getFilter().getRulesList()) {
      rules.add(new Rule(rule.getMatch(), rule.getFilter()));
    }
    return new RecordedVStreamRequest(r.getTabletTypeValue(), shards, rules,
        Integer.toUnsignedLong(r.getFlags().getHeartbeatInterval()), r.getFlags().getMinimizeSkew(),
        r.getFlags().getCells(), r.getFlags().getExcludeKeyspaceFromTableName(), r.getFlags().getTablesToCopyList(),
        deadline);
  }

  /** The first row of a lastpk as field name → text; whatever does not decode is left out. */
  private static Map<String, String> texts(QueryResult pk) {
    Map<String, String> out = new LinkedHashMap<>();
    if (pk.getRowsCount() == 0) {
      return out;
    }
    Row row = pk.getRows(0);
    byte[] values = row.getValues().toByteArray();
    int offset = 0;
    for (int i = 0; i < pk.getFieldsCount() && i < row.getLengthsCount(); i++) {
      long length = row.getLengths(i);
      if (length < 0) {
        out.put(pk.getFields(i).getName(), null);
      } else if (offset + length <= values.length) {
        out.put(pk.getFields(i).getName(), new String(values, offset, (int) length, StandardCharsets.UTF_8));
        offset += (int) length;
      }
    }
    return out;
  }
}
