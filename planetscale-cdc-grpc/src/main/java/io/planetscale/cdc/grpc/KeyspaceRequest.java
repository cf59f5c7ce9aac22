package io.planetscale.cdc.grpc;

import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Filter;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Rule;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import java.time.Duration;
import java.util.List;

/**
 * The {@code VStream} request of a keyspace stream: every selected table in one filter (one rule
 * each, every column: projection is the client's, so a DDL cannot break the server's plan), the
 * position to start from as a whole VGTID, the cells alias, and reshard journal events (never
 * {@code stop_on_reshard}, which does not send its journal again after a resume).
 */
final class KeyspaceRequest {
  private final io.planetscale.cdc.wire.internal.proto.topodata.TabletType tabletType;
  private final Filter filter;
  private final VStreamFlags flags;

  /**
   * @param tables the tables to stream, at least one
   * @param tabletType the tablets to read from
   * @param cells the cells; empty for every cell
   * @param minimizeSkew set vtgate's {@code minimize_skew}
   * @param heartbeatInterval how often an idle stream gets a HEARTBEAT; zero for never
   */
  KeyspaceRequest(List<String> tables, TabletType tabletType, List<String> cells, boolean minimizeSkew,
      Duration heartbeatInterval) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a keyspace stream needs at least one table");
    }
    this.tabletType = VStreamTableRequest.topodata(tabletType);
    Filter.Builder f = Filter.newBuilder();
    for (String table : tables) {
      f.addRules(Rule.newBuilder().setMatch(table)
          .setFilter("SELECT * FROM " + VStreamTableRequest.quoteIdentifier(table)));
    }
    this.filter = f.build();
    VStreamFlags.Builder b = VStreamFlags.newBuilder().setCells(VStreamTableRequest.joinCells(cells))
        .setIncludeReshardJournalEvents(true);
    if (minimizeSkew) {
      b.setMinimizeSkew(true);
    }
    int heartbeat = VStreamTableRequest.seconds(heartbeatInterval);
    if (heartbeat > 0) {
      b.setHeartbeatInterval(heartbeat);
    }
    this.flags = b.build();
  }

  /** The request that streams from {@code from}. */
  VStreamRequest request(VGtid from) {
    io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid.Builder v =
        io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid.newBuilder();
    for (ShardGtid s : from.shardGtids()) {
      io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid.Builder sg =
          io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid.newBuilder()
              .setKeyspace(s.keyspace()).setShard(s.shard()).setGtid(s.gtid());
      for (TableLastPk pk : s.tablePks()) {
        TableLastPK.Builder p = TableLastPK.newBuilder().setTableName(pk.table());
        if (pk.lastPk() != null) {
          p.setLastpk(ProtoCodec.toProto(pk.lastPk())); // without one the table is copied from its first row
        }
        sg.addTablePKs(p);
      }
      v.addShardGtids(sg);
    }
    return VStreamRequest.newBuilder().setTabletType(tabletType).setVgtid(v).setFilter(filter).setFlags(flags)
        .build();
  }
}
