package io.planetscale.cdc.grpc;

import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Filter;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Rule;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The {@code VStream} request that streams one table on one shard, as PlanetScale's own connectors
 * shape it (wire-format §7.6): one {@code ShardGtid}, one filter rule selecting every column, and
 * the cells alias. Columns are never projected server-side: a filter naming a dropped column fails
 * the stream with "failed to build table replication plan", so projection is the client's job.
 */
final class VStreamTableRequest {
  /** The cell alias PlanetScale's connectors send to read from every cell. */
  static final String ALL_CELLS = "planetscale_operator_default";

  private final String table;
  private final String keyspace;
  private final String shard;
  private final io.planetscale.cdc.wire.internal.proto.topodata.TabletType tabletType;
  private final String cells;
  private final boolean minimizeSkew;
  private final int heartbeatSeconds;
  private final Filter filter;

  /**
   * @param cells the cells to read from; empty for every cell (the {@link #ALL_CELLS} alias)
   * @param minimizeSkew set vtgate's {@code minimize_skew} (only when asked: it holds shards back by
   *     event time and rules out transaction chunking)
   * @param heartbeatInterval how often an idle vtgate sends HEARTBEAT events; zero for never
   */
  VStreamTableRequest(String table, String keyspace, String shard, TabletType tabletType, List<String> cells,
      boolean minimizeSkew, Duration heartbeatInterval) {
    this.table = requireNonEmpty(table, "table");
    this.keyspace = requireNonEmpty(keyspace, "keyspace");
    this.shard = requireNonEmpty(shard, "shard");
    this.tabletType = topodata(Objects.requireNonNull(tabletType, "tabletType"));
    this.cells = joinCells(cells);
    this.minimizeSkew = minimizeSkew;
    this.heartbeatSeconds = seconds(Objects.requireNonNull(heartbeatInterval, "heartbeatInterval"));
    this.filter = Filter.newBuilder()
        .addRules(Rule.newBuilder().setMatch(table).setFilter("SELECT * FROM " + quoteIdentifier(table)))
        .build();
  }

  String table() {
    return table;
  }

  String keyspace() {
    return keyspace;
  }

  String shard() {
    return shard;
  }

  /**
   * The request that streams from {@code from}: its position ({@code ""} copies first,
   * {@code "current"} starts now) and, inside a copy, its last key together with that position, so
   * that the server first catches up the rows already copied and then copies on. The cursor's own
   * keyspace and shard are not used: this request is for one shard, and its events are matched
   * against that shard.
   */
  VStreamRequest request(TableCursor from) {
    ShardGtid.Builder position = ShardGtid.newBuilder().setKeyspace(keyspace).setShard(shard)
        .setGtid(from.position());
    if (from.lastKnownPk() != null) {
      position.addTablePKs(TableLastPK.newBuilder().setTableName(table)
          .setLastpk(ProtoCodec.toProto(from.lastKnownPk())));
    }
    VStreamFlags.Builder flags = VStreamFlags.newBuilder().setCells(cells);
    if (minimizeSkew) {
      flags.setMinimizeSkew(true);
    }
    if (heartbeatSeconds > 0) {
      flags.setHeartbeatInterval(heartbeatSeconds);
    }
    return VStreamRequest.newBuilder()
        .setTabletType(tabletType)
        .setVgtid(VGtid.newBuilder().addShardGtids(position))
        .setFilter(filter)
        .setFlags(flags)
        .build();
  }

  /**
   * The Vitess tablet type (PRIMARY 1, REPLICA 2, RDONLY 3), which numbers differently from the
   * psdbconnect one ({@link TabletType#wireValue()}).
   */
  static io.planetscale.cdc.wire.internal.proto.topodata.TabletType topodata(TabletType type) {
    switch (type) {
      case PRIMARY:
        return io.planetscale.cdc.wire.internal.proto.topodata.TabletType.PRIMARY;
      case REPLICA:
        return io.planetscale.cdc.wire.internal.proto.topodata.TabletType.REPLICA;
      case BATCH:
        return io.planetscale.cdc.wire.internal.proto.topodata.TabletType.RDONLY;
      default:
        throw new IllegalArgumentException("no Vitess tablet type for " + type);
    }
  }

  /** A MySQL identifier in backticks, embedded backticks doubled (Go's {@code sqlescape.EscapeID}). */
  static String quoteIdentifier(String name) {
    return '`' + name.replace("`", "``") + '`';
  }

  static String joinCells(List<String> cells) {
    StringJoiner joined = new StringJoiner(",");
    if (cells != null) {
      for (String cell : cells) {
        if (cell != null && !cell.isBlank()) {
          joined.add(cell.trim());
        }
      }
    }
    return joined.length() == 0 ? ALL_CELLS : joined.toString();
  }

  // VStreamFlags.heartbeat_interval is whole seconds; a positive fraction still asks for heartbeats.
  static int seconds(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("heartbeatInterval must not be negative, was " + d);
    }
    if (d.isZero()) {
      return 0;
    }
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return (int) Math.min(s, Integer.MAX_VALUE);
  }

  private static String requireNonEmpty(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }
}
