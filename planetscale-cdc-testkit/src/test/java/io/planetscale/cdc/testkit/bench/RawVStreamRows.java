package io.planetscale.cdc.testkit.bench;

import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.util.concurrent.CompletableFuture;

/**
 * The VStream benchmarks' baseline for replication: a stream on the raw async stub, decoding nothing
 * — row changes are only counted — cancelled once a given number of them has arrived.
 */
final class RawVStreamRows {
  private RawVStreamRows() {}

  /**
   * @param stub the generated async stub
   * @param request the stream to read
   * @param rows how many row changes to wait for
   * @return the number of row changes read, once there are {@code rows} (or the stream ended)
   */
  static CompletableFuture<Long> until(VitessGrpc.VitessStub stub, VStreamRequest request, long rows) {
    long[] seen = new long[1];
    return RawCount.<VStreamRequest, VStreamResponse>run(stub::vStream, request, (r, counted) -> {
      for (VEvent e : r.getEventsList()) {
        if (e.getType() == VEventType.ROW) {
          counted.accept(e.getRowEvent().getRowChangesCount());
          seen[0] += e.getRowEvent().getRowChangesCount();
        }
      }
      return seen[0] >= rows;
    }, n -> { });
  }
}
