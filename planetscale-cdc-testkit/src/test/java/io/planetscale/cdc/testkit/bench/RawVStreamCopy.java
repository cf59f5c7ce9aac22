package io.planetscale.cdc.testkit.bench;

import io.planetscale.cdc.wire.internal.proto.binlogdata.Filter;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Rule;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.topodata.TabletType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * The VStream benchmarks' baseline: one copy of a table on one shard on the raw async stub, decoding
 * nothing — row changes are only counted — until the global COPY_COMPLETED that ends the copy. The
 * request is the SDK's: gtid {@code ""}, one rule with {@code SELECT * FROM `t`}.
 */
final class RawVStreamCopy {
  private RawVStreamCopy() {}

  /** The request that copies {@code table} on {@code shard}. */
  static VStreamRequest request(String keyspace, String shard, String table) {
    return VStreamRequest.newBuilder().setTabletType(TabletType.PRIMARY)
        .setVgtid(VGtid.newBuilder().addShardGtids(ShardGtid.newBuilder().setKeyspace(keyspace).setShard(shard)
            .setGtid("")))
        .setFilter(Filter.newBuilder().addRules(Rule.newBuilder().setMatch(table)
            .setFilter("SELECT * FROM `" + table + "`")))
        .build();
  }

  /**
   * @param stub the generated async stub
   * @param request a copy request
   * @param perEvent told the row count of each ROW event, as it arrives
   * @return the number of rows copied, once the copy is done
   */
  static CompletableFuture<Long> run(VitessGrpc.VitessStub stub, VStreamRequest request, LongConsumer perEvent) {
    return RawCount.<VStreamRequest, VStreamResponse>run(stub::vStream, request, (r, rows) -> {
      for (VEvent e : r.getEventsList()) {
        if (e.getType() == VEventType.ROW) {
          rows.accept(e.getRowEvent().getRowChangesCount());
        } else if (e.getType() == VEventType.COPY_COMPLETED && e.getKeyspace().isEmpty() && e.getShard().isEmpty()) {
          return true; // the global marker: the copy is done
        }
      }
      return false;
    }, perEvent);
  }
}
